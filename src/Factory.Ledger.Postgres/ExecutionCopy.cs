using System;
using Factory.Ledger.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The attempt rows of a batch, held and then written by one binary <c>COPY</c> (<see cref="NpgsqlBinaryImporter"/>,
/// typed writes: nothing boxed): at <c>Full</c> they are three rows of five per material, and nothing
/// ever updates them, so they need no statement per row. Written in the order they came, so their ids
/// are in the order of the attempts; written when <see cref="PerCopy"/> are held and when the batch is flushed.
/// </summary>
internal sealed class ExecutionCopy(NpgsqlConnection connection)
{
    /// <summary>At most this many rows held before they are copied.</summary>
    public const int PerCopy = 8192;

    private const string Copy =
        "COPY executions (run_id, material_id, root, station, station_version, attempt, started_us, duration_us, outcome, "
        + "exception_type, message, model, input_tokens, output_tokens, start_no) FROM STDIN (FORMAT BINARY)";

    private ExecutionRow[] rows = new ExecutionRow[256];
    private int count;

    public void Add(in ExecutionRow row)
    {
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

    /// <summary>Copies the rows held, in one <c>COPY</c>, inside the connection's open transaction.</summary>
    public void Write()
    {
        if (count == 0)
        {
            return;
        }

        try
        {
            using NpgsqlBinaryImporter importer = connection.BeginBinaryImport(Copy);
            for (int i = 0; i < count; i++)
            {
                WriteRow(importer, rows[i]);
            }

            importer.Complete();
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
    }

    private static void WriteRow(NpgsqlBinaryImporter importer, in ExecutionRow row)
    {
        importer.StartRow();
        importer.Write(row.Run, NpgsqlDbType.Text);
        importer.Write(row.MaterialId, NpgsqlDbType.Bigint);
        importer.Write(row.Root, NpgsqlDbType.Bigint);
        importer.Write(row.Station, NpgsqlDbType.Text);
        importer.Write(row.StationVersion, NpgsqlDbType.Text);
        importer.Write(row.Attempt, NpgsqlDbType.Integer);
        importer.Write(row.StartedMicros, NpgsqlDbType.Bigint);
        importer.Write(row.DurationMicros, NpgsqlDbType.Bigint);
        importer.Write(row.Outcome, NpgsqlDbType.Text);
        CopyText.Write(importer, row.ExceptionType);
        CopyText.Write(importer, row.Message);
        CopyText.Write(importer, row.Model);
        importer.Write(row.InputTokens, NpgsqlDbType.Bigint);
        importer.Write(row.OutputTokens, NpgsqlDbType.Bigint);
        importer.Write(row.Start, NpgsqlDbType.Integer);
    }
}
