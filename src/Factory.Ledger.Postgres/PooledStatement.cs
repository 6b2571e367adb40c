using System;
using System.Collections.Generic;
using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>
/// One statement of the writer, as many batch commands as a round trip holds rows of it: made once
/// each, with typed positional parameters (<c>$1</c>, …), and reused batch after batch, so a row
/// costs no allocation. Its shape lists the parameters: <c>t</c> text (nullable), <c>l</c> bigint,
/// <c>i</c> integer.
/// </summary>
internal sealed class PooledStatement(string text, string shape)
{
    private readonly List<NpgsqlBatchCommand> commands = [];
    private int used;

    /// <summary>The next unused command of this round trip, its parameters still holding the last row's values.</summary>
    public NpgsqlBatchCommand Next()
    {
        if (used == commands.Count)
        {
            commands.Add(Make());
        }

        return commands[used++];
    }

    /// <summary>The round trip was sent (or dropped): every command is free again.</summary>
    public void Reset() => used = 0;

    public static void Set(NpgsqlBatchCommand command, int position, string? value) =>
        command.Parameters[position].Value = value is null ? DBNull.Value : value;

    public static void Set(NpgsqlBatchCommand command, int position, long value) =>
        ((NpgsqlParameter<long>)command.Parameters[position]).TypedValue = value;

    public static void Set(NpgsqlBatchCommand command, int position, int value) =>
        ((NpgsqlParameter<int>)command.Parameters[position]).TypedValue = value;

    private NpgsqlBatchCommand Make()
    {
        var command = new NpgsqlBatchCommand(text);
        foreach (char kind in shape)
        {
            command.Parameters.Add(kind switch
            {
                't' => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value },
                'l' => new NpgsqlParameter<long>(),
                'i' => new NpgsqlParameter<int>(),
                _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "t, l or i"),
            });
        }

        return command;
    }
}
