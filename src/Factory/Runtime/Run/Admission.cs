using System;

namespace Factory.Runtime;

/// <summary>
/// Which inputs enter the line, and when. An input does not enter when an observer knows it done (a
/// resumed run); it becomes a dead letter at the entry when an observer refuses it (the ledger's
/// crash limit) or when it is past the job order's material budget. An input an observer asks to run
/// alone waits for the line to drain (<see cref="SoloAdmission"/>). An input that enters is told to
/// the observers and, when anyone listens, starts its trace.
/// </summary>
internal sealed class Admission
{
    private readonly RunState run;
    private readonly long? maxMaterials;
    private readonly bool observing;

    // What a refusal at the entry keeps of an input: a Func<TIn, object?> from the line's first step, which knows its [Sensitive] members.
    private Delegate? keep;
    private Func<object?, object?>? keepBoxed;

    public Admission(RunState run, bool observing)
    {
        this.run = run;
        this.observing = observing;
        maxMaterials = run.Job.Budget.MaxMaterials;
        Solo = observing ? new SoloAdmission(run) : null;
        AdmitsEverything = !observing && maxMaterials is null;
    }

    /// <summary>
    /// True when every input enters the line as it is: no observer may know it done (a resume) or hear
    /// it enter, and no material budget may refuse it. Fixed for the run.
    /// </summary>
    public bool AdmitsEverything { get; }

    /// <summary>
    /// Set by the line's first step: a dead letter made at the entry keeps the input through
    /// <paramref name="redact"/>, without its <c>[Sensitive]</c> members, as a station's would.
    /// </summary>
    public void KeepWith<T>(Func<T, object?> redact)
    {
        if (keep is null)
        {
            keep = redact;
            keepBoxed = value => value is T input ? redact(input) : null;
        }
    }

    /// <summary>What a dead letter at the entry would keep of <paramref name="value"/>, for any input type (<see cref="RunInfo.KeepInput"/>).</summary>
    public object? KeepBoxed(object? value) => keepBoxed is null ? value : keepBoxed(value);

    /// <summary>Runs alone the inputs an observer asks to (<see cref="RunObserver.RunsAlone"/>); null without observers.</summary>
    public SoloAdmission? Solo { get; }

    /// <summary>
    /// Whether the input <paramref name="material"/> enters the line: not when it already has an
    /// outcome (a resumed run), nor when it is refused or past the budget (it becomes a dead letter).
    /// An input that enters may get its trace context.
    /// </summary>
    public bool Admit<T>(ref Material<T> material)
    {
        if (observing && !Welcome(material))
        {
            return false;
        }

        if (maxMaterials is { } most && material.Sequence >= most)
        {
            OverBudget(material, most);
            return false;
        }

        if (observing)
        {
            Solo!.Entered(material.Sequence);
            run.Observers.Entered(MaterialInfo.Of(material), material.Value);
        }

        // Asking the listeners costs more than the rest of admitting: the flag workers refresh per take.
        if (run.Instrumented && run.Telemetry.Entering(material.Id) is { } trace)
        {
            material = material with { Trace = trace };
        }

        return true;
    }

    /// <summary>False when an observer knows the input done, or refuses it (it becomes a dead letter).</summary>
    private bool Welcome<T>(in Material<T> material)
    {
        if (run.Observers.IsDone(material.Sequence))
        {
            return false;
        }

        if (run.Observers.Refuses(material.Sequence) is { } refusal)
        {
            run.RefusedAtEntry(DeadLetters.Refused(material, refusal, Kept(material.Value)));
            return false;
        }

        return true;
    }

    private void OverBudget<T>(in Material<T> material, long most)
    {
        string reason = $"budget exhausted: job '{run.Job.Id}' may put {most} materials into line '{run.Line.Name}'";
        run.Observers.Refused(MaterialInfo.Of(material), reason);
        run.Telemetry.BudgetExhausted(reason);
        run.RefusedAtEntry(DeadLetters.OverBudget(material, reason, Kept(material.Value)));
    }

    private object? Kept<T>(T value) => keep is Func<T, object?> redact ? redact(value) : value;
}
