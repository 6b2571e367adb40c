using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>
/// Inputs that entered and got their outcome in the same batch, merged as SQLite's one row each is:
/// the entry counted, the outcome written only while the input has none.
/// </summary>
internal sealed class FinishedInputStage(NpgsqlConnection connection)
    : CopyStage<FinishedInputStage.Row>(connection, Table, Columns, Upsert)
{
    public const string Create =
        "CREATE TEMP TABLE IF NOT EXISTS pg_temp.factory_finished_inputs (run_id text, sequence bigint, material_id bigint, input_hash text, "
        + "outcome text, delivered integer, dead_lettered integer, discarded integer, finished text, finished_start integer)";

    private const string Table = "pg_temp.factory_finished_inputs";

    private const string Columns = "run_id, sequence, material_id, input_hash, outcome, delivered, dead_lettered, discarded, finished, finished_start";

    // WHERE true: the SELECT ends before ON CONFLICT, as PostgreSQL's grammar asks of INSERT … SELECT.
    private const string Upsert =
        """
        INSERT INTO inputs (run_id, sequence, material_id, input_hash, entries, outcome, delivered, dead_lettered, discarded, finished, finished_start)
        SELECT run_id, sequence, material_id, input_hash, 1, outcome, delivered, dead_lettered, discarded, finished, finished_start
        FROM pg_temp.factory_finished_inputs WHERE true
        ON CONFLICT (run_id, sequence) DO UPDATE SET entries = inputs.entries + 1, input_hash = coalesce(excluded.input_hash, inputs.input_hash),
            outcome = coalesce(inputs.outcome, excluded.outcome),
            delivered = CASE WHEN inputs.outcome IS NULL THEN excluded.delivered ELSE inputs.delivered END,
            dead_lettered = CASE WHEN inputs.outcome IS NULL THEN excluded.dead_lettered ELSE inputs.dead_lettered END,
            discarded = CASE WHEN inputs.outcome IS NULL THEN excluded.discarded ELSE inputs.discarded END,
            finished = CASE WHEN inputs.outcome IS NULL THEN excluded.finished ELSE inputs.finished END,
            finished_start = CASE WHEN inputs.outcome IS NULL THEN excluded.finished_start ELSE inputs.finished_start END
        """;

    protected override void WriteRow(NpgsqlBinaryImporter importer, in Row row)
    {
        importer.Write(row.Run, NpgsqlDbType.Text);
        importer.Write(row.Sequence, NpgsqlDbType.Bigint);
        importer.Write(row.MaterialId, NpgsqlDbType.Bigint);
        CopyText.Write(importer, row.Hash);
        importer.Write(row.Outcome, NpgsqlDbType.Text);
        importer.Write(row.Delivered, NpgsqlDbType.Integer);
        importer.Write(row.DeadLettered, NpgsqlDbType.Integer);
        importer.Write(row.Discarded, NpgsqlDbType.Integer);
        importer.Write(row.Finished, NpgsqlDbType.Text);
        importer.Write(row.Start, NpgsqlDbType.Integer);
    }

    /// <summary>One input row, in the order of the stage's columns.</summary>
    public readonly record struct Row(
        string Run, long Sequence, long MaterialId, string? Hash, string Outcome, int Delivered, int DeadLettered, int Discarded, string Finished, int Start);
}
