using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>
/// Every input row of a batch, merged by one statement with the rules of a row at a time: an entry
/// (<see cref="Row.Entries"/> 1) is counted and keeps its hash; an outcome is written only while the
/// input has none. A row may be an entry, an outcome (of an input that entered in an earlier batch),
/// or both (an input that entered and ended in this batch: nearly all).
/// </summary>
internal sealed class InputStage(NpgsqlConnection connection)
    : CopyStage<InputStage.Row>(connection, "inputs", Table, Columns, Upsert)
{
    public const string Create =
        "CREATE TEMP TABLE IF NOT EXISTS pg_temp.factory_input_rows (run_id text, sequence bigint, material_id bigint, input_hash text, entries integer, "
        + "outcome text, delivered integer, dead_lettered integer, discarded integer, finished text, finished_start integer)";

    private const string Table = "pg_temp.factory_input_rows";

    private const string Columns = "run_id, sequence, material_id, input_hash, entries, outcome, delivered, dead_lettered, discarded, finished, finished_start";

    // WHERE true: the SELECT ends before ON CONFLICT, as PostgreSQL's grammar asks of INSERT … SELECT.
    private const string Upsert =
        """
        INSERT INTO inputs (run_id, sequence, material_id, input_hash, entries, outcome, delivered, dead_lettered, discarded, finished, finished_start)
        SELECT run_id, sequence, material_id, input_hash, entries, outcome, delivered, dead_lettered, discarded, finished, finished_start
        FROM pg_temp.factory_input_rows WHERE true
        ON CONFLICT (run_id, sequence) DO UPDATE SET entries = inputs.entries + excluded.entries,
            input_hash = coalesce(excluded.input_hash, inputs.input_hash),
            outcome = coalesce(inputs.outcome, excluded.outcome),
            delivered = CASE WHEN inputs.outcome IS NULL AND excluded.outcome IS NOT NULL THEN excluded.delivered ELSE inputs.delivered END,
            dead_lettered = CASE WHEN inputs.outcome IS NULL AND excluded.outcome IS NOT NULL THEN excluded.dead_lettered ELSE inputs.dead_lettered END,
            discarded = CASE WHEN inputs.outcome IS NULL AND excluded.outcome IS NOT NULL THEN excluded.discarded ELSE inputs.discarded END,
            finished = CASE WHEN inputs.outcome IS NULL AND excluded.outcome IS NOT NULL THEN excluded.finished ELSE inputs.finished END,
            finished_start = CASE WHEN inputs.outcome IS NULL AND excluded.outcome IS NOT NULL THEN excluded.finished_start ELSE inputs.finished_start END
        """;

    /// <summary>An input that entered: counted, its outcome still to come.</summary>
    public static Row Entered(string run, long sequence, long materialId, string? hash) =>
        new(run, sequence, materialId, hash, 1, null, 0, 0, 0, null, 0);

    protected override void WriteRow(NpgsqlBinaryImporter importer, in Row row)
    {
        importer.Write(row.Run, NpgsqlDbType.Text);
        importer.Write(row.Sequence, NpgsqlDbType.Bigint);
        importer.Write(row.MaterialId, NpgsqlDbType.Bigint);
        CopyText.Write(importer, row.Hash);
        importer.Write(row.Entries, NpgsqlDbType.Integer);
        CopyText.Write(importer, row.Outcome);
        importer.Write(row.Delivered, NpgsqlDbType.Integer);
        importer.Write(row.DeadLettered, NpgsqlDbType.Integer);
        importer.Write(row.Discarded, NpgsqlDbType.Integer);
        CopyText.Write(importer, row.Finished);
        if (row.Outcome is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(row.Start, NpgsqlDbType.Integer);
        }
    }

    /// <summary>One input row, in the order of the stage's columns: <see cref="Start"/> is the finishing start's, written with an outcome only.</summary>
    public readonly record struct Row(
        string Run, long Sequence, long MaterialId, string? Hash, int Entries, string? Outcome, int Delivered, int DeadLettered, int Discarded, string? Finished, int Start);
}
