using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary><c>run watch</c> follows a run another ledger object is recording, and ends when the run does.</summary>
public sealed class WatchTests
{
    [Fact]
    public async Task Run_watch_shows_the_counts_moving_and_ends_with_the_run()
    {
        string path = Path.Combine(Path.GetTempPath(), "factory-cli-watch-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using var ledger = new SqliteLedger(path, new SqliteLedgerOptions { Inputs = PlantJson.Default });
            var options = new RunOptions { RunId = "weighing", Job = new JobOrder("job-weighing", "acme"), Observers = [ledger.Observe()] };
            Task running = Task.Run(async () =>
            {
                await foreach (Priced _ in new Weighing(new Weigh()).RunAsync(Enumerable.Range(1, 80).Select(i => new Order(i, i)), options))
                {
                }
            });
            while (await ledger.GetRunAsync("weighing") is null)
            {
                await Task.Delay(10);
            }

            CliResult watch = await Cli.RunAsync(["run", "watch", "weighing", "--interval", "0.05", "--ledger", path, "--tenant", "acme"]);
            await running;
            Assert.Equal(ExitCode.Ok, watch.Exit);
            string[] lines = watch.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.Contains("running: ", StringComparison.Ordinal));
            Assert.Contains("completed: 80 of 80 inputs done, 0 dead letters", lines[^2], StringComparison.Ordinal);
            Assert.Equal("    Weigh: 80 attempts, 0 failed", lines[^1]);
            Assert.True(lines.Length >= 4, watch.Out);
        }
        finally
        {
            PlantLedger.Delete(path);
        }
    }
}
