using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Ledger.Postgres.Tests;

public sealed class DeadLetterTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_dead_letter_replays_through_a_newer_line_once_and_a_discard_is_audited_and_final()
    {
        await using var ledger = new PostgresLedger(database.ConnectionString, database.Options);
        var journal = new Journal();

        // Orders 1 and 4 fail at Receive (they hold an Order); order 2 at Ship (it holds a Checked).
        await Runs.RunAsync(
            new OrderLine(new Receive(journal), new Ship(journal)),
            Runs.Orders(6, i => i switch { 1 or 4 => "bad", 2 => "late", _ => "ok" }),
            Runs.With(ledger, "orders", new JobOrder("job-7", "acme")));
        var atReceive = await ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders", Station = "Receive" });
        Assert.Equal(2, atReceive.Count);

        ReplayResult<Shipped> result = await ledger.ReplayAsync(
            atReceive[0].Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order,
            new ReplayOptions { Actor = "alice", Reason = "Receive v2 takes bad orders" });
        Assert.Equal(new Shipped(1, "fixed"), Assert.Single(result.Outputs));
        DeadLetterRecord replayed = (await ledger.GetDeadLetterAsync(atReceive[0].Id))!;
        Assert.Equal((DeadLetterStatus.Replayed, "alice", result.RunId, InputOutcome.Delivered), (replayed.Status, replayed.ResolvedBy, replayed.ReplayRunId, replayed.ReplayOutcome));
        Assert.Equal([atReceive[0].Id], (await ledger.GetRunAsync(result.RunId))!.ReplayOf);
        AuditEntry claim = Assert.Single(await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterReplayed }));
        Assert.Equal(("alice", $"dead-letter:{atReceive[0].Id}"), (claim.Actor, claim.Target));

        // A letter is resolved once: no second replay, no discard after it.
        await Assert.ThrowsAsync<LedgerException>(() => ledger.ReplayAsync(
            atReceive[0].Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "alice" }));
        await Assert.ThrowsAsync<LedgerException>(() => ledger.DiscardDeadLetterAsync(atReceive[0].Id, "dave", "too late"));

        await ledger.DiscardDeadLetterAsync(atReceive[1].Id, "dave", "customer cancelled the order");
        DeadLetterRecord discarded = (await ledger.GetDeadLetterAsync(atReceive[1].Id))!;
        Assert.Equal((DeadLetterStatus.Discarded, "dave", "customer cancelled the order"), (discarded.Status, discarded.ResolvedBy, discarded.Reason));
        AuditEntry audit = Assert.Single(await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.DeadLetterDiscarded }));
        Assert.Equal(("dave", "acme", "reason: customer cancelled the order"), (audit.Actor, audit.Tenant, audit.Detail));
        var refused = await Assert.ThrowsAsync<LedgerException>(() => ledger.DiscardDeadLetterAsync(atReceive[1].Id, "dave", "again"));
        Assert.Contains("is discarded, not open", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LedgerException>(() => ledger.DiscardDeadLetterAsync(999_999, "dave", "no such letter"));

        // The open letter left is the one at Ship, holding a Checked; a line taking orders cannot replay it.
        DeadLetterRecord open = Assert.Single(await ledger.ListDeadLettersAsync(new DeadLetterQuery { RunId = "orders", Status = DeadLetterStatus.Open }));
        Assert.Equal(typeof(Checked).FullName, open.InputType);
        var wrongType = await Assert.ThrowsAsync<LedgerException>(() => ledger.ReplayAsync(
            open.Id, new OrderLineV2(new ReceiveV2(journal), new Ship(journal)), LedgerJson.Default.Order, new ReplayOptions { Actor = "erin" }));
        Assert.Contains(typeof(Checked).FullName!, wrongType.Message, StringComparison.Ordinal);
        Assert.Equal(3, database.Scalar("SELECT count(*) FROM dead_letters WHERE run_id = 'orders'"));
    }
}
