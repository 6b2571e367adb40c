using System;
using System.Collections.Immutable;
using System.Data.Common;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Tests;

public abstract class RecordingContract(LedgerFixture fixture)
{
    [Fact]
    public async Task Inputs_waiting_in_a_station_are_in_the_ledger_while_the_writer_has_nothing_else_to_write()
    {
        // A row without its outcome may wait for the next batch only when one follows at once: here none does.
        await using TempLedger temp = await fixture.OpenAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var journal = new Journal();
        LineRun<Order, Shipped> run = new HeldLine(new Held(journal, gate, freeBelow: 0), new Ship(journal)).Start(Runs.With(temp.Ledger, "waiting"));
        foreach (Order order in Runs.Orders(5))
        {
            await run.Input.WriteAsync(order);
        }

        run.Input.Complete();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'waiting' AND outcome IS NULL AND entries = 1") < 5
            || temp.Scalar("SELECT count(*) FROM materials WHERE run_id = 'waiting' AND outcome IS NULL") < 5) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(5, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'waiting' AND outcome IS NULL AND entries = 1"));
        Assert.Equal(5, temp.Scalar("SELECT count(*) FROM materials WHERE run_id = 'waiting' AND outcome IS NULL"));

        gate.SetResult();
        await foreach (Shipped _ in run.Output.ReadAllAsync())
        {
        }

        await run.Completion;
        Assert.Equal(5, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'waiting' AND outcome = 'delivered' AND entries = 1"));
        Assert.Equal(5, temp.Scalar("SELECT count(*) FROM materials WHERE run_id = 'waiting' AND outcome = 'delivered'"));
    }

    [Fact]
    public async Task A_run_with_full_provenance_records_the_run_inputs_materials_attempts_and_dead_letters()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var journal = new Journal();
        var line = new OrderLine(new Receive(journal), new Ship(journal));
        var job = new JobOrder("job-1", "acme") { Labels = ImmutableDictionary<string, string>.Empty.Add("source", "test") };
        var orders = Runs.Orders(10, i => i switch { 3 => "bad one", 7 => "late one", _ => $"order {i}" });

        (LineReport report, var outputs) = await Runs.RunAsync(line, orders, Runs.With(temp.Ledger, "run-1", job));

        Assert.Equal(8, outputs.Count);
        RunRecord run = (await temp.Ledger.GetRunAsync("run-1"))!;
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("OrderLine", run.Line);
        Assert.Equal(LineFingerprint.Sha256(OrderLine.Descriptor), run.LineHash);
        Assert.NotEqual(LineFingerprint.Sha256(OrderLineV2.Descriptor), run.LineHash);
        Assert.Equal("acme", run.Job.Tenant);
        Assert.Equal("test", run.Job.Labels["source"]);
        Assert.Equal(1, run.Starts);
        Assert.NotNull(run.Ended);
        Assert.Equal(10, run.Inputs);
        Assert.Equal(10, run.InputsDone);
        Assert.Equal(2, run.DeadLetters);
        Assert.Equal("run-1", Assert.Single(await temp.Ledger.ListRunsAsync(new RunQuery { Tenant = "acme", Status = RunStatus.Completed })).RunId);

        var inputs = await temp.Ledger.ListInputsAsync("run-1");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), inputs.Select(i => i.Sequence));
        Assert.All(inputs, i => Assert.Equal(1, i.Entries));
        Assert.All(inputs, i => Assert.NotNull(i.InputHash));
        Assert.Equal(InputOutcome.DeadLettered, inputs[3].Outcome);
        Assert.Equal(InputOutcome.DeadLettered, inputs[7].Outcome);
        Assert.Equal(8, inputs.Count(i => i.Outcome == InputOutcome.Delivered));

        var materials = await temp.Ledger.ListMaterialsAsync("run-1");
        Assert.Equal(10, materials.Count);
        Assert.Equal(MaterialOutcome.DeadLettered, materials.Single(m => m.Id == 4).Outcome);
        Assert.Equal("Receive", materials.Single(m => m.Id == 4).Station);
        Assert.Equal(4, Assert.Single(await temp.Ledger.ListMaterialsAsync("run-1", root: 3)).Id);

        // Order 3 failed Receive twice; order 0 ran Receive then Ship once each.
        var failed = await temp.Ledger.GetProvenanceAsync("run-1", materialId: 4);
        Assert.Equal(new[] { 1, 2 }, failed.Select(e => e.Attempt));
        Assert.All(failed, e => Assert.Equal(ExecutionOutcome.Failed, e.Outcome));
        Assert.Contains("order 3 is bad", failed[0].Message, StringComparison.Ordinal);
        var fine = await temp.Ledger.GetProvenanceAsync("run-1", materialId: 1);
        Assert.Equal(new[] { "Receive", "Ship" }, fine.Select(e => e.Station));
        // Each attempt records the declared version with the station's code hash beside it.
        Assert.Equal(new[] { Receive.Descriptor.FullVersion, Ship.Descriptor.FullVersion }, fine.Select(e => e.StationVersion));
        Assert.All(fine, e => Assert.Matches("^1\\+[0-9a-f]{16}$", e.StationVersion));
        Assert.Equal(10 + 1 + 9, temp.Scalar("SELECT count(*) FROM executions"));

        var letters = await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "run-1" });
        Assert.Equal(2, letters.Count);
        DeadLetterRecord bad = letters.Single(l => l.Station == "Receive");
        Assert.Equal(2, bad.Attempts);
        Assert.Equal(DeadLetterInputStatus.Serialized, bad.InputStatus);
        Assert.Equal("Factory.Ledger.Tests.Order", bad.InputType);
        Assert.Equal(new Order(3, "bad one"), JsonSerializer.Deserialize(bad.InputJson!, LedgerJson.Default.Order));
        Assert.Equal("acme", bad.Tenant);
        DeadLetterRecord late = letters.Single(l => l.Station == "Ship");
        Assert.Equal("Factory.Ledger.Tests.Checked", late.InputType);
        Assert.Equal(typeof(TimeoutException).FullName, late.ExceptionType);
        Assert.Equal(new Checked(7, "late one"), JsonSerializer.Deserialize(late.InputJson!, LedgerJson.Default.Checked));
        Assert.Equal(report.DeadLettered, letters.Count);
        Assert.Equal(bad, await temp.Ledger.GetDeadLetterAsync(bad.Id));
    }

    [Fact]
    public async Task A_failure_message_with_a_nul_character_is_recorded_and_the_run_completes()
    {
        // PostgreSQL's text cannot hold U+0000; a station's exception can (text from a file, a model, a socket).
        await using TempLedger temp = await fixture.OpenAsync();
        var journal = new Journal();
        var orders = Runs.Orders(5, i => i == 2 ? "bad \0 byte" : $"order {i}");

        (LineReport report, var outputs) = await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), orders, Runs.With(temp.Ledger, "nul"));

        Assert.Equal(4, outputs.Count);
        Assert.Equal(RunStatus.Completed, (await temp.Ledger.GetRunAsync("nul"))!.Status);
        DeadLetterRecord letter = Assert.Single(await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "nul" }));
        Assert.StartsWith("order 2 is bad: bad ", letter.Message, StringComparison.Ordinal);
        Assert.EndsWith(" byte", letter.Message, StringComparison.Ordinal);
        Assert.Equal("order 2 is bad: bad \uFFFD byte", letter.Message);
        Assert.Equal(2, (await temp.Ledger.GetProvenanceAsync("nul", 3)).Count(e => e.Outcome == ExecutionOutcome.Failed));
    }

    [Fact]
    public async Task Completion_means_the_ledger_has_everything()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var journal = new Journal();
        var line = new OrderLine(new Receive(journal), new Ship(journal));
        await Runs.RunAsync(line, Runs.Orders(500), Runs.With(temp.Ledger, "run-1"));

        // No flush: the run's end waited for the writer.
        Assert.Equal(500, temp.Scalar("SELECT count(*) FROM inputs WHERE run_id = 'run-1' AND outcome = 'delivered'"));
        Assert.Equal(1000, temp.Scalar("SELECT count(*) FROM executions"));
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM runs WHERE status = 'completed'"));
    }

    [Theory]
    [InlineData(ProvenanceLevel.None, 0, 0)]
    [InlineData(ProvenanceLevel.Summary, 10, 2)]
    [InlineData(ProvenanceLevel.Full, 10, 20)]
    public async Task Provenance_levels_record_what_they_promise(ProvenanceLevel level, int materials, int executions)
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var journal = new Journal();
        var line = new OrderLine(new Receive(journal), new Ship(journal));
        await Runs.RunAsync(line, Runs.Orders(10, i => i == 3 ? "bad" : "ok"), Runs.With(temp.Ledger, "run-1", level: level));

        Assert.Equal(materials, temp.Scalar("SELECT count(*) FROM materials"));
        Assert.Equal(executions, temp.Scalar("SELECT count(*) FROM executions"));
        if (level == ProvenanceLevel.Summary)
        {
            Assert.Equal(2, temp.Scalar("SELECT count(*) FROM executions WHERE outcome = 'failed'"));
        }

        // Every level keeps what resume and replay need.
        Assert.Equal(10, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL"));
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM dead_letters WHERE input_status = 'serialized'"));
        Assert.Equal(level.ToString().ToLowerInvariant(), temp.Rows("SELECT provenance FROM runs")[0][0]);
    }

    [Fact]
    public async Task Splits_and_gathers_give_every_input_exactly_one_outcome()
    {
        await using TempLedger temp = await fixture.OpenAsync();

        // Id % 4 parts: 0 parts (an empty group is still gathered and delivered), "bad" loses part 1, "allbad" loses every part.
        var orders = Runs.Orders(24, i => (i % 6) switch { 1 => "bad", 2 => "allbad", _ => "fine" });
        var line = new AssemblyLine(new Explode(), new Polish(), new Assemble());
        (LineReport report, var outputs) = await Runs.RunAsync(line, orders, Runs.With(temp.Ledger, "gather"));

        Assert.Equal(24, outputs.Count);
        var inputs = await temp.Ledger.ListInputsAsync("gather");
        Assert.Equal(24, inputs.Count);
        foreach (InputRecord input in inputs)
        {
            int parts = (int)input.Sequence % 4;
            string text = orders[(int)input.Sequence].Text;
            int failed = text == "allbad" ? parts : text == "bad" && parts > 1 ? 1 : 0;
            Assert.Equal(failed > 0 ? InputOutcome.DeadLettered : InputOutcome.Delivered, input.Outcome);
            Assert.Equal(failed, input.DeadLettered);
            Assert.Equal(1, input.Delivered);
        }

        Assert.Equal(report.DeadLettered, temp.Scalar("SELECT count(*) FROM dead_letters"));
        Assert.Equal(24 + inputs.Sum(i => i.Sequence % 4), temp.Scalar("SELECT count(*) FROM materials"));

        // Input 3 (order 3, material 4) split into 3 parts: each part a material whose parent is the order.
        Assert.Equal(
            new[] { (4L, 0L), (MaterialIds.Child(4, 0), 4L), (MaterialIds.Child(4, 1), 4L), (MaterialIds.Child(4, 2), 4L) }.Order(),
            (await temp.Ledger.ListMaterialsAsync("gather", root: 3)).Select(m => (m.Id, m.ParentId)).Order());
    }

    [Fact]
    public async Task A_split_that_gives_nothing_is_filtered_and_routes_that_discard_are_discarded()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        await Runs.RunAsync(new ExplodeLine(new Explode(), new Polish()), Runs.Orders(8), Runs.With(temp.Ledger, "split"));
        await Runs.RunAsync(new SortLine(new Sort(), new KeepIt()), Runs.Orders(8), Runs.With(temp.Ledger, "sort"));

        var split = await temp.Ledger.ListInputsAsync("split");
        Assert.Equal(new[] { InputOutcome.Filtered, InputOutcome.Delivered, InputOutcome.Delivered, InputOutcome.Delivered }, split.Take(4).Select(i => i.Outcome!.Value));
        Assert.Equal(3, split[3].Delivered);
        var sort = await temp.Ledger.ListInputsAsync("sort");
        Assert.All(sort, i => Assert.Equal(i.Sequence % 2 == 0 ? InputOutcome.Delivered : InputOutcome.Discarded, i.Outcome));
        Assert.Equal(4, temp.Scalar("SELECT count(*) FROM materials WHERE run_id = 'sort' AND outcome = 'discarded'"));
    }

    [Fact]
    public async Task Inputs_past_the_material_budget_are_dead_letters_with_their_input()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var journal = new Journal();
        var job = new JobOrder("small", "acme") { Budget = new JobBudget(MaxMaterials: 3) };
        await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(5), Runs.With(temp.Ledger, "budget", job));

        var inputs = await temp.Ledger.ListInputsAsync("budget");
        Assert.Equal(5, inputs.Count);
        Assert.Equal(new[] { InputOutcome.Delivered, InputOutcome.Delivered, InputOutcome.Delivered, InputOutcome.DeadLettered, InputOutcome.DeadLettered }, inputs.Select(i => i.Outcome!.Value));
        var letters = await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "budget" });
        Assert.All(letters, l => Assert.Equal("(entry)", l.Station));
        Assert.All(letters, l => Assert.True(l.CanReplay));
        Assert.All(letters, l => Assert.StartsWith("budget exhausted", l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dead_letter_whose_type_is_not_in_the_resolver_is_kept_with_its_type_name()
    {
        await using (TempLedger temp = await fixture.OpenAsync(new LedgerSettings { Inputs = CheckedOnlyJson.Default }))
        {
            var journal = new Journal();
            await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(4, i => i == 1 ? "bad" : i == 2 ? "late" : "ok"), Runs.With(temp.Ledger, "types"));

            var letters = await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "types" });
            DeadLetterRecord order = letters.Single(l => l.Station == "Receive");
            Assert.Equal(DeadLetterInputStatus.TypeNotInResolver, order.InputStatus);
            Assert.Equal(typeof(Order).FullName, order.InputClrType);
            Assert.Null(order.InputJson);
            Assert.False(order.CanReplay);
            Assert.Equal(DeadLetterInputStatus.Serialized, letters.Single(l => l.Station == "Ship").InputStatus);
        }

        await using (TempLedger temp = await fixture.OpenAsync(new LedgerSettings()))
        {
            var journal = new Journal();
            await Runs.RunAsync(new OrderLine(new Receive(journal), new Ship(journal)), Runs.Orders(2, i => "bad"), Runs.With(temp.Ledger, "none"));
            var letters = await temp.Ledger.ListDeadLettersAsync();
            Assert.Equal(2, letters.Count);
            Assert.All(letters, l => Assert.Equal(DeadLetterInputStatus.NoResolver, l.InputStatus));
            Assert.All(letters, l => Assert.Equal(typeof(Order).FullName, l.InputClrType));
        }
    }

    [Fact]
    public async Task Secrets_never_reach_the_ledger()
    {
        const string Canary = "canary-7f3a9c2e-51d0-4b8e";
        await using TempLedger temp = await fixture.OpenAsync();
        var job = new JobOrder("job-secret", "acme")
        {
            Secrets = new JobSecrets(new System.Collections.Generic.Dictionary<string, string> { ["api-key"] = Canary }),
            Labels = ImmutableDictionary<string, string>.Empty.Add("note", "uses " + Canary),
        };

        // The secret appears in an exception message, in an input that is dead-lettered, in one that is
        // delivered (hashed), in a label and in a run's failure.
        var orders = new[] { new Order(0, "leak " + Canary), new Order(1, "bad " + Canary), new Order(2, "fine " + Canary) };
        var journal = new Journal();
        await Runs.RunAsync(new KeyLine(new UseKey(), new Receive(journal)), orders, Runs.With(temp.Ledger, "secret", job, ProvenanceLevel.Full));

        var letters = await temp.Ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "secret" });
        Assert.Equal(2, letters.Count);
        Assert.All(letters, l => Assert.Contains("***", l.Message, StringComparison.Ordinal));
        Assert.All(letters, l => Assert.Contains("***", l.InputJson, StringComparison.Ordinal));
        Assert.Contains("api-key", (await temp.Ledger.GetRunAsync("secret"))!.Job.SecretNames);

        await temp.Ledger.DisposeAsync();
        byte[] bytes = temp.AllBytes();
        Assert.True(bytes.Length > 0);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Canary)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("7f3a9c2e")));
    }

    [Fact]
    public async Task The_audit_is_append_only()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        AuditEntry entry = await temp.Ledger.AppendAuditAsync("carol", "line.paused", "run-9", "for maintenance", "acme");
        Assert.True(entry.Id > 0);

        // Straight at the database, past the ledger: the database itself refuses.
        Assert.Contains("append-only", Assert.ThrowsAny<DbException>(() => temp.Scalar("UPDATE audit SET actor = 'mallory'")).Message, StringComparison.Ordinal);
        Assert.Contains("append-only", Assert.ThrowsAny<DbException>(() => temp.Scalar("DELETE FROM audit")).Message, StringComparison.Ordinal);

        AuditEntry kept = Assert.Single(await temp.Ledger.ListAuditAsync(new AuditQuery { Tenant = "acme" }));
        Assert.Equal(("carol", "line.paused", "run-9", "for maintenance", entry.Time), (kept.Actor, kept.Action, kept.Target, kept.Detail, kept.Time));
    }

    [Fact]
    public async Task A_run_whose_ledger_is_closed_under_it_ends_with_a_ledger_exception_instead_of_hanging()
    {
        await using TempLedger temp = await fixture.OpenAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var journal = new Journal();
        LineRun<Order, Shipped> run = new HeldLine(new Held(journal, gate), new Ship(journal)).Start(Runs.With(temp.Ledger, "closed"));
        await run.Input.WriteAsync(new Order(1, "ok"));
        await temp.Ledger.DisposeAsync();
        gate.SetResult();
        run.Input.Complete();
        _ = await run.Output.ReadAsync();

        var failure = await Assert.ThrowsAsync<LedgerException>(() => run.Completion).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("closed", failure.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => temp.Ledger.Observe());
    }
}
