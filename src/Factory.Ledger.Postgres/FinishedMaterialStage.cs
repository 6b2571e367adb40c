using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>
/// Materials made and finished in the same batch, merged as SQLite's one row each is: the outcome and
/// station written over a row already there, its input hash kept.
/// </summary>
internal sealed class FinishedMaterialStage(NpgsqlConnection connection)
    : CopyStage<FinishedMaterialStage.Row>(connection, Table, Columns, Upsert)
{
    public const string Create =
        "CREATE TEMP TABLE IF NOT EXISTS pg_temp.factory_finished_materials (run_id text, id bigint, parent_id bigint, root bigint, sequence bigint, "
        + "input_hash text, outcome text, station text)";

    private const string Table = "pg_temp.factory_finished_materials";

    private const string Columns = "run_id, id, parent_id, root, sequence, input_hash, outcome, station";

    // WHERE true: the SELECT ends before ON CONFLICT, as PostgreSQL's grammar asks of INSERT … SELECT.
    private const string Upsert =
        """
        INSERT INTO materials (run_id, id, parent_id, root, sequence, input_hash, outcome, station)
        SELECT run_id, id, parent_id, root, sequence, input_hash, outcome, station FROM pg_temp.factory_finished_materials WHERE true
        ON CONFLICT (run_id, id) DO UPDATE SET outcome = excluded.outcome, station = coalesce(excluded.station, materials.station),
            input_hash = coalesce(materials.input_hash, excluded.input_hash)
        """;

    protected override void WriteRow(NpgsqlBinaryImporter importer, in Row row)
    {
        importer.Write(row.Run, NpgsqlDbType.Text);
        importer.Write(row.Id, NpgsqlDbType.Bigint);
        importer.Write(row.ParentId, NpgsqlDbType.Bigint);
        importer.Write(row.Root, NpgsqlDbType.Bigint);
        importer.Write(row.Sequence, NpgsqlDbType.Bigint);
        CopyText.Write(importer, row.Hash);
        importer.Write(row.Outcome, NpgsqlDbType.Text);
        CopyText.Write(importer, row.Station);
    }

    /// <summary>One material row, in the order of the stage's columns.</summary>
    public readonly record struct Row(string Run, long Id, long ParentId, long Root, long Sequence, string? Hash, string Outcome, string? Station);
}
