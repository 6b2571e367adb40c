using System;
using System.Collections.Generic;
using Factory.Ledger.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>
/// The attempt rows of a batch, held and then written by one binary <c>COPY</c> into <c>attempts</c>,
/// one row per material (and start of its run) carrying that material's attempts of the batch as
/// arrays, in the order they came: at <c>Full</c> a material's three attempts are one row, not three
/// (each row an index entry and a tuple: most of the server's work). The <c>executions</c> view shows
/// them one attempt a row again (<see cref="PostgresSchema"/>). A row holds at most <see cref="PerRow"/>
/// attempts, so the view's ids (the row's id, counted on by attempt) stay unique and in order.
/// Written when <see cref="PerCopy"/> attempts are held and when the batch is flushed.
/// </summary>
internal sealed class AttemptCopy(NpgsqlConnection connection)
{
    /// <summary>At most this many attempts held before they are copied.</summary>
    public const int PerCopy = 8192;

    /// <summary>At most this many attempts in one row: the step of the table's identity.</summary>
    public const int PerRow = 1024;

    private const string Copy =
        "COPY attempts (run_id, material_id, root, start_no, station, station_version, attempt, started_us, duration_us, outcome, "
        + "exception_type, message, model, input_tokens, output_tokens) FROM STDIN (FORMAT BINARY)";

    private const NpgsqlDbType TextArray = NpgsqlDbType.Array | NpgsqlDbType.Text;
    private const NpgsqlDbType BigintArray = NpgsqlDbType.Array | NpgsqlDbType.Bigint;

    // The rows of a group (one material's attempts): its first row, and each row's next (-1: the last).
    private readonly Dictionary<(string Run, long MaterialId, int Start), int> open = [];
    private readonly List<Group> groups = [];
    private readonly List<string> stations = [];
    private readonly List<string> versions = [];
    private readonly List<int> attempts = [];
    private readonly List<long> started = [];
    private readonly List<long> durations = [];
    private readonly List<string> outcomes = [];
    private readonly List<string?> exceptionTypes = [];
    private readonly List<string?> messages = [];
    private readonly List<string?> models = [];
    private readonly List<long> inputTokens = [];
    private readonly List<long> outputTokens = [];
    private ExecutionRow[] rows = new ExecutionRow[256];
    private int[] next = new int[256];
    private int count;

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
        ClearColumns();
        bool failures = false;
        bool models = false;
        for (int i = first; i >= 0; i = next[i])
        {
            ref readonly ExecutionRow row = ref rows[i];
            stations.Add(row.Station);
            versions.Add(row.StationVersion);
            attempts.Add(row.Attempt);
            started.Add(row.StartedMicros);
            durations.Add(row.DurationMicros);
            outcomes.Add(row.Outcome);
            exceptionTypes.Add(row.ExceptionType);
            messages.Add(row.Message);
            this.models.Add(row.Model);
            inputTokens.Add(row.InputTokens);
            outputTokens.Add(row.OutputTokens);
            failures |= row.ExceptionType is not null || row.Message is not null;
            models |= row.Model is not null || row.InputTokens != 0 || row.OutputTokens != 0;
        }

        ref readonly ExecutionRow head = ref rows[first];
        importer.StartRow();
        importer.Write(head.Run, NpgsqlDbType.Text);
        importer.Write(head.MaterialId, NpgsqlDbType.Bigint);
        importer.Write(head.Root, NpgsqlDbType.Bigint);
        importer.Write(head.Start, NpgsqlDbType.Integer);
        importer.Write(stations, TextArray);
        importer.Write(versions, TextArray);
        importer.Write(attempts, NpgsqlDbType.Array | NpgsqlDbType.Integer);
        importer.Write(started, BigintArray);
        importer.Write(durations, BigintArray);
        importer.Write(outcomes, TextArray);

        // The columns a plain successful attempt leaves empty are null as a whole (the view reads them as null and 0).
        WriteOrNull(importer, failures, exceptionTypes, TextArray);
        WriteOrNull(importer, failures, messages, TextArray);
        WriteOrNull(importer, models, this.models, TextArray);
        WriteOrNull(importer, models, inputTokens, BigintArray);
        WriteOrNull(importer, models, outputTokens, BigintArray);
    }

    private static void WriteOrNull<T>(NpgsqlBinaryImporter importer, bool any, List<T> values, NpgsqlDbType type)
    {
        if (any)
        {
            importer.Write(values, type);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private void ClearColumns()
    {
        stations.Clear();
        versions.Clear();
        attempts.Clear();
        started.Clear();
        durations.Clear();
        outcomes.Clear();
        exceptionTypes.Clear();
        messages.Clear();
        models.Clear();
        inputTokens.Clear();
        outputTokens.Clear();
    }

    /// <summary>One material's attempts of the batch: the first and last of its rows, and how many.</summary>
    private readonly record struct Group(int First, int Last, int Count);
}
