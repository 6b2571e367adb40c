using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Factory.Ledger.Sqlite;

namespace Factory.Ledger.Tests;

/// <summary>A ledger in a fresh temporary folder, deleted at the end; <see cref="Scalar"/> and <see cref="Rows"/> read the file directly.</summary>
public sealed class TempLedger : IAsyncDisposable
{
    public TempLedger(SqliteLedgerOptions? options = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "factory-ledger-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "ledger.db");
        Options = options ?? new SqliteLedgerOptions { Inputs = LedgerJson.Default };
        Ledger = new SqliteLedger(DatabasePath, Options);
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public SqliteLedgerOptions Options { get; }

    public SqliteLedger Ledger { get; private set; }

    /// <summary>Closes the ledger and opens it again, as a new process would.</summary>
    public async Task ReopenAsync()
    {
        await Ledger.DisposeAsync();
        Ledger = new SqliteLedger(DatabasePath, Options);
    }

    public long Scalar(string sql, params (string Name, object Value)[] parameters) => Scalar(DatabasePath, sql, parameters);

    public static long Scalar(string database, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<object?[]> Rows(string sql) => Rows(DatabasePath, sql);

    public static List<object?[]> Rows(string database, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            object?[] row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every byte of the database and its side files, for searching.</summary>
    public byte[] AllBytes() =>
        Directory.GetFiles(Folder).SelectMany(File.ReadAllBytes).ToArray();

    public async ValueTask DisposeAsync()
    {
        await Ledger.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the temp folder is cleaned by the OS.
        }
    }
}
