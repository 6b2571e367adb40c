using System;
using Factory.Ledger.Relational;

namespace Factory.Ledger.Sqlite;

/// <summary>
/// The attempt rows of a batch, written <see cref="PerStatement"/> to one statement
/// (<see cref="LedgerStatements.InsertExecutions"/>) as they come and the rest one by one when the
/// batch is flushed: at <c>Full</c> they are three rows of five per material, and a statement's own
/// cost (starting, opening cursors, resetting) is then paid once for several rows. Kept in the order
/// they came, so their ids are in the order of the attempts as before.
/// </summary>
internal sealed class ExecutionRows(LedgerStatements statements)
{
    public const int PerStatement = 8;

    public const int Columns = 15;

    private readonly ExecutionRow[] rows = new ExecutionRow[PerStatement];
    private int count;

    public void Add(in ExecutionRow row)
    {
        rows[count++] = row;
        if (count == PerStatement)
        {
            for (int i = 0; i < PerStatement; i++)
            {
                Bind(statements.InsertExecutions, i * Columns, rows[i]);
            }

            statements.InsertExecutions.Execute();
            Clear();
        }
    }

    /// <summary>Writes the rows still held, one statement each.</summary>
    public void Flush()
    {
        for (int i = 0; i < count; i++)
        {
            Bind(statements.InsertExecution, 0, rows[i]);
            statements.InsertExecution.Execute();
        }

        Clear();
    }

    /// <summary>Drops the rows still held: the batch is begun again or rolled back.</summary>
    public void Clear()
    {
        Array.Clear(rows, 0, count);
        count = 0;
    }

    private static void Bind(PreparedStatement statement, int at, in ExecutionRow row) =>
        statement.Set(at, row.Run).Set(at + 1, row.MaterialId).Set(at + 2, row.Root).Set(at + 3, row.Station).Set(at + 4, row.StationVersion)
            .Set(at + 5, row.Attempt).Set(at + 6, row.StartedMicros).Set(at + 7, row.DurationMicros).Set(at + 8, row.Outcome)
            .Set(at + 9, row.ExceptionType).Set(at + 10, row.Message).Set(at + 11, row.Model).Set(at + 12, row.InputTokens)
            .Set(at + 13, row.OutputTokens).Set(at + 14, row.Start);
}
