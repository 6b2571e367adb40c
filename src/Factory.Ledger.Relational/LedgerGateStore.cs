using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;

namespace Factory.Ledger.Relational;

/// <summary>
/// The gate store of a ledger (<see cref="ILedger.Gates"/>): parked items in <c>gate_items</c>, the one
/// decision of each in <c>gate_decisions</c> (its primary key refuses a second one, whichever process
/// races), and every attempt in the ledger's append-only audit. A decision is judged and recorded in one
/// transaction that takes turns with every other on the same item. Times come from the ledger's clock.
/// </summary>
internal sealed class LedgerGateStore : IGateStore
{
    private static readonly SecretRedactor NoSecrets = new(JobSecrets.None);

    private readonly RelationalLedger ledger;
    private readonly GateJson json;

    // The checks of the gates this process runs, by gate path: their payload types read edits back.
    private readonly ConcurrentDictionary<string, GatePayloadCheck> gates = new(StringComparer.Ordinal);

    // Decisions this process's runs took: each is given once per start (a new start gives them again).
    private readonly ConcurrentDictionary<GateItemKey, bool> taken = new();

    public LedgerGateStore(RelationalLedger ledger)
    {
        this.ledger = ledger;
        json = new GateJson(ledger.Settings.Inputs, ledger.TypeName);
    }

    public bool IsDurable => true;

    public TimeProvider Clock => ledger.Settings.Clock;

    public ValueTask<GateItem> ParkAsync(GateParking parking, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parking);
        cancellationToken.ThrowIfCancellationRequested();
        gates[parking.Key.Gate] = parking.Check;
        Type type = parking.Check.ClrType ?? parking.Payload?.GetType() ?? typeof(object);
        var redactor = new SecretRedactor(parking.Job.Secrets);
        string payload = json.Write(parking.Key, parking.HasKept ? parking.Kept : parking.Payload, type, redactor);
        string? presented = json.WritePresented(parking.Presented, parking.Payload, redactor);
        using DbConnection connection = ledger.Store.OpenConnection();

        // A key already parked keeps its first row (a started-again run parks again what it cannot know was parked).
        GateRows.Insert(connection, null, parking, GatePayloadChecks.TypeName(type), payload, presented, Clock.GetUtcNow());
        taken.TryRemove(parking.Key, out _);
        StoredItem stored = Find(connection, null, parking.Key)?.Item
            ?? throw new LedgerException($"The ledger lost {parking.Key} as it parked it.");
        return ValueTask.FromResult(stored.Item(parking.Payload));
    }

    public ValueTask<GateDecisionResult> DecideAsync(GateItemKey item, GateActor actor, GateVerdict verdict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(verdict);
        cancellationToken.ThrowIfCancellationRequested();
        GateDecisionResult result;
        using DbConnection connection = ledger.Store.OpenConnection();

        // Judged and recorded in one transaction that takes turns with every other on this item, in any process.
        using (DbTransaction transaction = ledger.Store.BeginWrite(connection, "gate:" + item))
        {
            DateTimeOffset now = Clock.GetUtcNow();
            (StoredItem Item, StoredDecision? Decision)? found = Find(connection, transaction, item);
            if (found is not { } row)
            {
                result = GateDecisionResult.Refused($"No {item} is parked in the ledger {ledger.Store.LedgerName}.");
                GateRows.Audit(connection, transaction, GateRules.Audit(item, actor.Name, null, now, verdict.ToString(), result, null));
                transaction.Commit();
                return ValueTask.FromResult(result);
            }

            GateItem parked = row.Item.Item(null);
            GateDecision? before = row.Decision?.Decision(null);
            result = Judge(row.Item, parked, before, actor, verdict, now)
                ?? GateDecisionResult.Recorded(GateRules.Decision(parked, actor, verdict, now));
            if (result.Decision is { } decision)
            {
                string? edited = verdict.IsEdited ? json.Write(item, verdict.EditedPayload, FoundCheck(row.Item)!.ClrType!, NoSecrets) : null;
                if (!GateRows.InsertDecision(connection, transaction, decision, edited))
                {
                    // Another decider's row is there: the key, not the turn-taking, keeps one decision.
                    before = Find(connection, transaction, item)?.Decision?.Decision(null);
                    result = GateDecisionResult.Refused($"{item} is already {before?.Describe() ?? "decided"}.");
                }
                else
                {
                    ledger.Store.SignalDecision(connection, transaction, item.RunId);
                }
            }

            GateRows.Audit(connection, transaction, GateRules.Audit(item, actor.Name, parked.Tenant, now, verdict.ToString(), result, before));
            transaction.Commit();
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<IReadOnlyList<GateItem>> WaitingAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbCommand command = Sql.Command(
            connection,
            null,
            "SELECT " + GateRows.ItemColumns + GateRows.Joined + " WHERE d.material_id IS NULL" + (runId is null ? string.Empty : " AND g.run_id = @run") + " ORDER BY g.parked, g.material_id",
            ("@run", runId));
        var waiting = new List<GateItem>();
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            StoredItem stored = GateRows.ReadItem(reader);
            waiting.Add(stored.Item(Payload(stored)));
        }

        return ValueTask.FromResult<IReadOnlyList<GateItem>>(waiting);
    }

    public ValueTask<IReadOnlyList<DecidedItem>> TakeDecidedAsync(string runId, string gate, CancellationToken cancellationToken = default)
    {
        List<DecidedItem>? decided = null;
        foreach ((StoredItem item, StoredDecision? decision) in Pending(runId, gate, decidedOnly: true, heldOnly: false))
        {
            if (decision is not null && taken.TryAdd(item.Key, true))
            {
                object? payload = Payload(item);
                object? edited = decision.EditedJson is { } edit ? json.Read(edit, FoundCheck(item)?.ClrType, item.Key) : null;
                (decided ??= []).Add(new DecidedItem(item.Item(payload), decision.Decision(edited)));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<DecidedItem>>(decided is null ? [] : decided);
    }

    public ValueTask<int> ExpireAsync(string runId, string gate, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = Clock.GetUtcNow();
        using DbConnection connection = ledger.Store.OpenConnection();

        // Asked at every look of the gate: a write transaction only when something is due.
        using (DbCommand any = Sql.Command(
            connection,
            null,
            "SELECT count(*)" + GateRows.Joined + " WHERE g.run_id = @run AND g.gate = @gate AND d.material_id IS NULL AND g.deadline IS NOT NULL AND g.deadline < @now",
            ("@run", runId),
            ("@gate", gate),
            ("@now", Time.Text(now))))
        {
            if (Convert.ToInt64(any.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return ValueTask.FromResult(0);
            }
        }

        using DbTransaction transaction = ledger.Store.BeginWrite(connection, "gate-expiry:" + runId);
        var due = new List<StoredItem>();
        using (DbCommand command = Sql.Command(
            connection,
            transaction,
            "SELECT " + GateRows.ItemColumns + GateRows.Joined + " WHERE g.run_id = @run AND g.gate = @gate AND d.material_id IS NULL AND g.deadline IS NOT NULL AND g.deadline < @now",
            ("@run", runId),
            ("@gate", gate),
            ("@now", Time.Text(now))))
        using (DbDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                due.Add(GateRows.ReadItem(reader));
            }
        }

        int expired = 0;
        foreach (StoredItem stored in due)
        {
            GateItem item = stored.Item(null);
            GateDecision decision = GateRules.Timeout(item, now);
            if (GateRows.InsertDecision(connection, transaction, decision, null))
            {
                var result = GateDecisionResult.Recorded(decision);
                GateRows.Audit(connection, transaction, GateRules.Audit(item.Key, Decision<object>.TimeoutApprover, item.Tenant, now, "timeout: " + item.OnTimeout, result, null));
                expired++;
            }
        }

        transaction.Commit();
        return ValueTask.FromResult(expired);
    }

    public async ValueTask WaitForDecisionAsync(string runId, TimeSpan longest, CancellationToken cancellationToken) =>
        await ledger.Store.WaitForDecisionAsync(runId, longest, cancellationToken).ConfigureAwait(false);

    public ValueTask<IReadOnlyList<GateAuditEntry>> AuditAsync(string? runId = null, CancellationToken cancellationToken = default)
    {
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbCommand command = Sql.Command(
            connection,
            null,
            "SELECT actor, tenant, time, detail FROM audit WHERE action = @action" + (runId is null ? string.Empty : " AND target = @run") + " ORDER BY id",
            ("@action", AuditActions.GateDecision),
            ("@run", runId));
        var entries = new List<GateAuditEntry>();
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(GateRows.ReadAudit(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), Time.Parse(reader.GetString(2)), reader.GetString(3)));
        }

        return ValueTask.FromResult<IReadOnlyList<GateAuditEntry>>(entries);
    }

    public ValueTask<IReadOnlyList<ParkedMaterial>> RestoreAsync(string runId, string gate, GatePayloadCheck check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        gates[gate] = check;
        var restored = new List<ParkedMaterial>();
        foreach ((StoredItem item, _) in Pending(runId, gate, decidedOnly: false, heldOnly: true))
        {
            // Held again by this start: their decisions are given to it again.
            taken.TryRemove(item.Key, out _);
            restored.Add(new ParkedMaterial(item.Item(json.Read(item.PayloadJson, check.ClrType, item.Key)), item.Root, item.ParentId, item.Sequence, item.Trace));
        }

        return ValueTask.FromResult<IReadOnlyList<ParkedMaterial>>(restored);
    }

    /// <summary>
    /// The items of one gate of one run whose inputs have no outcome yet, with their decisions: only
    /// decided ones, and only those the writer last held (<see cref="GateRows.Hold"/>), when asked.
    /// </summary>
    private List<(StoredItem Item, StoredDecision? Decision)> Pending(string runId, string gate, bool decidedOnly, bool heldOnly)
    {
        using DbConnection connection = ledger.Store.OpenConnection();
        using DbCommand command = Sql.Command(
            connection,
            null,
            "SELECT " + GateRows.ItemColumns + ", " + GateRows.DecisionColumns + GateRows.Joined
            + " WHERE g.run_id = @run AND g.gate = @gate AND i.outcome IS NULL" + (decidedOnly ? " AND d.material_id IS NOT NULL" : string.Empty) + (heldOnly ? " AND g.held = 1" : string.Empty)
            + " ORDER BY g.material_id",
            ("@run", runId),
            ("@gate", gate));
        var rows = new List<(StoredItem, StoredDecision?)>();
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            StoredItem item = GateRows.ReadItem(reader);
            rows.Add((item, GateRows.ReadDecision(reader, item.Key, 17)));
        }

        return rows;
    }

    private static (StoredItem Item, StoredDecision? Decision)? Find(DbConnection connection, DbTransaction? transaction, GateItemKey key)
    {
        using DbCommand command = Sql.Command(
            connection,
            transaction,
            "SELECT " + GateRows.ItemColumns + ", " + GateRows.DecisionColumns + GateRows.Joined + " WHERE g.run_id = @run AND g.gate = @gate AND g.material_id = @material",
            ("@run", key.RunId),
            ("@gate", key.Gate),
            ("@material", key.MaterialId));
        using DbDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        StoredItem item = GateRows.ReadItem(reader);
        return (item, GateRows.ReadDecision(reader, key, 17));
    }

    /// <summary>The payload read back as its gate's type when this process knows it, else as JSON.</summary>
    private object? Payload(StoredItem item) => json.Read(item.PayloadJson, FoundCheck(item)?.ClrType, item.Key);

    private GatePayloadCheck? FoundCheck(StoredItem item) =>
        gates.TryGetValue(item.Key.Gate, out GatePayloadCheck? check) ? check : GatePayloadChecks.Find(item.PayloadType);

    /// <summary>
    /// <see cref="GateRules.Judge"/>, with the check of the item's payload type; an edit this process has
    /// no check for (it neither runs the gate nor registered its check) is refused, saying how to give one.
    /// </summary>
    private GateDecisionResult? Judge(StoredItem stored, GateItem item, GateDecision? before, GateActor actor, GateVerdict verdict, DateTimeOffset now)
    {
        if (FoundCheck(stored) is { ClrType: not null } check)
        {
            return GateRules.Judge(item, before, actor, verdict, now, check);
        }

        if (!verdict.IsEdited)
        {
            return GateRules.Judge(item, before, actor, verdict, now, NoCheck.Instance);
        }

        return GateRules.Judge(item, before, actor, GateVerdict.Approve(), now, NoCheck.Instance)
            ?? GateDecisionResult.Refused(
                $"This process cannot check an edit of {item.Key}: it does not run gate '{item.Key.Gate}' and no check of {stored.PayloadType} is registered. "
                + "Call GatePayloadChecks.Register<TPayload, TGate.GateWork>(...) first, or approve it as it is.");
    }

    /// <summary>What judges a decision that carries no edit: nothing to check.</summary>
    private sealed class NoCheck : GatePayloadCheck
    {
        public static readonly NoCheck Instance = new();

        public override string PayloadType => "(unknown)";

        public override bool IsPayload(object? payload) => false;

        public override IReadOnlyList<string> Problems(object payload) => [];
    }
}
