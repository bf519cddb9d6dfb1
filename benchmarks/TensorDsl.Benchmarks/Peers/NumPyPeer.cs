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
        private static readonly Lazy<(string? Python, PeerStatus Status)> s_probe = new(ProbePython);

        /// <summary>Whether NumPy runs here: its version and the BLAS library it loaded, or why not and how to enable it.</summary>
        public static PeerStatus Probe() => s_probe.Value.Status;

        /// <summary>A Python interpreter that imports NumPy, or null.</summary>
        public static string? FindPython() => s_probe.Value.Python;

        private static (string? Python, PeerStatus Status) ProbePython()
        {
            string script = Path.Combine(AppContext.BaseDirectory, "Peers", "numpy_peer.py");
            foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
            {
                try
                {
                    var info = new ProcessStartInfo(candidate) { RedirectStandardError = true, RedirectStandardOutput = true };
                    info.ArgumentList.Add(script);
                    info.ArgumentList.Add("--probe");
                    using var p = Process.Start(info);
                    if (p is null) continue;
                    string output = p.StandardOutput.ReadToEnd();
                    p.WaitForExit(20000);
                    if (!p.HasExited || p.ExitCode != 0) continue;
                    var parts = output.Trim().Split('\t');
                    string blas = parts.Length > 1 ? parts[1] : "unknown BLAS";
                    // NumPy without OpenBLAS (the reference BLAS) is a much slower peer than the one the numbers in docs/ use.
                    if (!blas.Contains("openblas", StringComparison.OrdinalIgnoreCase))
                    {
                        return (candidate, new PeerStatus("numpy", true, $"{parts[0]} via {candidate}, BLAS {blas}: NOT OpenBLAS, slower than the documented peer; " +
                            $"enable OpenBLAS: {PeerStatus.SetupCommand}", null));
                    }
                    return (candidate, new PeerStatus("numpy", true, $"{parts[0]} via {candidate}, {blas}", null));
                }
                catch (System.ComponentModel.Win32Exception)
                {
                }
            }
            return (null, new PeerStatus("numpy", false, "no python3 here imports numpy", $"{PeerStatus.SetupCommand} (or: sudo apt-get install python3-numpy libopenblas0-pthread)"));
        }

        /// <summary>Median milliseconds per case name; empty when NumPy is not available.</summary>
        public static Dictionary<string, double> Run(IReadOnlyList<BenchCase> cases)
        {
            var result = new Dictionary<string, double>();
            string? python = FindPython();
            if (python is null || cases.Count == 0) return result;
            string json = Path.GetTempFileName();
            File.WriteAllText(json, JsonSerializer.Serialize(cases.Select(c => new { name = c.Name, spec = c.Spec, shapes = c.Shapes, dtype = c.Double ? "f64" : "f32", code = c.NumPyCode })));
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
