using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Factory.Runtime;

/// <summary>
/// One run as a worker that processes some of its materials sees it: the job order (with the secrets
/// the worker resolved itself: they never travel), how materials are serialized, and the observers that
/// record what the worker does (a ledger joined to the run). One per worker and run.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RemoteScope
{
    private readonly IReadOnlyList<RunObserver> observers;

    /// <summary>A worker's view of run <paramref name="runId"/> of <paramref name="line"/>.</summary>
    public RemoteScope(LineDescriptor line, string runId, JobOrder job, JsonSerializerContext json, IReadOnlyList<RunObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(observers);
        Json = json;
        Job = job;
        this.observers = observers;
        Info = new RunInfo(runId, line, job, DateTimeOffset.UtcNow);
    }

    /// <summary>The run, as its observers hear of it.</summary>
    public RunInfo Info { get; }

    /// <summary>The job order.</summary>
    public JobOrder Job { get; }

    /// <summary>The serializers of the line's material types.</summary>
    public JsonSerializerContext Json { get; }

    /// <summary>Where the run's gates park materials: the gate store of the worker's ledger, or null without one.</summary>
    public Gates.IGateStore? Gates
    {
        get
        {
            foreach (RunObserver observer in observers)
            {
                if (observer.GateStore is { } store)
                {
                    return store;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// What a dead letter or a discard sent to the run's exit keeps of its material (its input, or its value
    /// as kept, without <c>[Sensitive]</c> members): JSON by the run's context, which the caller reads back as a
    /// <see cref="System.Text.Json.JsonElement"/>; empty when there is none or the context does not list its type.
    /// </summary>
    public ReadOnlyMemory<byte> Kept(object? value) =>
        value is not null && Json.GetTypeInfo(value.GetType()) is { } info
            ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, info)
            : ReadOnlyMemory<byte>.Empty;

    /// <summary>Tells the observers the worker starts on the run (a joining ledger checks the run exists, is running, and is this line's and tenant's).</summary>
    public void Start()
    {
        foreach (RunObserver observer in observers)
        {
            observer.RunStarting(Info);
        }
    }

    /// <summary>
    /// Records what the attempts on one material did: each attempt, and the dead letters (the station's,
    /// or of outputs no route took). Splits and discards are the caller's run's to record. Called once the
    /// outputs are safely on, so a record of success means the outputs were sent.
    /// </summary>
    public void Record(StationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (RunObserver observer in observers)
        {
            foreach (StationExecution execution in outcome.Executions)
            {
                observer.Executed(execution);
            }

            if (outcome.DeadLetter is { } letter)
            {
                observer.DeadLettered(letter);
            }

            foreach (DeadLetter routeLetter in outcome.RouteLetters)
            {
                observer.DeadLettered(routeLetter);
            }
        }
    }
}
