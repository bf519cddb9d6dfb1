using System;
using System.Text;

namespace TensorDsl.Generators.Emit
{
    /// <summary>A small indented text writer for generated C#.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private int _indent;

        /// <summary>Writes one line at the current indentation (an empty line has no trailing spaces).</summary>
        public CodeWriter Line(string text = "")
        {
            if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
            _sb.Append('\n');
            return this;
        }

        /// <summary>Writes <paramref name="header"/> (unless empty), an opening brace, and indents until the returned scope is disposed.</summary>
        public IDisposable Block(string header)
        {
            if (header.Length > 0) Line(header);
            Line("{");
            _indent++;
            return new Scope(this);
        }

        /// <summary>Indents by <paramref name="levels"/> (default 1) without braces until disposed.</summary>
        public IDisposable Indent(int levels = 1)
        {
            _indent += levels;
            return new Scope(this, braces: false, levels);
        }

        /// <inheritdoc/>
        public override string ToString() => _sb.ToString();

        private sealed class Scope : IDisposable
        {
            private readonly CodeWriter _writer;
            private readonly bool _braces;
            private readonly int _levels;

            public Scope(CodeWriter writer, bool braces = true, int levels = 1)
            {
                _writer = writer;
                _braces = braces;
                _levels = levels;
            }

            public void Dispose()
            {
                _writer._indent -= _levels;
                if (_braces) _writer.Line("}");
            }
        }
    }
}
