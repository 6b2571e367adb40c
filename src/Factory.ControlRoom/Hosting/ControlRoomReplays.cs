using System;
using System.Collections.Generic;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>
/// The lines the console may replay dead letters through, by line name: replaying needs the line's
/// code and its input's JSON metadata, which only the hosting application has.
/// </summary>
public sealed class ControlRoomReplays
{
    private readonly Dictionary<string, IReplayer> byLine = new(StringComparer.Ordinal);

    /// <summary>Lets operators replay the dead letters of runs of <paramref name="descriptor"/>'s line through a line <paramref name="line"/> makes.</summary>
    /// <param name="descriptor">The line's generated <c>Descriptor</c>: its name picks the letters, its fingerprint is the version a dry run shows.</param>
    /// <param name="line">Makes the line to replay through (a new instance per replay, or a shared one).</param>
    /// <param name="input">The input type's source-generated JSON metadata.</param>
    public void Add<TIn, TOut>(LineDescriptor descriptor, Func<ILine<TIn, TOut>> line, JsonTypeInfo<TIn> input)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(input);
        byLine[descriptor.Name] = new Replayer<TIn, TOut>(descriptor, line, input);
    }

    internal IReplayer? Find(string line) => byLine.GetValueOrDefault(line);

    /// <summary>A line the console can replay through, its types hidden.</summary>
    internal interface IReplayer
    {
        LineDescriptor Descriptor { get; }

        string Version { get; }

        Task<(string RunId, int Replayed, int Skipped)> ReplayAsync(ILedger ledger, long deadLetterId, string actor, string reason, CancellationToken cancellationToken);

        Task<(string RunId, int Replayed, int Skipped)> ReplayRunAsync(ILedger ledger, string runId, string actor, string reason, CancellationToken cancellationToken);
    }

    private sealed class Replayer<TIn, TOut>(LineDescriptor descriptor, Func<ILine<TIn, TOut>> line, JsonTypeInfo<TIn> input) : IReplayer
    {
        public LineDescriptor Descriptor => descriptor;

        public string Version { get; } = LineFingerprint.Sha256(descriptor);

        public async Task<(string RunId, int Replayed, int Skipped)> ReplayAsync(ILedger ledger, long deadLetterId, string actor, string reason, CancellationToken cancellationToken)
        {
            ReplayResult<TOut> result = await ledger.ReplayAsync(deadLetterId, line(), input, new ReplayOptions { Actor = actor, Reason = reason }, cancellationToken).ConfigureAwait(false);
            return (result.RunId, result.Replayed.Count, result.Skipped.Count);
        }

        public async Task<(string RunId, int Replayed, int Skipped)> ReplayRunAsync(ILedger ledger, string runId, string actor, string reason, CancellationToken cancellationToken)
        {
            ReplayResult<TOut> result = await ledger.ReplayRunAsync(runId, line(), input, new ReplayOptions { Actor = actor, Reason = reason }, cancellationToken).ConfigureAwait(false);
            return (result.RunId, result.Replayed.Count, result.Skipped.Count);
        }
    }
}
