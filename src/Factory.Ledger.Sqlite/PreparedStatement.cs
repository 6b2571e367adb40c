using System;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// A statement the writer prepares once and runs for every row, on SQLite's own handles: values are
/// bound by position straight into the statement (no parameter objects, no boxing, no data reader per
/// run). SQLite keeps a statement's bindings from one run to the next, so a value the same position
/// already holds — the run id, the version, an outcome name, a NULL, a zero: most of a row — is not
/// bound again, and a text is encoded to UTF-8 only when it is not the string the position had last.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private const int Row = 100;
    private const int Done = 101;

    // SQLite reads a null pointer as NULL: an empty text is bound from a zero-terminated empty string.
    private static readonly byte[] EmptyText = [0];

    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly int[] indexes;
    private readonly Binding[] bound;
    private readonly long[] lastNumber;
    private readonly string?[] lastText;
    private readonly byte[][] utf8;

    public PreparedStatement(SqliteConnection connection, string text, params string[] names)
    {
        database = connection.Handle ?? throw new InvalidOperationException("The ledger's connection is not open.");
        Check(raw.sqlite3_prepare_v3(database, text, raw.SQLITE_PREPARE_PERSISTENT, out statement));
        indexes = new int[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            indexes[i] = raw.sqlite3_bind_parameter_index(statement, names[i]);
            if (indexes[i] == 0)
            {
                throw new InvalidOperationException($"The ledger's statement has no parameter {names[i]}: {text}");
            }
        }

        bound = new Binding[names.Length];
        lastNumber = new long[names.Length];
        lastText = new string?[names.Length];
        utf8 = new byte[names.Length][];
    }

    /// <summary>Sets the parameter at <paramref name="position"/> (null is SQL NULL).</summary>
    public PreparedStatement Set(int position, string? value)
    {
        int index = indexes[position];
        if (value is null)
        {
            if (bound[position] != Binding.Null)
            {
                bound[position] = Binding.None;
                Check(raw.sqlite3_bind_null(statement, index));
                bound[position] = Binding.Null;
            }
        }
        else if (bound[position] != Binding.Text || !ReferenceEquals(value, lastText[position]))
        {
            bound[position] = Binding.None;
            Check(value.Length == 0
                ? raw.sqlite3_bind_text(statement, index, utf8z.FromSpan(EmptyText))
                : raw.sqlite3_bind_text(statement, index, Utf8(position, value)));
            lastText[position] = value;
            bound[position] = Binding.Text;
        }

        return this;
    }

    /// <summary>Sets the parameter at <paramref name="position"/>.</summary>
    public PreparedStatement Set(int position, long value)
    {
        if (bound[position] != Binding.Number || lastNumber[position] != value)
        {
            bound[position] = Binding.None;
            Check(raw.sqlite3_bind_int64(statement, indexes[position], value));
            lastNumber[position] = value;
            bound[position] = Binding.Number;
        }

        return this;
    }

    /// <summary>Runs the statement to its end.</summary>
    public void Execute()
    {
        int result;
        do
        {
            result = raw.sqlite3_step(statement);
        }
        while (result == Row);

        Finish(result);
    }

    /// <summary>Runs the statement for its first row's first column as text (null when there is no row, or it is NULL).</summary>
    public string? Text()
    {
        int result = raw.sqlite3_step(statement);
        string? value = result == Row && raw.sqlite3_column_type(statement, 0) != raw.SQLITE_NULL
            ? raw.sqlite3_column_text(statement, 0).utf8_to_string()
            : null;
        Finish(result == Row ? Done : result);
        return value;
    }

    public void Dispose() => statement.Dispose();

    /// <summary>Resets the statement for its next run; throws SQLite's error as a <see cref="SqliteException"/> (busy, full, ...) when it failed.</summary>
    private void Finish(int result)
    {
        if (result == Done)
        {
            raw.sqlite3_reset(statement);
            return;
        }

        try
        {
            SqliteException.ThrowExceptionForRC(result, database);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }

    /// <summary><paramref name="value"/> in UTF-8, in the position's buffer (grown when a text needs more).</summary>
    private ReadOnlySpan<byte> Utf8(int position, string value)
    {
        byte[]? buffer = utf8[position];
        int most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (buffer is null || buffer.Length < most)
        {
            buffer = utf8[position] = new byte[Math.Max(most, 64)];
        }

        return buffer.AsSpan(0, Encoding.UTF8.GetBytes(value, buffer));
    }

    /// <summary>What a position holds in the statement (None also while a bind is under way, so a failed one is bound again).</summary>
    private enum Binding : byte
    {
        None,
        Null,
        Number,
        Text,
    }
}
