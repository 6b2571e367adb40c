using System;
using System.Collections.Generic;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.Cli.Replay;

/// <summary>
/// The lines an application's own <c>factory</c> entry point can replay dead letters through, by line
/// name. Replay runs the letters' inputs through the line's code, so only a process that has that code
/// can do it: the <c>factory</c> tool has none and only shows what a replay would do (<c>--dry-run</c>).
/// </summary>
public sealed class LineReplays
{
    private readonly Dictionary<string, LineReplay> lines = new(StringComparer.Ordinal);

    /// <summary>Lets dead letters of the line named <paramref name="line"/> be replayed through a new instance from <paramref name="create"/>.</summary>
    public LineReplays Add<TIn, TOut>(string line, Func<ILine<TIn, TOut>> create, JsonTypeInfo<TIn> input)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(input);
        lines[line] = new LineReplay<TIn, TOut>(create, input);
        return this;
    }

    internal LineReplay? Find(string line) => lines.TryGetValue(line, out LineReplay? replay) ? replay : null;
}

/// <summary>One registered line's replay, its types hidden.</summary>
internal abstract class LineReplay
{
    /// <summary>Replays one letter as a new run; returns the run's id.</summary>
    public abstract Task<string> ReplayAsync(ILedger ledger, long deadLetterId, ReplayOptions options, CancellationToken cancellationToken);
}

internal sealed class LineReplay<TIn, TOut>(Func<ILine<TIn, TOut>> create, JsonTypeInfo<TIn> input) : LineReplay
{
    public override async Task<string> ReplayAsync(ILedger ledger, long deadLetterId, ReplayOptions options, CancellationToken cancellationToken)
    {
        ReplayResult<TOut> result = await ledger.ReplayAsync(deadLetterId, create(), input, options, cancellationToken).ConfigureAwait(false);
        return result.RunId;
    }
}
