namespace Factory.Ledger.Sqlite;

/// <summary>
/// The gate store's tables in SQLite (see <c>LedgerGateStore</c>): materials parked at gates, and the
/// one decision of each, whose primary key refuses a second. Decision attempts go to the audit table.
/// </summary>
internal static class SqliteGateTables
{
    public const string Create = """
        CREATE TABLE gate_items (
            run_id          TEXT NOT NULL,
            gate            TEXT NOT NULL,
            material_id     INTEGER NOT NULL,
            root            INTEGER NOT NULL,
            parent_id       INTEGER NOT NULL,
            sequence        INTEGER NOT NULL,
            payload_type    TEXT NOT NULL,
            payload_json    TEXT NOT NULL,
            presented_json  TEXT,
            approvers       TEXT NOT NULL,
            four_eyes       INTEGER NOT NULL,
            parked          TEXT NOT NULL,
            deadline        TEXT,
            on_timeout      TEXT NOT NULL,
            tenant          TEXT NOT NULL,
            submitter       TEXT,
            trace           TEXT,
            PRIMARY KEY (run_id, gate, material_id)
        ) WITHOUT ROWID;

        CREATE TABLE gate_decisions (
            run_id          TEXT NOT NULL,
            gate            TEXT NOT NULL,
            material_id     INTEGER NOT NULL,
            kind            TEXT NOT NULL,
            approver        TEXT NOT NULL,
            time            TEXT NOT NULL,
            reason          TEXT,
            edited_json     TEXT,
            PRIMARY KEY (run_id, gate, material_id)
        ) WITHOUT ROWID;
        """;
}
