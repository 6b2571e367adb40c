using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using Factory.Ledger.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The attempt rows of a batch, held and then written by one binary <c>COPY</c> into <c>attempts</c>,
/// one row per material (and start of its run) carrying that material's attempts of the batch as a
/// JSON array, in the order they came: at <c>Full</c> a material's three attempts are one row, not
/// three (each a tuple and index entries), and one text, not arrays the server must take apart. The
/// JSON is written as UTF-8 into a kept buffer and sent as the text's bytes, so a row allocates
/// nothing. The <c>executions</c> view shows them one attempt a row again (<see cref="PostgresSchema"/>).
/// A row holds at most <see cref="PerRow"/> attempts, so the view's ids (the row's id, counted on by
/// attempt) stay unique and in order. Written when <see cref="PerCopy"/> attempts are held and when
/// the batch is flushed.
/// </summary>
internal sealed class AttemptCopy
{
    /// <summary>At most this many attempts held before they are copied.</summary>
    public const int PerCopy = 8192;

    /// <summary>At most this many attempts in one row: the step of the table's identity.</summary>
    public const int PerRow = 1024;

    private const string Copy = "COPY attempts (run_id, material_id, root, start_no, list) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlConnection connection;

    // The rows of a group (one material's attempts): its first row, and each row's next (-1: the last).
    private readonly Dictionary<(string Run, long MaterialId, int Start), int> open = [];
    private readonly List<Group> groups = [];
    private readonly ArrayBufferWriter<byte> list = new(1024);
    private readonly Utf8JsonWriter json;
    private ExecutionRow[] rows = new ExecutionRow[256];
    private int[] next = new int[256];
    private int count;

    public AttemptCopy(NpgsqlConnection connection)
    {
        this.connection = connection;
        json = new Utf8JsonWriter(list);
    }

    public void Add(in ExecutionRow row)
    {
        if (count == rows.Length)
        {
            Array.Resize(ref rows, rows.Length * 2);
            Array.Resize(ref next, next.Length * 2);
        }

        rows[count] = row;
        next[count] = -1;
        var key = (row.Run, row.MaterialId, row.Start);
        if (open.TryGetValue(key, out int index) && groups[index].Count < PerRow)
        {
            Group group = groups[index];
            next[group.Last] = count;
            groups[index] = group with { Last = count, Count = group.Count + 1 };
        }
        else
        {
            open[key] = groups.Count;
            groups.Add(new Group(count, count, 1));
        }

        count++;
        if (count == PerCopy)
        {
            Write();
        }
    }

    /// <summary>Copies the attempts held, a row per material, in one <c>COPY</c>, inside the connection's open transaction.</summary>
    public void Write()
    {
        if (count == 0)
        {
            return;
        }

        try
        {
            using NpgsqlBinaryImporter importer = connection.BeginBinaryImport(Copy);
            foreach (Group group in groups)
            {
                WriteRow(importer, group.First);
            }

            importer.Complete();
        }
        finally
        {
            Clear();
        }
    }

    public void Dispose() => json.Dispose();

    /// <summary>Drops the attempts held: the batch is begun again or rolled back.</summary>
    public void Clear()
    {
        Array.Clear(rows, 0, count);
        count = 0;
        open.Clear();
        groups.Clear();
    }

    private void WriteRow(NpgsqlBinaryImporter importer, int first)
    {
        list.ResetWrittenCount();
        json.Reset(list);
        json.WriteStartArray();
        for (int i = first; i >= 0; i = next[i])
        {
            WriteAttempt(rows[i]);
        }

        json.WriteEndArray();
        json.Flush();

        ref readonly ExecutionRow head = ref rows[first];
        importer.StartRow();
        importer.Write(head.Run, NpgsqlDbType.Text);
        importer.Write(head.MaterialId, NpgsqlDbType.Bigint);
        importer.Write(head.Root, NpgsqlDbType.Bigint);
        importer.Write(head.Start, NpgsqlDbType.Integer);

        // A text's binary form is its bytes (the connection's encoding is UTF-8): the JSON goes as it was written.
        importer.Write(list.WrittenMemory, NpgsqlDbType.Bytea);
    }

    /// <summary>One attempt as a JSON array; what a plain success leaves empty is left off the end (the view reads it as null and 0).</summary>
    private void WriteAttempt(in ExecutionRow row)
    {
        json.WriteStartArray();
        json.WriteStringValue(row.Station);
        json.WriteStringValue(row.StationVersion);
        json.WriteNumberValue(row.Attempt);
        json.WriteNumberValue(row.StartedMicros);
        json.WriteNumberValue(row.DurationMicros);
        json.WriteStringValue(row.Outcome);
        if (row.ExceptionType is not null || row.Message is not null || row.Model is not null || row.InputTokens != 0 || row.OutputTokens != 0)
        {
            WriteNullable(row.ExceptionType);
            WriteNullable(row.Message);
            WriteNullable(row.Model);
            json.WriteNumberValue(row.InputTokens);
            json.WriteNumberValue(row.OutputTokens);
        }

        json.WriteEndArray();
    }

    private void WriteNullable(string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }

    /// <summary>One material's attempts of the batch: the first and last of its rows, and how many.</summary>
    private readonly record struct Group(int First, int Last, int Count);
}
