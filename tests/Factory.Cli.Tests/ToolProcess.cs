using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Factory.Cli.Tests;

/// <summary>
/// The <c>factory</c> tool as its own process (Factory.Cli.dll beside the tests): it has none of the
/// plant's types and never ran a line, so it knows no gate's payload check — unlike this test process.
/// </summary>
public static class ToolProcess
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Factory.Cli.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new CliResult(process.ExitCode, await output, await error);
    }
}
