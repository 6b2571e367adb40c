using System.Runtime.InteropServices;

namespace Factory.Ledger.Relational;

/// <summary>
/// One attempt row of <c>executions</c>, as <see cref="BatchWriter.InsertExecution"/> takes it: what a
/// store holds back to write several at once, and what the retry journal keeps.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct ExecutionRow(
    string Run,
    long MaterialId,
    long Root,
    string Station,
    string StationVersion,
    int Attempt,
    long StartedMicros,
    long DurationMicros,
    string Outcome,
    string? ExceptionType,
    string? Message,
    string? Model,
    long InputTokens,
    long OutputTokens,
    int Start);
