using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using TicketTriage.Cli;
using TicketTriage.Running;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>
/// A SQLite ledger made by a real run of the example factory (samples/TicketTriage): 300 tickets of
/// tenant <c>default</c>, 2 dead letters at Normalize, refunds waiting at RefundLine/ApproveRefund,
/// spam discarded. Made once for the tests that share it; about 5 seconds.
/// </summary>
public sealed class ExampleLedger : IAsyncLifetime
{
    private readonly string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "factory-cli-example-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(folder, "factory.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        string[] args = ["--count", "300", "--out", System.IO.Path.Combine(folder, "outcomes.jsonl"), "--ledger", Path, "--plain"];
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);
        Assert.Equal(0, await TriageRunner.RunAsync(options, CancellationToken.None));
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
