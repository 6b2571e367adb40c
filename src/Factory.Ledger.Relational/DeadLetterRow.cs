using System.Runtime.InteropServices;

namespace Factory.Ledger.Relational;

/// <summary>The columns of one dead letter's row, passed to the writer's sink by reference (a struct: no allocation per letter).</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct DeadLetterRow(
    string Run,
    string Tenant,
    string JobId,
    string Line,
    long MaterialId,
    long ParentId,
    long Root,
    string Station,
    string StationVersion,
    int Attempts,
    string ExceptionType,
    string Message,
    string Time,
    string InputType,
    string? ClrType,
    string InputStatus,
    string? Json);
