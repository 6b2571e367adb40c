using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Ledger.Postgres;
using Factory.Testing;
using TicketTriage.Cli;
using TicketTriage.Running;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>The sample records into a shared PostgreSQL ledger when <c>--ledger</c> is a connection string.</summary>
public sealed class PostgresLedgerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"tickettriage-pg-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Host=db;Database=factory", true)]
    [InlineData("server=10.0.0.5;database=factory;username=w", true)]
    [InlineData("out/ledger.db", false)]
    [InlineData("/var/lib/factory/host-ledger.db", false)]
    public void A_ledger_argument_is_a_connection_string_when_it_names_a_host(string value, bool connection) =>
        Assert.Equal(connection, SampleLedger.IsConnectionString(value));

    [Fact]
    public async Task A_run_with_a_connection_string_records_every_ticket_in_PostgreSQL_and_no_file_is_made()
    {
        await using TempDatabase database = await TempDatabase.CreateAsync();
        string output = Path.Combine(folder, "outcomes.jsonl");
        Assert.True(TriageOptions.TryParse(["--count", "1600", "--out", output, "--plain", "--ledger", database.ConnectionString], out TriageOptions options, out string? error), error);

        Assert.Equal(0, await TriageRunner.RunAsync(options, CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(folder, "ledger.db")));
        await using var ledger = new PostgresLedger(database.ConnectionString, new PostgresLedgerOptions { Inputs = TicketTriage.Serialization.TriageJsonContext.Lines });
        RunRecord run = Assert.Single(await ledger.ListRunsAsync());
        Assert.Equal(RunStatus.AwaitingDecision, run.Status); // its refunds above 200.00 wait at the gate
        Assert.Equal(1_597, run.Inputs);
        int waiting = (await ledger.Gates.WaitingAsync(run.RunId)).Count;
        Assert.InRange(waiting, 1, 100);
        Assert.Equal(1_597 - waiting, run.InputsDone);
        Assert.Equal(5, run.DeadLetters);
    }
}
