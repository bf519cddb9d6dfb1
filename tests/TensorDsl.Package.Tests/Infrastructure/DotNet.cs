using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;

namespace TensorDsl.Package.Tests.Infrastructure
{
    /// <summary>The outcome of one <c>dotnet</c> command: exit code and everything it printed.</summary>
    public sealed record CommandResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
    {
        /// <summary>A readable summary for assertion messages.</summary>
        public override string ToString() => $"`{CommandLine}` exited {ExitCode} after {Elapsed.TotalSeconds:F1} s:\n{Output}";
    }

    /// <summary>Runs the <c>dotnet</c> CLI the tests are running under, quietly and without leaving build nodes behind.</summary>
    public static class DotNet
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

        /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
        public static CommandResult Run(string workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo(DotNetHost())
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            // No MSBuild server or reusable nodes: they would outlive the test and keep its output pipes open.
            start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            // The test host's own MSBuild/SDK variables (set when running under `dotnet test`) must not leak into the child.
            foreach (var name in new List<string>(EnvironmentNames()))
            {
                if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) &&
                    !name.Equals("MSBUILDDISABLENODEREUSE", StringComparison.OrdinalIgnoreCase))
                {
                    start.Environment.Remove(name);
                }
            }

            var output = new StringBuilder();
            using var outputClosed = new ManualResetEventSlim();
            using var errorClosed = new ManualResetEventSlim();
            var stopwatch = Stopwatch.StartNew();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data == null) outputClosed.Set(); else lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data == null) errorClosed.Set(); else lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            // The timed wait returns at exit even if a grandchild (a compiler server) still holds the pipes open.
            if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {Timeout}.");
            }
            // Let the readers drain what is already in the pipes; a lingering grandchild only costs this bounded wait.
            outputClosed.Wait(TimeSpan.FromSeconds(5));
            errorClosed.Wait(TimeSpan.FromSeconds(5));
            stopwatch.Stop();
            string text;
            lock (output) text = output.ToString();
            return new CommandResult("dotnet " + string.Join(' ', arguments), process.ExitCode, text, stopwatch.Elapsed);
        }

        private static IEnumerable<string> EnvironmentNames()
        {
            foreach (var key in Environment.GetEnvironmentVariables().Keys) yield return (string)key;
        }

        /// <summary>The <c>dotnet</c> host running this test (so the same SDK builds the consumer), else the one on PATH.</summary>
        private static string DotNetHost()
        {
            var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost)) return fromHost;
            var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
            return "dotnet";
        }
    }
}
