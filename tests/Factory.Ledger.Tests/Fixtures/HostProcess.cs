using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Testing;

namespace Factory.Ledger.Tests;

/// <summary>Starts the test host (tests/Factory.Ledger.TestHost; its LEDGER argument is <see cref="TempLedger.HostArgument"/>) as a child process the kill tests can kill, and waits for it.</summary>
internal static class HostProcess
{
    /// <summary>Starts <c>dotnet TestHost.dll</c> with <paramref name="arguments"/>, its output redirected.</summary>
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(ChildHost.Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ChildHost.Assembly("Factory.Ledger.TestHost"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the test host");
    }

    /// <summary>Waits for the host to exit (at most <paramref name="seconds"/>); its exit code, output and errors.</summary>
    public static async Task<Ended> WaitAsync(Process host, int seconds = 60)
    {
        int pid = host.Id;
        Task<string> output = host.StandardOutput.ReadToEndAsync();
        Task<string> errors = host.StandardError.ReadToEndAsync();
        try
        {
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            host.Kill(entireProcessTree: true);
            throw new TimeoutException($"the test host (process {pid}) did not end within {seconds} s");
        }

        return new Ended(pid, host.ExitCode, await output, await errors);
    }

    /// <summary>Waits until the lease a killed host left on its run has expired (at once when there is none, or no ledger yet).</summary>
    public static async Task WaitForLeaseExpiryAsync(TempLedger temp)
    {
        if (temp.ScalarOrZero("SELECT count(*) FROM leases") == 0)
        {
            return;
        }

        var lease = temp.Rows("SELECT expires FROM leases");
        DateTimeOffset expires = DateTimeOffset.Parse((string)lease[0][0]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        TimeSpan left = expires - DateTimeOffset.UtcNow;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>How a host ended.</summary>
    public sealed record Ended(int Pid, int ExitCode, string Output, string Errors)
    {
        /// <summary>The exit, the output, and the first lines of the errors (a FailFast's stack is long).</summary>
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"process {Pid} exit {ExitCode}: {Output.Trim()} {string.Join(" | ", Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(2))}");
    }
}
