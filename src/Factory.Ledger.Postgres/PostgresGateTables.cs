namespace Factory.Ledger.Postgres;

/// <summary>
/// The gate store's tables in PostgreSQL (see <c>LedgerGateStore</c>): materials parked at gates, and
/// the one decision of each, whose primary key refuses a second. Decision attempts go to the audit
/// table; a decision's transaction notifies <see cref="Channel"/> with its run id.
/// </summary>
internal static class PostgresGateTables
{
    /// <summary>The channel a decision is notified on (<c>LISTEN factory_gate_decisions</c>).</summary>
    public const string Channel = "factory_gate_decisions";

    /// <summary>The tables, each with the rights a ledger needs on it.</summary>
    public static readonly (string Table, string[] Rights)[] Tables =
    [
        ("gate_items", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("gate_decisions", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
    ];

    public const string Create = """
        CREATE TABLE gate_items (
            run_id          text NOT NULL,
            gate            text NOT NULL,
            material_id     bigint NOT NULL,
            root            bigint NOT NULL,
            parent_id       bigint NOT NULL,
            sequence        bigint NOT NULL,
            payload_type    text NOT NULL,
            payload_json    text NOT NULL,
            presented_json  text,
            approvers       text NOT NULL,
            four_eyes       integer NOT NULL,
            parked          text NOT NULL,
            deadline        text,
            on_timeout      text NOT NULL,
            tenant          text NOT NULL,
            submitter       text,
            trace           text,
            PRIMARY KEY (run_id, gate, material_id)
        );

        CREATE TABLE gate_decisions (
            run_id          text NOT NULL,
            gate            text NOT NULL,
            material_id     bigint NOT NULL,
            kind            text NOT NULL,
            approver        text NOT NULL,
            time            text NOT NULL,
            reason          text,
            edited_json     text,
            PRIMARY KEY (run_id, gate, material_id)
        );
        """;
}
