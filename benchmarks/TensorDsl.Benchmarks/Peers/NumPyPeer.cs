using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using TensorDsl.Benchmarks.Quick;

namespace TensorDsl.Benchmarks.Peers
{
    /// <summary>
    /// NumPy <c>einsum(optimize=True)</c> (OpenBLAS where NumPy links it), run by <c>numpy_peer.py</c> in a Python
    /// process when one with NumPy exists here (Debian: python3-numpy and libopenblas0-pthread).
    /// </summary>
    public static class NumPyPeer
    {
        /// <summary>A Python interpreter that imports NumPy, or null.</summary>
        public static string? FindPython()
        {
            foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
            {
                try
                {
                    using var p = Process.Start(new ProcessStartInfo(candidate, "-c \"import numpy\"") { RedirectStandardError = true, RedirectStandardOutput = true });
                    if (p is null) continue;
                    p.WaitForExit(20000);
                    if (p.HasExited && p.ExitCode == 0) return candidate;
                }
                catch (System.ComponentModel.Win32Exception)
                {
                }
            }
            return null;
        }

        /// <summary>Median milliseconds per case name; empty when NumPy is not available.</summary>
        public static Dictionary<string, double> Run(IReadOnlyList<BenchCase> cases)
        {
            var result = new Dictionary<string, double>();
            string? python = FindPython();
            if (python is null || cases.Count == 0) return result;
            string json = Path.GetTempFileName();
            File.WriteAllText(json, JsonSerializer.Serialize(cases.Select(c => new { name = c.Name, spec = c.Spec, shapes = c.Shapes, dtype = c.Double ? "f64" : "f32" })));
            string script = Path.Combine(AppContext.BaseDirectory, "Peers", "numpy_peer.py");
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add(json);
            using var process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            File.Delete(json);
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split('\t', 2);
                if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms)) result[parts[1]] = ms;
            }
            return result;
        }
    }
}
