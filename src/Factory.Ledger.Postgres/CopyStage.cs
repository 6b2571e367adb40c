using System;
using System.Collections.Generic;
using Npgsql;

namespace Factory.Ledger.Postgres;

/// <summary>
/// Upsert rows of a batch written together: held, then copied by binary <c>COPY</c> into a temporary
/// table of the writer's session and merged by one <c>INSERT … SELECT … ON CONFLICT</c>, so a row costs
/// neither a statement nor an allocation. A statement meets each key once, so a key held twice ends the
/// group first: rows apply in the order they came, as one statement each would. The stage is emptied
/// (<c>TRUNCATE</c>) in the transaction that filled it, so a rolled-back batch leaves it empty too.
/// </summary>
internal abstract class CopyStage<TRow>
    where TRow : struct
{
    /// <summary>At most this many rows held before they are merged.</summary>
    public const int PerCopy = 8192;

    private readonly NpgsqlConnection connection;
    private readonly HashSet<(string Run, long Key)> keys = [];
    private readonly string copy;
    private readonly NpgsqlBatch merge;
    private TRow[] rows = new TRow[256];
    private int count;

    protected CopyStage(NpgsqlConnection connection, string stage, string columns, string upsert)
    {
        this.connection = connection;
        copy = $"COPY {stage} ({columns}) FROM STDIN (FORMAT BINARY)";
        merge = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand(upsert), new NpgsqlBatchCommand($"TRUNCATE {stage}") },
        };
    }

    /// <summary>Holds <paramref name="row"/>, whose key is <paramref name="run"/> and <paramref name="key"/>.</summary>
    public void Add(in TRow row, string run, long key)
    {
        if (!keys.Add((run, key)))
        {
            Write();
            keys.Add((run, key));
        }

        if (count == rows.Length)
        {
            Array.Resize(ref rows, rows.Length * 2);
        }

        rows[count++] = row;
        if (count == PerCopy)
        {
            Write();
        }
    }

    /// <summary>Copies and merges the rows held, inside the connection's open transaction.</summary>
    public void Write()
    {
        if (count == 0)
        {
            return;
        }

        try
        {
            using (NpgsqlBinaryImporter importer = connection.BeginBinaryImport(copy))
            {
                for (int i = 0; i < count; i++)
                {
                    importer.StartRow();
                    WriteRow(importer, rows[i]);
                }

                importer.Complete();
            }

            merge.ExecuteNonQuery();
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Drops the rows held: the batch is begun again or rolled back.</summary>
    public void Clear()
    {
        Array.Clear(rows, 0, count);
        count = 0;
        keys.Clear();
    }

    public void Dispose() => merge.Dispose();

    /// <summary>Writes one row's columns, in the order of the stage's columns.</summary>
    protected abstract void WriteRow(NpgsqlBinaryImporter importer, in TRow row);
}
