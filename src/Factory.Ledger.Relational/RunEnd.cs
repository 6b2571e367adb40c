using System;
using System.Threading;

namespace Factory.Ledger.Relational;

/// <summary>The end of a run on its way to the writer, and the signal that it was written.</summary>
internal sealed class RunEnd(RunStatus status, string? message)
{
    public RunStatus Status { get; } = status;

    public string? Message { get; } = message;

    public ManualResetEventSlim Written { get; } = new();

    public Exception? Error { get; set; }
}
