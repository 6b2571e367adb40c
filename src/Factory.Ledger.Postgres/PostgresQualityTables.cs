namespace Factory.Ledger.Postgres;

/// <summary>
/// Quality control's tables in PostgreSQL, the same columns as SQLite's (see <c>SqliteQualityTables</c>):
/// the review queue (<c>samples</c>) and the verdicts (<c>inspections</c>).
/// </summary>
internal static class PostgresQualityTables
{
    /// <summary>The tables, each with the rights a ledger needs on it.</summary>
    public static readonly (string Table, string[] Rights)[] Tables =
    [
        ("samples", ["SELECT", "INSERT", "UPDATE", "DELETE"]),
        ("inspections", ["SELECT", "INSERT", "DELETE"]),
    ];

    public const string Create = """
        CREATE TABLE samples (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id          text NOT NULL,
            tenant          text NOT NULL,
            line            text NOT NULL,
            station         text NOT NULL,
            station_version text NOT NULL,
            material_id     bigint NOT NULL,
            root            bigint NOT NULL,
            reason          text NOT NULL,
            input_type      text NOT NULL,
            input_json      text,
            output_type     text NOT NULL,
            output_json     text,
            sampled         text NOT NULL,
            status          text NOT NULL,
            UNIQUE (run_id, station, material_id)
        );
        CREATE INDEX samples_queue ON samples (status, tenant, station);

        CREATE TABLE inspections (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            sample_id       bigint,
            run_id          text NOT NULL,
            tenant          text NOT NULL,
            station         text NOT NULL,
            station_version text NOT NULL,
            material_id     bigint NOT NULL,
            inspector       text NOT NULL,
            verdict         text NOT NULL,
            category        text,
            note            text,
            corrected_json  text,
            time            text NOT NULL
        );
        CREATE INDEX inspections_station ON inspections (tenant, station, time);
        CREATE UNIQUE INDEX inspections_sample ON inspections (sample_id) WHERE sample_id IS NOT NULL;
        """;
}
