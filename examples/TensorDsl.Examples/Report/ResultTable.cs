using System;
using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.Examples.Report
{
    /// <summary>One row of the examples' report.</summary>
    /// <param name="Program">What ran (a spec or a program name).</param>
    /// <param name="Backend">"cpu" or the device it ran on.</param>
    /// <param name="Shape">The operand shapes.</param>
    /// <param name="MaxError">Largest |kernel − interpreter| relative to the largest |interpreter| value.</param>
    /// <param name="Tolerance">The error the row must stay within to pass.</param>
    /// <param name="Milliseconds">Median time of one call.</param>
    public sealed record ResultRow(string Program, string Backend, string Shape, double MaxError, double Tolerance, double Milliseconds)
    {
        /// <summary>True when the error is within tolerance.</summary>
        public bool Passed => MaxError <= Tolerance;
    }

    /// <summary>Collects rows and prints them as an aligned table.</summary>
    public sealed class ResultTable
    {
        private readonly List<ResultRow> _rows = new();

        /// <summary>All rows so far.</summary>
        public IReadOnlyList<ResultRow> Rows => _rows;

        /// <summary>Adds a row and prints it at once, so that long runs show progress.</summary>
        public void Add(ResultRow row)
        {
            if (_rows.Count == 0) PrintHeader();
            _rows.Add(row);
            Console.WriteLine($"{row.Program,-26} {row.Backend,-10} {row.Shape,-26} {row.MaxError,10:0.0e+00} {row.Milliseconds,10:0.000}  {(row.Passed ? "ok" : $"FAIL (tolerance {row.Tolerance:0.0e+00})")}");
        }

        private static void PrintHeader()
        {
            Console.WriteLine($"{"program",-26} {"backend",-10} {"shapes",-26} {"max error",10} {"time (ms)",10}  check");
            Console.WriteLine(new string('-', 92));
        }

        /// <summary>Number of failed rows.</summary>
        public int Failures => _rows.Count(r => !r.Passed);
    }
}
