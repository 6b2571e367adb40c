using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>
/// Every material row of a batch, merged by one statement with the rules of a row at a time: a
/// material made (no outcome) adds a row or leaves the one there; an outcome, and its station when it
/// names one, are written over a row already there; the first input hash stays.
/// </summary>
internal sealed class MaterialStage(NpgsqlConnection connection)
    : CopyStage<MaterialStage.Row>(connection, "materials", Table, Columns, Upsert)
{
    public const string Create =
        "CREATE TEMP TABLE IF NOT EXISTS pg_temp.factory_material_rows (run_id text, id bigint, parent_id bigint, root bigint, sequence bigint, "
        + "input_hash text, outcome text, station text)";

    private const string Table = "pg_temp.factory_material_rows";

    private const string Columns = "run_id, id, parent_id, root, sequence, input_hash, outcome, station";

    // WHERE true: the SELECT ends before ON CONFLICT, as PostgreSQL's grammar asks of INSERT … SELECT.
    private const string Upsert =
        """
        INSERT INTO materials (run_id, id, parent_id, root, sequence, input_hash, outcome, station)
        SELECT run_id, id, parent_id, root, sequence, input_hash, outcome, station FROM pg_temp.factory_material_rows WHERE true
        ON CONFLICT (run_id, id) DO UPDATE SET outcome = coalesce(excluded.outcome, materials.outcome),
            station = coalesce(excluded.station, materials.station),
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
        CopyText.Write(importer, row.Outcome);
        CopyText.Write(importer, row.Station);
    }

    /// <summary>One material row, in the order of the stage's columns (no outcome: the material was made, not finished).</summary>
    public readonly record struct Row(string Run, long Id, long ParentId, long Root, long Sequence, string? Hash, string? Outcome, string? Station);
}
