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

        /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
        public IDisposable Block(string header)
        {
            Line(header);
            Line("{");
            _indent++;
            return new Scope(this);
        }

        /// <summary>Indents without braces until disposed.</summary>
        public IDisposable Indent()
        {
            _indent++;
            return new Scope(this, braces: false);
        }

        /// <inheritdoc/>
        public override string ToString() => _sb.ToString();

        private sealed class Scope : IDisposable
        {
            private readonly CodeWriter _writer;
            private readonly bool _braces;

            public Scope(CodeWriter writer, bool braces = true)
            {
                _writer = writer;
                _braces = braces;
            }

            public void Dispose()
            {
                _writer._indent--;
                if (_braces) _writer.Line("}");
            }
        }
    }
}
