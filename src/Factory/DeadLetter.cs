using System;

namespace Factory;

/// <summary>
/// A material that failed all its attempts at a station, kept with its cause. The line goes on
/// without it; nothing is dropped silently.
/// </summary>
public sealed class DeadLetter
{
    /// <summary>Creates a dead letter.</summary>
    public DeadLetter(
        long materialId,
        long parentId,
        string station,
        string stationVersion,
        int attempts,
        string exceptionType,
        string message,
        object? input,
        DateTimeOffset time)
    {
        MaterialId = materialId;
        ParentId = parentId;
        Station = station;
        StationVersion = stationVersion;
        Attempts = attempts;
        ExceptionType = exceptionType;
        Message = message;
        Input = input;
        Time = time;
    }

    /// <summary>The id of the material that failed.</summary>
    public long MaterialId { get; }

    /// <summary>The id of the material it was split from, or 0.</summary>
    public long ParentId { get; }

    /// <summary>The station where it failed.</summary>
    public string Station { get; }

    /// <summary>The version of that station.</summary>
    public string StationVersion { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }

    /// <summary>The full name of the last exception's type.</summary>
    public string ExceptionType { get; }

    /// <summary>The last exception's message: the reason.</summary>
    public string Message { get; }

    /// <summary>The station's input for the material, so it can be inspected or replayed.</summary>
    public object? Input { get; }

    /// <summary>When the last attempt failed.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The input position the material descends from.</summary>
    public long Root { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"material {MaterialId} dead at {Station} v{StationVersion} after {Attempts} attempt(s): {ExceptionType}: {Message}";
}
