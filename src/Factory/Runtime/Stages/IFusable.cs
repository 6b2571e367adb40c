namespace Factory.Runtime;

/// <summary>A station whose worker can run the next stations too: they are fused into it.</summary>
internal interface IFusable<T>
{
    /// <summary>True while the station has one worker and nothing connected after it.</summary>
    bool CanFuse { get; }

    /// <summary>Hands this station's outputs to <paramref name="next"/> instead of a belt.</summary>
    void Fuse(IFusedStation<T> next);

    /// <summary>
    /// The instruments of this station when it is plain and synchronous: a station fused after it records
    /// its attempts in one span with it (<see cref="ChainSpan"/>). Null when the next starts a span of its own.
    /// </summary>
    StationInstruments? ChainsWith => null;
}
