using System;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// A statement the writer prepares once and runs for every row, on SQLite's own handles: values are
/// bound by position straight into the statement (no parameter objects, no boxing, no data reader per
/// run), and a text is encoded to UTF-8 only when it is not the one the same position had last time —
/// the run id, station paths and versions and outcome names repeat row after row.
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
    private readonly string?[] lastText;
    private readonly byte[][] utf8;
    private readonly int[] utf8Length;

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

        lastText = new string?[names.Length];
        utf8 = new byte[names.Length][];
        utf8Length = new int[names.Length];
    }

    /// <summary>Sets the parameter at <paramref name="position"/> (null is SQL NULL).</summary>
    public PreparedStatement Set(int position, string? value)
    {
        int index = indexes[position];
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(statement, index));
        }
        else if (value.Length == 0)
        {
            Check(raw.sqlite3_bind_text(statement, index, utf8z.FromSpan(EmptyText)));
        }
        else
        {
            Check(raw.sqlite3_bind_text(statement, index, Utf8(position, value)));
        }

        return this;
    }

    /// <summary>Sets the parameter at <paramref name="position"/>.</summary>
    public PreparedStatement Set(int position, long value)
    {
        Check(raw.sqlite3_bind_int64(statement, indexes[position], value));
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

    /// <summary><paramref name="value"/> in UTF-8, encoded again only when the position's last text was another string.</summary>
    private ReadOnlySpan<byte> Utf8(int position, string value)
    {
        if (!ReferenceEquals(value, lastText[position]))
        {
            byte[]? buffer = utf8[position];
            int most = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (buffer is null || buffer.Length < most)
            {
                buffer = utf8[position] = new byte[Math.Max(most, 64)];
            }

            utf8Length[position] = Encoding.UTF8.GetBytes(value, buffer);
            lastText[position] = value;
        }

        return utf8[position].AsSpan(0, utf8Length[position]);
    }
}
