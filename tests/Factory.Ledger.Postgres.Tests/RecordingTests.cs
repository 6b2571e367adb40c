using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace Factory.Ledger.Postgres.Tests;

public sealed class RecordingTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_run_with_full_provenance_records_the_run_inputs_materials_attempts_and_dead_letters()
    {
        await using var ledger = new PostgresLedger(database.ConnectionString, database.Options);
        var journal = new Journal();
        var line = new OrderLine(new Receive(journal), new Ship(journal));
        var job = new JobOrder("job-1", "acme") { Labels = ImmutableDictionary<string, string>.Empty.Add("source", "test") };
        var orders = Runs.Orders(10, i => i switch { 3 => "bad one", 7 => "late one", _ => $"order {i}" });

        (LineReport report, var outputs) = await Runs.RunAsync(line, orders, Runs.With(ledger, "full-1", job));

        Assert.Equal(8, outputs.Count);
        RunRecord run = (await ledger.GetRunAsync("full-1"))!;
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("OrderLine", run.Line);
        Assert.Equal(LineFingerprint.Sha256(OrderLine.Descriptor), run.LineHash);
        Assert.Equal("acme", run.Job.Tenant);
        Assert.Equal("test", run.Job.Labels["source"]);
        Assert.Equal(1, run.Starts);
        Assert.NotNull(run.Ended);
        Assert.Equal((10L, 10L, 2L), (run.Inputs, run.InputsDone, run.DeadLetters));
        Assert.Contains(await ledger.ListRunsAsync(new RunQuery { Tenant = "acme", Status = RunStatus.Completed }), r => r.RunId == "full-1");

        var inputs = await ledger.ListInputsAsync("full-1");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), inputs.Select(i => i.Sequence));
        Assert.All(inputs, i => Assert.Equal(1, i.Entries));
        Assert.All(inputs, i => Assert.NotNull(i.InputHash));
        Assert.Equal(InputOutcome.DeadLettered, inputs[3].Outcome);
        Assert.Equal(InputOutcome.DeadLettered, inputs[7].Outcome);
        Assert.Equal(8, inputs.Count(i => i.Outcome == InputOutcome.Delivered));

        var materials = await ledger.ListMaterialsAsync("full-1");
        Assert.Equal(10, materials.Count);
        Assert.Equal((MaterialOutcome.DeadLettered, "Receive"), (materials.Single(m => m.Id == 4).Outcome, materials.Single(m => m.Id == 4).Station));
        Assert.Single(await ledger.ListMaterialsAsync("full-1", root: 3));

        var failed = await ledger.GetProvenanceAsync("full-1", materialId: 4);
        Assert.Equal([1, 2], failed.Select(e => e.Attempt));
        Assert.All(failed, e => Assert.Equal(ExecutionOutcome.Failed, e.Outcome));
        Assert.Contains("order 3 is bad", failed[0].Message, StringComparison.Ordinal);
        Assert.Equal(["Receive", "Ship"], (await ledger.GetProvenanceAsync("full-1", materialId: 1)).Select(e => e.Station));
        Assert.Equal(10 + 1 + 9, database.Scalar("SELECT count(*) FROM executions WHERE run_id = 'full-1'"));

        var letters = await ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "full-1" });
        Assert.Equal(2, letters.Count);
        DeadLetterRecord bad = letters.Single(l => l.Station == "Receive");
        Assert.Equal((2, DeadLetterInputStatus.Serialized, "acme"), (bad.Attempts, bad.InputStatus, bad.Tenant));
        Assert.Equal(typeof(Order).FullName, bad.InputType);
        Assert.Equal(new Order(3, "bad one"), JsonSerializer.Deserialize(bad.InputJson!, LedgerJson.Default.Order));
        DeadLetterRecord late = letters.Single(l => l.Station == "Ship");
        Assert.Equal(typeof(TimeoutException).FullName, late.ExceptionType);
        Assert.Equal(new Checked(7, "late one"), JsonSerializer.Deserialize(late.InputJson!, LedgerJson.Default.Checked));
        Assert.Equal(report.DeadLettered, letters.Count);
        Assert.Equal(bad, await ledger.GetDeadLetterAsync(bad.Id));
        Assert.Equal(0, database.Scalar("SELECT count(*) FROM leases WHERE run_id = 'full-1'"));
    }

    [Fact]
    public async Task Each_provenance_level_records_what_it_promises_and_a_split_finishes_its_input_once()
    {
        await using var ledger = new PostgresLedger(database.ConnectionString, database.Options);
        var journal = new Journal();
        var orders = Runs.Orders(6, i => i == 2 ? "bad two" : $"order {i}");
        foreach ((ProvenanceLevel level, string id) in new[] { (ProvenanceLevel.None, "level-none"), (ProvenanceLevel.Summary, "level-summary"), (ProvenanceLevel.Full, "level-full") })
        {
            await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), orders, Runs.With(ledger, id, level: level));
        }

        // None: inputs and dead letters only; Summary adds materials and failed attempts; Full adds every attempt.
        Assert.Equal((6, 0, 0), Counts("level-none"));
        Assert.Equal((6, 6, 2), Counts("level-summary"));
        Assert.Equal((6, 6, 2 + 5 + 5), Counts("level-full"));
        Assert.All(new[] { "level-none", "level-summary", "level-full" }, id => Assert.Equal(1, database.Scalar($"SELECT count(*) FROM dead_letters WHERE run_id = '{id}'")));

        // Orders split into 0, 1 or 2 parts; the gather emits every group (an empty one too), so each input is delivered once.
        (LineReport report, var shipped) = await Runs.RunAsync(new AssemblyLine(new Explode(), new Assemble()), Runs.Orders(6), Runs.With(ledger, "split"));
        Assert.Equal(LineOutcome.Completed, report.Outcome);
        Assert.Equal(["0 of 0", "1 of 1", "2 of 2", "0 of 0", "1 of 1", "2 of 2"], shipped.OrderBy(s => s.Id).Select(s => s.Text));
        var inputs = await ledger.ListInputsAsync("split");
        Assert.All(inputs, i => Assert.Equal((InputOutcome.Delivered, 1), (i.Outcome!.Value, i.Delivered)));
        var parts = await ledger.ListMaterialsAsync("split", root: 2);
        Assert.Equal(new[] { (3L, 0L), (MaterialIds.Child(3, 0), 3L), (MaterialIds.Child(3, 1), 3L) }.OrderBy(m => m.Item1), parts.Select(m => (m.Id, m.ParentId)));

        (long Inputs, long Materials, long Executions) Counts(string id) => (
            database.Scalar($"SELECT count(*) FROM inputs WHERE run_id = '{id}' AND outcome IS NOT NULL"),
            database.Scalar($"SELECT count(*) FROM materials WHERE run_id = '{id}'"),
            database.Scalar($"SELECT count(*) FROM executions WHERE run_id = '{id}'"));
    }

    [Fact]
    public async Task The_audit_is_append_only()
    {
        await using var ledger = new PostgresLedger(database.ConnectionString, database.Options);
        AuditEntry entry = await ledger.AppendAuditAsync("carol", "line.paused", "run-9", "for maintenance", "audit-tenant");
        Assert.True(entry.Id > 0);

        foreach (string change in new[] { "UPDATE audit SET actor = 'mallory'", "DELETE FROM audit", "TRUNCATE audit" })
        {
            var refused = Assert.Throws<PostgresException>(() => database.Execute(change));
            Assert.Contains("the audit is append-only", refused.MessageText, StringComparison.Ordinal);
        }

        AuditEntry kept = Assert.Single(await ledger.ListAuditAsync(new AuditQuery { Tenant = "audit-tenant" }));
        Assert.Equal(("carol", "line.paused", "run-9", "for maintenance"), (kept.Actor, kept.Action, kept.Target, kept.Detail));
        Assert.Equal(entry.Time, kept.Time);
    }
}
