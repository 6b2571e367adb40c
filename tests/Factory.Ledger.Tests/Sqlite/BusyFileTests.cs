using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// A real transient error: another connection holds the file's write lock (<c>BEGIN EXCLUSIVE</c>) for
/// longer than the ledger's busy timeout (30 s), so the writer's batch fails with SQLITE_BUSY. The writer
/// waits it out and writes the batch again; the heartbeat, which cannot renew the lease meanwhile, does
/// not give the run up; the stations wait on MaxPending; the run completes with every row.
/// </summary>
public sealed class BusyFileTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_file_locked_longer_than_the_busy_timeout_is_waited_out_and_the_run_completes_with_every_input_once()
    {
        const int count = 2000;
        const int maxPending = 400;
        await using var temp = (SqliteTempLedger)await new SqliteFixture().OpenAsync(LedgerSettings.Default with { BatchSize = 100, MaxPending = maxPending });
        var line = new FinishLine(new Receive(new Journal()), new Finish(new ConcurrentDictionary<int, bool>()));
        LineRun<Order, Checked> run = line.Start(Runs.With(temp.Ledger, "busy"));
        Task<int> reading = Task.Run(async () =>
        {
            int outputs = 0;
            await foreach (Checked _ in run.Output.ReadAllAsync())
            {
                outputs++;
            }

            return outputs;
        });
        var locking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task feeding = Task.Run(async () =>
        {
            foreach (Order order in Runs.Orders(count))
            {
                // The rest of the orders come while the file is locked.
                if (order.Id == 200)
                {
                    await locking.Task;
                }

                await run.Input.WriteAsync(order);
            }

            run.Input.Complete();
        });

        // Once the first outcomes are in, take the file's write lock for longer than the busy timeout.
        while (temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL") == 0)
        {
            await Task.Delay(5);
        }

        var locked = Stopwatch.StartNew();
        long before;
        await using (var blocker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp.DatabasePath, Pooling = false }.ToString()))
        {
            await blocker.OpenAsync();
            using SqliteCommand exclusive = blocker.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();
            before = temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL");
            locking.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(33));
            Assert.Equal(before, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL"));
            Assert.False(run.Completion.IsCompleted, $"the run ended while the file was locked: {(run.Completion.Exception is { } e ? OutageRuns.Messages(e) : "no error")}");
            Assert.InRange(temp.Ledger.Writer.Pending, 1, maxPending + Environment.ProcessorCount + 8);
            exclusive.CommandText = "ROLLBACK";
            await exclusive.ExecuteNonQueryAsync();
        }

        await feeding;
        int outputs = await reading;
        await run.Completion;
        output.WriteLine($"locked {locked.Elapsed.TotalSeconds:0.0} s with {before} outcomes in; {temp.Ledger.Writer.Retries} retries; {outputs} outputs");
        Assert.InRange(temp.Ledger.Writer.Retries, 1, 3);
        Assert.Equal(count, outputs);
        Assert.Equal(count, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome = 'delivered' AND entries = 1"));
        Assert.Equal(count, temp.Scalar("SELECT count(*) FROM materials WHERE outcome = 'delivered'"));
        Assert.Equal(2 * count, temp.Scalar("SELECT count(*) FROM executions"));
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs")[0][0]);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM leases"));
    }
}
