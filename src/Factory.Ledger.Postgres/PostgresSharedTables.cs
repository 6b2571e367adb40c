namespace Factory.Ledger.Postgres;

/// <summary>
/// The tables that processes sharing a ledger meet at while runs go on, the same columns as
/// <c>SqliteSharedTables</c>'s: each station's totals (written by the run's recorder, read by the control
/// room and the command line), a run's control requests (asked by any process, applied by the one that
/// holds the run), and job budgets (reserved and settled by every process spending for a job).
/// </summary>
internal static class PostgresSharedTables
{
    /// <summary>The tables, each with the rights a ledger needs on it (a job's budget row is never deleted, a hold never changed).</summary>
    public static readonly (string Table, string[] Rights)[] Tables =
    [
        ("station_totals", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("job_budgets", ["SELECT", "INSERT", "UPDATE"]),
        ("job_budget_holds", ["SELECT", "INSERT", "DELETE"]),
    ];

    /// <summary>
    /// Step 8: what <c>RunTally</c> counts of every attempt (at every provenance level), one row per run,
    /// start, recording process and station, rewritten whole as the run goes on. Cost is decimal text.
    /// </summary>
    public const string StationTotals = """
        CREATE TABLE station_totals (
            run_id          text NOT NULL,
            start_no        integer NOT NULL,
            instance        text NOT NULL,
            station         text NOT NULL,
            attempts        bigint NOT NULL,
            failed          bigint NOT NULL,
            input_tokens    bigint NOT NULL,
            output_tokens   bigint NOT NULL,
            cost            text NOT NULL,
            durations       text NOT NULL,
            PRIMARY KEY (run_id, start_no, instance, station)
        );
        """;

    /// <summary>Step 9: the last request (<c>pause</c>, <c>resume</c>, <c>cancel</c>), its number, and the number the holder applied.</summary>
    public const string RunControl = """
        ALTER TABLE runs ADD COLUMN control text;
        ALTER TABLE runs ADD COLUMN control_seq integer NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN control_applied integer NOT NULL DEFAULT 0;
        """;

    /// <summary>Step 11: one row per job order, its settled spend and its reservations in flight; costs are decimal text, summed by the ledger.</summary>
    public const string JobBudgets = """
        CREATE TABLE job_budgets (
            tenant          text NOT NULL,
            job_id          text NOT NULL,
            spent_tokens    bigint NOT NULL,
            spent_cost      text NOT NULL,
            reserved_tokens bigint NOT NULL,
            reserved_cost   text NOT NULL,
            PRIMARY KEY (tenant, job_id)
        );
        """;

    /// <summary>
    /// Step 13: a job's reservations taken as holds, each with the time its lease ends (Unix ms); the job's row still
    /// sums them in its reserved columns. A hold is deleted by its settlement, or by a later reservation once its lease ended.
    /// </summary>
    public const string JobBudgetHolds = """
        CREATE TABLE job_budget_holds (
            tenant          text NOT NULL,
            job_id          text NOT NULL,
            hold_id         text NOT NULL,
            tokens          bigint NOT NULL,
            cost            text NOT NULL,
            expires_at      bigint NOT NULL,
            PRIMARY KEY (tenant, job_id, hold_id)
        );
        """;
}
