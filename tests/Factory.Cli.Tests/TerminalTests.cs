using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>
/// <c>run watch</c> in a terminal: the <c>factory</c> tool as its own process under a pseudo-terminal
/// (util-linux's <c>script</c>), watching a run this test feeds, renders the counts while the run goes and
/// ends by itself when the run does.
/// </summary>
public sealed class TerminalTests
{
    [Fact]
    public async Task Run_watch_renders_under_a_pseudo_terminal_and_ends_with_the_run()
    {
        string path = Path.Combine(Path.GetTempPath(), "factory-cli-pty-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using var ledger = new SqliteLedger(path, new SqliteLedgerOptions { Inputs = PlantJson.Default });
            var options = new RunOptions { RunId = "weighing-pty", Job = new JobOrder("job-pty", "acme"), Observers = [ledger.Observe()] };
            LineRun<Order, Priced> run = new Weighing(new Weigh()).Start(options);
            Task draining = Task.Run(async () =>
            {
                await foreach (Priced _ in run.Output.ReadAllAsync())
                {
                }
            });
            for (int i = 1; i <= 5; i++)
            {
                await run.Input.WriteAsync(new Order(i, i));
            }

            while (await ledger.GetRunAsync("weighing-pty") is null)
            {
                await Task.Delay(10);
            }

            using Process terminal = StartInTerminal($"run watch weighing-pty --interval 0.05 --ledger '{path}' --tenant acme");
            var output = new StringBuilder();
            Task reading = Task.Run(async () =>
            {
                var buffer = new char[1024];
                int read;
                while ((read = await terminal.StandardOutput.ReadAsync(buffer)) > 0)
                {
                    lock (output)
                    {
                        output.Append(buffer, 0, read);
                    }
                }
            });

            // The run goes on only once the watch has shown it running: the terminal saw it live.
            DateTime until = DateTime.UtcNow.AddMinutes(2);
            while (!Text(output).Contains("running: ", StringComparison.Ordinal))
            {
                Assert.False(terminal.HasExited, "run watch ended before the run did:\n" + Text(output));
                Assert.True(DateTime.UtcNow < until, "run watch showed nothing in 2 minutes:\n" + Text(output));
                await Task.Delay(50);
            }

            for (int i = 6; i <= 40; i++)
            {
                await run.Input.WriteAsync(new Order(i, i));
            }

            run.Input.Complete();
            await run.Completion;
            await draining;
            await terminal.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await reading;

            // A terminal's lines are as wide as the terminal (script's is 80 columns): the console wraps longer ones.
            string shown = Regex.Replace(Text(output), @"\s+", " ");
            Assert.True(terminal.ExitCode == 0, shown);
            int last = shown.LastIndexOf("completed: 40 of 40 inputs done, 0 dead letters", StringComparison.Ordinal);
            Assert.True(last > shown.LastIndexOf("running: ", StringComparison.Ordinal), shown);
            Assert.True(shown.IndexOf("Weigh: 40 attempts, 0 failed", last, StringComparison.Ordinal) > last, shown);
        }
        finally
        {
            PlantLedger.Delete(path);
        }
    }

    /// <summary>The tool under a pseudo-terminal: <c>script -qefc COMMAND /dev/null</c> gives it a terminal for its output and exits with its exit code.</summary>
    private static Process StartInTerminal(string arguments)
    {
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string tool = Path.Combine(AppContext.BaseDirectory, "Factory.Cli.dll");
        foreach (string arg in new[] { "-q", "-e", "-f", "-c", $"dotnet '{tool}' {arguments}", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("NO_COLOR");
        return Process.Start(start) ?? throw new InvalidOperationException("script (util-linux) did not start: install bsdutils");
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
