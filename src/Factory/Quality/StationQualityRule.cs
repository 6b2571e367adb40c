using System;
using System.Collections.Generic;

namespace Factory.Quality;

/// <summary>What <see cref="Sampling"/> holds for one station: its fraction, its predicate, its inspectors and its andon.</summary>
internal sealed class StationQualityRule(string station)
{
    public string Station { get; } = station;

    /// <summary>The fraction of outputs sampled; null: the run's <see cref="Sampling.Rate"/>.</summary>
    public double? Rate { get; set; }

    /// <summary>A <c>Func&lt;TIn, TOut, bool&gt;</c>, typed as the station is when it is wired (<see cref="StationSampler{TIn, TOut}"/>).</summary>
    public Delegate? Predicate { get; set; }

    /// <summary><see cref="IInspector{TIn, TOut}"/>s, likewise.</summary>
    public List<object> Inspectors { get; } = [];

    public AndonRule? Andon { get; set; }
}
