namespace Factory.Quality;

/// <summary>
/// Whether a fraction takes a material: a hash of the seed, the station and the material's id against
/// the fraction. No shared state (workers decide on their own), nothing allocated, and the same
/// choice each time the same material passes the same station under the same seed.
/// </summary>
internal readonly struct SampleChoice
{
    private readonly ulong key;
    private readonly ulong below;

    public SampleChoice(ulong seed, string station, double fraction)
    {
        key = Mix(seed ^ StationKey(station));
        below = fraction >= 1 ? ulong.MaxValue : (ulong)(fraction * 18446744073709551616.0);
        All = fraction >= 1;
        None = fraction <= 0;
    }

    public bool All { get; }

    public bool None { get; }

    public bool Takes(long materialId) => !None && (All || Mix(key ^ (ulong)materialId) < below);

    /// <summary>SplitMix64's finalizer: every bit of the input moves every bit of the output.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>FNV-1a of the station's path: the same on every machine and in every process (unlike string.GetHashCode).</summary>
    private static ulong StationKey(string station)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in station)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
