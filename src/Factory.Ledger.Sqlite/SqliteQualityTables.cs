namespace Factory.Ledger.Sqlite;

/// <summary>
/// Quality control's tables in SQLite (see <c>LedgerQuality</c>): the review queue (<c>samples</c>, one
/// row per sampled output, with its input and output as JSON) and the verdicts (<c>inspections</c>: a
/// person's review of a sample, or an automatic inspector's verdict), from which defect rates are counted.
/// </summary>
internal static class SqliteQualityTables
{
    public const string Create = """
        CREATE TABLE samples (
            id              INTEGER PRIMARY KEY,
            run_id          TEXT NOT NULL,
            tenant          TEXT NOT NULL,
            line            TEXT NOT NULL,
            station         TEXT NOT NULL,
            station_version TEXT NOT NULL,
            material_id     INTEGER NOT NULL,
            root            INTEGER NOT NULL,
            reason          TEXT NOT NULL,
            input_type      TEXT NOT NULL,
            input_json      TEXT,
            output_type     TEXT NOT NULL,
            output_json     TEXT,
            sampled         TEXT NOT NULL,
            status          TEXT NOT NULL,
            UNIQUE (run_id, station, material_id)
        );
        CREATE INDEX samples_queue ON samples (status, tenant, station);

        CREATE TABLE inspections (
            id              INTEGER PRIMARY KEY,
            sample_id       INTEGER,
            run_id          TEXT NOT NULL,
            tenant          TEXT NOT NULL,
            station         TEXT NOT NULL,
            station_version TEXT NOT NULL,
            material_id     INTEGER NOT NULL,
            inspector       TEXT NOT NULL,
            verdict         TEXT NOT NULL,
            category        TEXT,
            note            TEXT,
            corrected_json  TEXT,
            time            TEXT NOT NULL
        );
        CREATE INDEX inspections_station ON inspections (tenant, station, time);
        CREATE UNIQUE INDEX inspections_sample ON inspections (sample_id) WHERE sample_id IS NOT NULL;
        """;
}
