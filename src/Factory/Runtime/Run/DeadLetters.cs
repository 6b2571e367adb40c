using System;

namespace Factory.Runtime;

/// <summary>
/// Every kind of dead letter a run makes, and the names they carry: a station's failure, a material
/// no route takes, an input past the job's material budget, an input an observer refuses at the
/// entry (the ledger's crash limit), and a gather that could not complete. The ledger reads the
/// names from here (<see cref="Ledger.RootTracker"/>, <see cref="Ledger.CrashLimit"/>) to tell a
/// refusal at the entry and an unfinished gather from a failure in a station.
/// </summary>
internal static class DeadLetters
{
    /// <summary>The station a letter names when its input never entered the line (the budget refused it).</summary>
    public const string EntryStation = "(entry)";

    /// <summary>The station a letter names when a gather ended without all of a parent's children.</summary>
    public const string GatherStation = "gather";

    /// <summary>The exception type of a letter made of an input past the job's material budget.</summary>
    public const string BudgetExhaustedType = "Factory.BudgetExhausted";

    /// <summary>The exception type of a letter made of an input past its crash limit (the ledger refuses it).</summary>
    public const string CrashLimitType = "Factory.CrashLimit";

    /// <summary>The exception type of a letter made of a material whose gate timed out with <see cref="GateTimeout.DeadLetter"/>.</summary>
    public const string GateTimeoutType = "Factory.GateTimeout";

    // The entry and a gather are not stations with versions of their own.
    private const string NoVersion = "1";

    /// <summary>
    /// <paramref name="material"/> failed its last attempt at <paramref name="station"/>. The message is
    /// redacted with the job's secrets; <paramref name="kept"/> is the input without its sensitive members.
    /// </summary>
    public static DeadLetter Failed<T>(JobOrder job, StationDescriptor station, in Material<T> material, object? kept, Exception failure, int attempts) =>
        Make(material.Id, material.ParentId, material.Root, station.Path, station.Version, attempts, failure.GetType().FullName ?? failure.GetType().Name, job.Secrets.Redact(failure.Message), kept);

    /// <summary>No route after <paramref name="routed"/> takes <paramref name="material"/>'s run-time type.</summary>
    public static DeadLetter NoRoute<T>(StationDescriptor routed, in Material<T> material, object? kept)
    {
        string type = material.Value is null ? "null" : material.Value.GetType().FullName ?? material.Value.GetType().Name;
        return Make(material.Id, material.ParentId, material.Root, routed.Path, routed.Version, 1, typeof(NoRouteException).FullName!, new NoRouteException(type).Message, kept);
    }

    /// <summary>The input <paramref name="material"/> is past the job's material budget: it never entered. <paramref name="kept"/> is the input without its sensitive members.</summary>
    public static DeadLetter OverBudget<T>(in Material<T> material, string reason, object? kept) =>
        Make(material.Id, 0, material.Root, EntryStation, NoVersion, 0, BudgetExhaustedType, reason, kept);

    /// <summary>An observer refused the input <paramref name="material"/> at the entry, with the details of <paramref name="refusal"/>; <paramref name="kept"/> as for <see cref="OverBudget"/>.</summary>
    public static DeadLetter Refused<T>(in Material<T> material, EntryRefusal refusal, object? kept) =>
        Make(material.Id, 0, material.Root, refusal.Station, refusal.StationVersion, refusal.Attempts, refusal.ExceptionType, refusal.Message, kept);

    /// <summary>The gather for <paramref name="parentId"/> ended before every child arrived or was reported missing.</summary>
    public static DeadLetter UnfinishedGather(long parentId, long parentParentId, long root, int arrived, int expected, int missing) =>
        Make(
            parentId,
            parentParentId,
            root,
            GatherStation,
            NoVersion,
            1,
            typeof(InvalidOperationException).FullName!,
            $"gather for parent {parentId} ended with {arrived} of {expected} children and {missing} missing",
            null);

    /// <summary>Nobody decided on <paramref name="material"/> at <paramref name="gate"/> in time, and the gate dead-letters what times out.</summary>
    public static DeadLetter GateTimedOut<T>(StationDescriptor gate, in Material<T> material, object? kept, int timeoutMinutes) =>
        Make(material.Id, material.ParentId, material.Root, gate.Path, gate.Version, 1, GateTimeoutType, $"no decision at gate '{gate.Path}' within {timeoutMinutes} minutes", kept);

    private static DeadLetter Make(long materialId, long parentId, long root, string station, string version, int attempts, string exceptionType, string message, object? kept) =>
        new(materialId, parentId, station, version, attempts, exceptionType, message, kept, DateTimeOffset.UtcNow) { Root = root };
}
