using System;
using System.Collections.Generic;
using Factory.Runtime;

namespace Factory.Quality;

/// <summary>
/// One station's quality control in a run: after each successful attempt, its inspectors look at each
/// output, the andon counts their verdicts, and the outputs its fraction or predicate choose go to the
/// review queue (the run's observers: a ledger keeps them). Made only for a station that has any of
/// these (<see cref="Sampling.For{TIn, TOut}"/>); every other station's call holds null and pays nothing.
/// </summary>
internal sealed class StationSampler<TIn, TOut> : IStationInspections
{
    private readonly IQualityRun run;
    private readonly StationDescriptor station;
    private readonly SampleChoice choice;
    private readonly Func<TIn, TOut, bool>? predicate;
    private readonly IInspector<TIn, TOut>[] inspectors;
    private readonly AndonWindow? andon;

    public StationSampler(IQualityRun run, StationDescriptor station, ulong seed, double fraction, StationQualityRule? rule, IInspector<TIn, TOut>[]? wired = null)
    {
        this.run = run;
        this.station = station;
        choice = new SampleChoice(seed, station.Path, fraction);
        predicate = rule?.Predicate switch
        {
            null => null,
            Func<TIn, TOut, bool> typed => typed,
            Delegate other => throw Mistyped("predicate", other.GetType()),
        };
        // The inspectors the generator wired to the station, then those the run's sampling names.
        inspectors = [.. wired ?? [], .. rule is null ? [] : Typed(rule.Inspectors)];
        andon = rule?.Andon is { } andonRule ? new AndonWindow(andonRule) : null;
    }

    /// <summary>
    /// Inspects and samples what <paramref name="material"/> gave. A sample keeps the input and the output
    /// as a dead letter keeps its input: without their <c>[Sensitive]</c> members (<paramref name="work"/>'s redactions).
    /// </summary>
    public void Offer<TWork>(in Material<TIn> material, OutputBuffer<TOut> outputs, TWork work)
        where TWork : struct, IStationWork<TIn, TOut>
    {
        for (int i = 0; i < outputs.Count; i++)
        {
            TOut output = outputs[i];
            MaterialInfo made = station.Splits
                ? new MaterialInfo(MaterialIds.Child(material.Id, i), material.Id, i, material.Root)
                : MaterialInfo.Of(material);
            if (Judge(material.Value, output, made) is { } reason)
            {
                Take(new QualitySample(station, made, work.Redact(material.Value), work.RedactOutput(output), reason));
            }
        }
    }

    /// <summary>
    /// Inspects and samples what a batch gave: each material with its own output, chosen as a plain
    /// station's material would be (the same seeded choice of its id), kept as <paramref name="work"/> redacts it.
    /// </summary>
    public void OfferBatch<TWork>(in BatchJob<TIn> batch, OutputBuffer<TOut> outputs, TWork work)
        where TWork : struct, IBatchWork<TIn, TOut>
    {
        for (int i = 0; i < batch.Count; i++)
        {
            ref readonly Material<TIn> material = ref batch.Materials[i];
            TOut output = outputs[i];
            MaterialInfo made = MaterialInfo.Of(material);
            if (Judge(material.Value, output, made) is { } reason)
            {
                Take(new QualitySample(station, made, work.Redact(material.Value), work.RedactOutput(output), reason));
            }
        }
    }

    /// <summary>Runs the inspectors on one output, and says why it goes to review (null: it does not).</summary>
    private SampleReason? Judge(TIn input, TOut output, MaterialInfo made)
    {
        Inspect(input, output, made);
        return Reason(input, output, made.Id);
    }

    private void Take(QualitySample sample)
    {
        QualityInstruments.Sampled(run.Line.Name, station, sample.Reason);
        run.Sampled(sample);
    }

    private SampleReason? Reason(TIn input, TOut output, long id)
    {
        if (andon is { Tripped: true } && andon.Rule.Action == AndonAction.RouteToReview)
        {
            return SampleReason.Andon;
        }

        if (choice.Takes(id))
        {
            return SampleReason.Rate;
        }

        return predicate is not null && predicate(input, output) ? SampleReason.Predicate : null;
    }

    private void Inspect(TIn input, TOut output, MaterialInfo made)
    {
        foreach (IInspector<TIn, TOut> inspector in inspectors)
        {
            Inspected(made, inspector.Name, inspector.Inspect(input, output));
        }
    }

    /// <summary>Records one verdict (an inspector's, or one reported from inside the call) and counts it in the andon.</summary>
    public void Inspected(MaterialInfo material, string inspector, InspectionResult result)
    {
        QualityInstruments.Inspected(run.Line.Name, station, result);
        run.Inspected(new Inspection(station, material, inspector, result));
        Reviewed(result);
    }

    /// <summary>Counts a verdict in the andon, which trips once when its window holds too many defects.</summary>
    public void Reviewed(InspectionResult result)
    {
        if (andon?.Add(result.IsDefect) is { } trip)
        {
            run.AndonTripped(new AndonTrip(station, andon.Rule, trip.Defects, trip.Inspected));
        }
    }

    private IInspector<TIn, TOut>[] Typed(List<object> given)
    {
        var typed = new IInspector<TIn, TOut>[given.Count];
        for (int i = 0; i < given.Count; i++)
        {
            typed[i] = given[i] as IInspector<TIn, TOut> ?? throw Mistyped("inspector", given[i].GetType());
        }

        return typed;
    }

    private ArgumentException Mistyped(string what, Type given) =>
        new($"The sampling {what} of station '{station.Path}' is a {given.FullName}, but the station takes {station.InputType} and gives {station.OutputType}: give one of {typeof(TIn).FullName} and {typeof(TOut).FullName}.");
}
