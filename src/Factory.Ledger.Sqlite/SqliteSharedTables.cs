namespace Factory.Ledger.Sqlite;

/// <summary>
/// The tables that processes sharing a ledger meet at while runs go on, the same columns as
/// <c>PostgresSharedTables</c>'s: each station's totals (written by the run's recorder, read by the control
/// room and the command line), a run's control requests (asked by any process, applied by the one that
/// holds the run), and job budgets (reserved and settled by every process spending for a job).
/// </summary>
internal static class SqliteSharedTables
{
    /// <summary>
    /// Step 7: what <c>RunTally</c> counts of every attempt (at every provenance level), one row per run,
    /// start, recording process and station, rewritten whole as the run goes on. Cost is decimal text.
    /// </summary>
    public const string StationTotals = """
        CREATE TABLE station_totals (
            run_id          TEXT NOT NULL,
            start_no        INTEGER NOT NULL,
            instance        TEXT NOT NULL,
            station         TEXT NOT NULL,
            attempts        INTEGER NOT NULL,
            failed          INTEGER NOT NULL,
            input_tokens    INTEGER NOT NULL,
            output_tokens   INTEGER NOT NULL,
            cost            TEXT NOT NULL,
            durations       TEXT NOT NULL,
            PRIMARY KEY (run_id, start_no, instance, station)
        ) WITHOUT ROWID;
        """;

    /// <summary>Step 8: the last request (<c>pause</c>, <c>resume</c>, <c>cancel</c>), its number, and the number the holder applied.</summary>
    public const string RunControl = """
        ALTER TABLE runs ADD COLUMN control TEXT;
        ALTER TABLE runs ADD COLUMN control_seq INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN control_applied INTEGER NOT NULL DEFAULT 0;
        """;

    /// <summary>Step 10: one row per job order, its settled spend and its reservations in flight; costs are decimal text.</summary>
    public const string JobBudgets = """
        CREATE TABLE job_budgets (
            tenant          TEXT NOT NULL,
            job_id          TEXT NOT NULL,
            spent_tokens    INTEGER NOT NULL,
            spent_cost      TEXT NOT NULL,
            reserved_tokens INTEGER NOT NULL,
            reserved_cost   TEXT NOT NULL,
            PRIMARY KEY (tenant, job_id)
        ) WITHOUT ROWID;
        """;

    /// <summary>
    /// Step 12: a job's reservations taken as holds, each with the time its lease ends (Unix ms); the job's row still
    /// sums them in its reserved columns. A hold is deleted by its settlement, or by a later reservation once its lease ended.
    /// </summary>
    public const string JobBudgetHolds = """
        CREATE TABLE job_budget_holds (
            tenant          TEXT NOT NULL,
            job_id          TEXT NOT NULL,
            hold_id         TEXT NOT NULL,
            tokens          INTEGER NOT NULL,
            cost            TEXT NOT NULL,
            expires_at      INTEGER NOT NULL,
            PRIMARY KEY (tenant, job_id, hold_id)
        ) WITHOUT ROWID;
        """;
}
