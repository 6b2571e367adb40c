using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Factory;

/// <summary>Everything about one run besides its input: the job order, the run's id, and who observes it.</summary>
public sealed class RunOptions
{
    /// <summary>The job order; a default one (tenant "default", no permissions, no limits) when null.</summary>
    public JobOrder? Job { get; init; }

    /// <summary>
    /// The run's id. Give the id of an interrupted run to resume it: with a ledger, inputs that already
    /// have an outcome are not processed again. A new id is made when null.
    /// </summary>
    public string? RunId { get; init; }

    /// <summary>Observers of the run, such as a ledger.</summary>
    public IReadOnlyList<RunObserver> Observers { get; init; } = [];

    /// <summary>Where the run logs its start and end, retries, dead letters and exhausted budgets; secrets are redacted.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Where materials wait at the line's gates and are decided. Null: a new
    /// <see cref="Gates.InMemoryGateStore"/> for the run, which nobody else can decide in; give a store to
    /// decide while the run goes on. A store that is not durable makes the run log a warning at its start.
    /// </summary>
    public Gates.IGateStore? Gates { get; init; }

    /// <summary>
    /// What moves the run's materials between its stations when they run in other processes, such as
    /// <c>Factory.RabbitMQ</c>'s broker: the caller's code stays the same (inputs in, outputs and the
    /// report out), the stations run in workers. Null (the default): every station runs in this process.
    /// </summary>
    public LineTransport? Transport { get; init; }

    /// <summary>
    /// Quality control: which stations' outputs go to the review queue, their automatic inspectors and
    /// andons (<see cref="Quality.Sampling"/>). Null (the default): none, and no station pays for it.
    /// </summary>
    public Quality.Sampling? Sampling { get; init; }

    /// <summary>
    /// Stands in for every station with <c>Effects</c>: their code does not run, the recorder notes what
    /// each was given and the line gets its stand-in output (<see cref="Experiments.EffectRecorder"/>).
    /// Null (the default): the stations run. Not with a <see cref="Transport"/>, nor for batch stations.
    /// </summary>
    public Experiments.EffectRecorder? Effects { get; init; }
}
