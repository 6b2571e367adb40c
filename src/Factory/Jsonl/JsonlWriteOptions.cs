using System;

namespace Factory.Jsonl;

/// <summary>How <see cref="JsonlSink"/> writes.</summary>
public sealed class JsonlWriteOptions
{
    /// <summary>The defaults.</summary>
    public static JsonlWriteOptions Default { get; } = new();

    /// <summary>Bytes gathered before they are flushed to the stream. Default 64 KiB.</summary>
    public int FlushThreshold { get; init; } = 64 * 1024;

    /// <summary>Leave the stream open when the write ends. Default false: the sink disposes it.</summary>
    public bool LeaveOpen { get; init; }

    internal void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(FlushThreshold, 1, nameof(FlushThreshold));
}
