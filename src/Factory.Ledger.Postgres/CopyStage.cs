using System;
using System.Collections.Generic;
using Npgsql;

namespace Factory.Ledger.Postgres;

/// <summary>
/// Upsert rows of a batch written together, by binary <c>COPY</c>, so a row costs neither a statement
/// nor an allocation. A row the batch expects to be new (<see cref="AddNew"/>: an input or material
/// that entered in this batch, nearly all of them) is copied straight into its table, inside a
/// savepoint; should one of them be there already (a resume, another process of the run) the table
/// refuses the copy (unique violation), the savepoint is rolled back, and they are merged as the
/// others are. The others (<see cref="Add"/>) are copied into a temporary table of the writer's session
/// and merged by one <c>INSERT … SELECT … ON CONFLICT</c>: about three times the server's work of a
/// straight copy. A statement meets each key once, so a key held twice ends the group first: rows
/// apply in the order they came, as one statement each would. The stage is emptied (<c>TRUNCATE</c>)
/// in the transaction that filled it, so a rolled-back batch leaves it empty too.
/// </summary>
internal abstract class CopyStage<TRow>
    where TRow : struct
{
    /// <summary>At most this many rows held before they are merged.</summary>
    public const int PerCopy = 8192;

    /// <summary>PostgreSQL's unique_violation: a row copied as new was there already.</summary>
    private const string UniqueViolation = "23505";

    private readonly NpgsqlConnection connection;
    private readonly HashSet<(string Run, long Key)> keys = [];
    private readonly string copy;
    private readonly string copyNew;
    private readonly NpgsqlBatch merge;
    private readonly NpgsqlCommand savepoint;
    private readonly NpgsqlCommand release;
    private readonly NpgsqlCommand rollBack;
    private TRow[] rows = new TRow[256];
    private int count;
    private TRow[] fresh = new TRow[256];
    private int freshCount;

    protected CopyStage(NpgsqlConnection connection, string table, string stage, string columns, string upsert)
    {
        this.connection = connection;
        copy = $"COPY {stage} ({columns}) FROM STDIN (FORMAT BINARY)";
        copyNew = $"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)";
        merge = new NpgsqlBatch(connection)
        {
            BatchCommands = { new NpgsqlBatchCommand(upsert), new NpgsqlBatchCommand($"TRUNCATE {stage}") },
        };
        savepoint = new NpgsqlCommand("SAVEPOINT factory_new_rows", connection);
        release = new NpgsqlCommand("RELEASE SAVEPOINT factory_new_rows", connection);
        rollBack = new NpgsqlCommand("ROLLBACK TO SAVEPOINT factory_new_rows", connection);
    }

    /// <summary>Holds <paramref name="row"/>, whose key is <paramref name="run"/> and <paramref name="key"/>, to be merged.</summary>
    public void Add(in TRow row, string run, long key)
    {
        Hold(run, key);
        Append(ref rows, ref count, row);
    }

    /// <summary>Holds <paramref name="row"/>, a row this batch expects not to be in the table yet, to be copied straight in.</summary>
    public void AddNew(in TRow row, string run, long key)
    {
        Hold(run, key);
        Append(ref fresh, ref freshCount, row);
    }

    /// <summary>Copies the new rows and merges the rest, inside the connection's open transaction.</summary>
    public void Write()
    {
        try
        {
            if (freshCount > 0 && !TryCopyNew())
            {
                // One of them is there already: they are merged with the rest.
                for (int i = 0; i < freshCount; i++)
                {
                    Append(ref rows, ref count, fresh[i]);
                }
            }

            if (count > 0)
            {
                CopyRows(copy, rows, count);
                merge.ExecuteNonQuery();
            }
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
        Array.Clear(fresh, 0, freshCount);
        freshCount = 0;
        keys.Clear();
    }

    public void Dispose()
    {
        merge.Dispose();
        savepoint.Dispose();
        release.Dispose();
        rollBack.Dispose();
    }

    /// <summary>Writes one row's columns, in the order of the stage's columns.</summary>
    protected abstract void WriteRow(NpgsqlBinaryImporter importer, in TRow row);

    private static void Append(ref TRow[] array, ref int used, in TRow row)
    {
        if (used == array.Length)
        {
            Array.Resize(ref array, array.Length * 2);
        }

        array[used++] = row;
    }

    /// <summary>A key held twice ends the group first; so does a full group.</summary>
    private void Hold(string run, long key)
    {
        if (!keys.Add((run, key)) || count + freshCount == PerCopy)
        {
            Write();
            keys.Add((run, key));
        }
    }

    /// <summary>Copies the new rows straight into the table; false, with nothing of them written, when one was there already.</summary>
    private bool TryCopyNew()
    {
        savepoint.ExecuteNonQuery();
        try
        {
            CopyRows(copyNew, fresh, freshCount);
        }
        catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
        {
            rollBack.ExecuteNonQuery();
            return false;
        }

        release.ExecuteNonQuery();
        return true;
    }

    private void CopyRows(string command, TRow[] held, int used)
    {
        using NpgsqlBinaryImporter importer = connection.BeginBinaryImport(command);
        for (int i = 0; i < used; i++)
        {
            importer.StartRow();
            WriteRow(importer, held[i]);
        }

        importer.Complete();
    }
}
