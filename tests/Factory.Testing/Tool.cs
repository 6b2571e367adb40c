using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Testing;

/// <summary>Runs a program with an argument list (no shell) and returns its output, or throws with it.</summary>
internal static class Tool
{
    /// <summary>The OS user PostgreSQL's programs run as when we are root (they refuse root).</summary>
    internal const string PostgresUser = "postgres";

    internal static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a PostgreSQL program: as the postgres user through runuser when we are root, else as ourselves.</summary>
    internal static Task<string> RunPostgresAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout) =>
        IsRoot
            ? RunAsync("runuser", ["-u", PostgresUser, "--", program, .. arguments], timeout)
            : RunAsync(program, arguments, timeout);

    /// <summary>As <see cref="RunPostgresAsync"/>, returning the exit code instead of throwing.</summary>
    internal static Task<(int ExitCode, string Output)> TryRunPostgresAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout) =>
        IsRoot
            ? TryRunAsync("runuser", ["-u", PostgresUser, "--", program, .. arguments], timeout)
            : TryRunAsync(program, arguments, timeout);

    internal static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var (exitCode, output) = await TryRunAsync(program, arguments, timeout).ConfigureAwait(false);
        return exitCode == 0
            ? output
            : throw new IOException($"{program} {string.Join(' ', arguments)} exited with {exitCode}: {output.Trim()}");
    }

    /// <summary>Runs the program and returns its exit code and its stdout and stderr together.</summary>
    internal static async Task<(int ExitCode, string Output)> TryRunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be able to read the test's directory; / it can.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new IOException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout.TotalSeconds} s.");
        }
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
