using System;
using System.Buffers;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Factory.Gates;

namespace Factory.Ledger.Relational;

/// <summary>
/// The SQL of the gate tables (<c>gate_items</c>, <c>gate_decisions</c>) and of the gate's audit
/// entries, the same text for every database. An item is still pending while its input has no outcome.
/// </summary>
internal static class GateRows
{
    /// <summary>The columns <see cref="ReadItem"/> reads, from <c>gate_items g</c>.</summary>
    public const string ItemColumns =
        "g.run_id, g.gate, g.material_id, g.root, g.parent_id, g.sequence, g.payload_type, g.payload_json, g.presented_json, g.approvers, g.four_eyes, g.parked, g.deadline, g.on_timeout, g.tenant, g.submitter, g.trace";

    /// <summary>The columns of the item's decision, after <see cref="ItemColumns"/>, from <c>gate_decisions d</c>.</summary>
    public const string DecisionColumns = "d.kind, d.approver, d.time, d.reason, d.edited_json";

    /// <summary>Joins an item to its decision (if any) and its input (whose outcome ends it).</summary>
    public const string Joined =
        " FROM gate_items g LEFT JOIN gate_decisions d ON d.run_id = g.run_id AND d.gate = g.gate AND d.material_id = g.material_id"
        + " LEFT JOIN inputs i ON i.run_id = g.run_id AND i.sequence = g.root";

    public static int Insert(DbConnection connection, DbTransaction? transaction, GateParking parking, string payloadType, string payloadJson, string? presentedJson, DateTimeOffset now)
    {
        GateItemKey key = parking.Key;
        return Sql.Execute(
            connection,
            transaction,
            """
            INSERT INTO gate_items (run_id, gate, material_id, root, parent_id, sequence, payload_type, payload_json, presented_json, approvers, four_eyes, parked, deadline, on_timeout, tenant, submitter, trace)
            VALUES (@run, @gate, @material, @root, @parent, @sequence, @type, @payload, @presented, @approvers, @four_eyes, @parked, @deadline, @on_timeout, @tenant, @submitter, @trace)
            ON CONFLICT (run_id, gate, material_id) DO NOTHING
            """,
            ("@run", key.RunId),
            ("@gate", key.Gate),
            ("@material", key.MaterialId),
            ("@root", parking.Root),
            ("@parent", parking.ParentId),
            ("@sequence", parking.Sequence),
            ("@type", payloadType),
            ("@payload", payloadJson),
            ("@presented", presentedJson),
            ("@approvers", GateJson.WriteApprovers(parking.Gate.Approvers)),
            ("@four_eyes", parking.Gate.FourEyes ? 1 : 0),
            ("@parked", Time.Text(now)),
            ("@deadline", now + parking.Timeout is { } deadline ? Time.Text(deadline) : null),
            ("@on_timeout", parking.Gate.OnTimeout.ToString()),
            ("@tenant", parking.Job.Tenant),
            ("@submitter", parking.Job.Submitter),
            ("@trace", parking.Trace));
    }

    /// <summary>Records <paramref name="decision"/> unless the item has one: the primary key keeps one per item. False when it had one.</summary>
    public static bool InsertDecision(DbConnection connection, DbTransaction transaction, GateDecision decision, string? editedJson) =>
        Sql.Execute(
            connection,
            transaction,
            """
            INSERT INTO gate_decisions (run_id, gate, material_id, kind, approver, time, reason, edited_json)
            VALUES (@run, @gate, @material, @kind, @approver, @time, @reason, @edited)
            ON CONFLICT (run_id, gate, material_id) DO NOTHING
            """,
            ("@run", decision.Item.RunId),
            ("@gate", decision.Item.Gate),
            ("@material", decision.Item.MaterialId),
            ("@kind", decision.Kind.ToString()),
            ("@approver", decision.Approver),
            ("@time", Time.Text(decision.Time)),
            ("@reason", decision.Reason),
            ("@edited", editedJson)) == 1;

    /// <summary>One attempt's audit entry, in the ledger's append-only audit.</summary>
    public static void Audit(DbConnection connection, DbTransaction transaction, GateAuditEntry entry) =>
        Sql.Audit(connection, transaction, Time.Text(entry.Time), entry.Actor, AuditActions.GateDecision, entry.Tenant, entry.Item.RunId, AuditDetail(entry));

    /// <summary>The item's row as read from <see cref="ItemColumns"/> at <paramref name="at"/>.</summary>
    public static StoredItem ReadItem(DbDataReader reader, int at = 0)
    {
        var key = new GateItemKey(reader.GetString(at), reader.GetString(at + 1), reader.GetInt64(at + 2));
        return new StoredItem(
            key,
            reader.GetInt64(at + 3),
            reader.GetInt64(at + 4),
            reader.GetInt64(at + 5),
            reader.GetString(at + 6),
            reader.GetString(at + 7),
            reader.IsDBNull(at + 8) ? null : reader.GetString(at + 8),
            GateJson.ReadApprovers(reader.GetString(at + 9)),
            Convert.ToInt64(reader.GetValue(at + 10), CultureInfo.InvariantCulture) != 0,
            Time.Parse(reader.GetString(at + 11)),
            reader.IsDBNull(at + 12) ? null : Time.Parse(reader.GetString(at + 12)),
            Enum.Parse<GateTimeout>(reader.GetString(at + 13)),
            reader.GetString(at + 14),
            reader.IsDBNull(at + 15) ? null : reader.GetString(at + 15),
            reader.IsDBNull(at + 16) ? null : reader.GetString(at + 16));
    }

    /// <summary>The decision read from <see cref="DecisionColumns"/> at <paramref name="at"/>, or null when the item has none.</summary>
    public static StoredDecision? ReadDecision(DbDataReader reader, GateItemKey key, int at)
    {
        if (reader.IsDBNull(at))
        {
            return null;
        }

        return new StoredDecision(
            key,
            Enum.Parse<GateDecisionKind>(reader.GetString(at)),
            reader.GetString(at + 1),
            Time.Parse(reader.GetString(at + 2)),
            reader.IsDBNull(at + 3) ? null : reader.GetString(at + 3),
            reader.IsDBNull(at + 4) ? null : reader.GetString(at + 4));
    }

    /// <summary>
    /// The inputs of run <paramref name="runId"/> with no outcome yet whose every material waits at a
    /// gate, as the writer last held them (<see cref="Hold"/>): their items and what they had reached.
    /// </summary>
    public static List<HeldRoot> HeldRoots(DbConnection connection, DbTransaction? transaction, string runId)
    {
        var items = new Dictionary<long, (List<GateItemKey> Items, int Delivered, int DeadLettered, int Discarded)>();
        using (DbCommand command = Sql.Command(
            connection,
            transaction,
            """
            SELECT g.root, g.gate, g.material_id, coalesce(i.delivered, 0), coalesce(i.dead_lettered, 0), coalesce(i.discarded, 0)
            FROM gate_items g LEFT JOIN inputs i ON i.run_id = g.run_id AND i.sequence = g.root
            WHERE g.run_id = @run AND g.held = 1 AND i.outcome IS NULL
            ORDER BY g.root, g.material_id
            """,
            ("@run", runId)))
        using (DbDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                long root = reader.GetInt64(0);
                if (!items.TryGetValue(root, out var held))
                {
                    held = ([], Int(reader, 3), Int(reader, 4), Int(reader, 5));
                    items[root] = held;
                }

                held.Items.Add(new GateItemKey(runId, reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var roots = new List<HeldRoot>(items.Count);
        foreach ((long root, var held) in items)
        {
            roots.Add(new HeldRoot(root, held.Items, held.Delivered, held.DeadLettered, held.Discarded));
        }

        return roots;
    }

    /// <summary>See <see cref="BatchWriter.HoldAtGates"/>: the input's items held are exactly <paramref name="held"/>'s.</summary>
    public static void Hold(DbConnection connection, DbTransaction? transaction, string runId, HeldRoot held)
    {
        Sql.Execute(
            connection,
            transaction,
            "UPDATE gate_items SET held = 0 WHERE run_id = @run AND root = @root AND held = 1",
            ("@run", runId),
            ("@root", held.Root));
        foreach (GateItemKey item in held.Items)
        {
            Sql.Execute(
                connection,
                transaction,
                "UPDATE gate_items SET held = 1 WHERE run_id = @run AND gate = @gate AND material_id = @material",
                ("@run", runId),
                ("@gate", item.Gate),
                ("@material", item.MaterialId));
        }

        // The input's row may still wait for the next batch (PendingRows carries it): this makes it, and its insert then only counts the entry.
        Sql.Execute(
            connection,
            transaction,
            """
            INSERT INTO inputs (run_id, sequence, material_id, entries, delivered, dead_lettered, discarded) VALUES (@run, @root, @material, 0, @delivered, @dead, @discarded)
            ON CONFLICT (run_id, sequence) DO UPDATE SET delivered = excluded.delivered, dead_lettered = excluded.dead_lettered, discarded = excluded.discarded
            WHERE inputs.outcome IS NULL
            """,
            ("@run", runId),
            ("@root", held.Root),
            ("@material", MaterialIds.Root(held.Root)),
            ("@delivered", held.Delivered),
            ("@dead", held.DeadLettered),
            ("@discarded", held.Discarded));
    }

    private static int Int(DbDataReader reader, int at) => Convert.ToInt32(reader.GetValue(at), CultureInfo.InvariantCulture);

    public static GateAuditEntry ReadAudit(string actor, string? tenant, DateTimeOffset time, string detail)
    {
        using var document = JsonDocument.Parse(detail);
        JsonElement root = document.RootElement;
        var key = new GateItemKey(root.GetProperty("run").GetString()!, root.GetProperty("gate").GetString()!, root.GetProperty("material").GetInt64());
        return new GateAuditEntry(
            key,
            actor,
            tenant,
            time,
            root.GetProperty("verdict").GetString()!,
            root.GetProperty("accepted").GetBoolean(),
            root.TryGetProperty("refusal", out JsonElement refusal) ? refusal.GetString() : null,
            root.GetProperty("before").GetString()!,
            root.GetProperty("after").GetString()!);
    }

    private static string AuditDetail(GateAuditEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("run", entry.Item.RunId);
            json.WriteString("gate", entry.Item.Gate);
            json.WriteNumber("material", entry.Item.MaterialId);
            json.WriteString("verdict", entry.Verdict);
            json.WriteBoolean("accepted", entry.Accepted);
            if (entry.Refusal is { } refusal)
            {
                json.WriteString("refusal", refusal);
            }

            json.WriteString("before", entry.Before);
            json.WriteString("after", entry.After);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
