using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Factory.AI;

/// <summary>
/// Gives provenance the model and tokens behind each thinking-unit execution. Thinking units record
/// which model produced the accepted output of each attempt; wrap the run's observer in
/// <see cref="ModelProvenance"/> and its <see cref="RunObserver.Executed"/> sees
/// <see cref="StationExecution.Model"/>, <see cref="StationExecution.InputTokens"/> and
/// <see cref="StationExecution.OutputTokens"/> filled in. (Until the runtime takes them from the
/// station context itself.)
/// </summary>
public sealed class ModelProvenance : RunObserver
{
    private static readonly ConditionalWeakTable<JobOrder, ConcurrentDictionary<(string Station, long Material, int Attempt), Usage>> Books = new();

    private readonly RunObserver inner;
    private JobOrder? job;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public ModelProvenance(RunObserver inner)
    {
        System.ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
    }

    /// <inheritdoc />
    public override void RunStarting(RunInfo run)
    {
        job = run.Job;
        Books.GetValue(run.Job, static _ => new());
        inner.RunStarting(run);
    }

    /// <inheritdoc />
    public override bool IsDone(long sequence) => inner.IsDone(sequence);

    /// <inheritdoc />
    public override void Entered(in MaterialInfo material, object? value) => inner.Entered(material, value);

    /// <inheritdoc />
    public override void Executed(in StationExecution execution)
    {
        if (job is not null
            && Books.TryGetValue(job, out ConcurrentDictionary<(string, long, int), Usage>? book)
            && book.TryRemove((execution.Station.Name, execution.Material.Id, execution.Attempt), out Usage usage))
        {
            inner.Executed(execution with { Model = usage.Model, InputTokens = usage.Input, OutputTokens = usage.Output });
            return;
        }

        inner.Executed(execution);
    }

    /// <inheritdoc />
    public override void Split(in MaterialInfo parent, StationDescriptor station, int children) => inner.Split(parent, station, children);

    /// <inheritdoc />
    public override void Gathered(in MaterialInfo parent, int arrived) => inner.Gathered(parent, arrived);

    /// <inheritdoc />
    public override void Delivered(in MaterialInfo material) => inner.Delivered(material);

    /// <inheritdoc />
    public override void DeadLettered(DeadLetter letter) => inner.DeadLettered(letter);

    /// <inheritdoc />
    public override void Discarded(DiscardedMaterial material) => inner.Discarded(material);

    /// <inheritdoc />
    public override void Refused(in MaterialInfo material, string reason) => inner.Refused(material, reason);

    /// <inheritdoc />
    public override void RunEnded(RunInfo run, LineReport? report, System.Exception? fault) => inner.RunEnded(run, report, fault);

    internal static void Record(JobOrder job, StationContext context, string model, long input, long output)
    {
        // Only while a ModelProvenance listens to the job's run; otherwise nobody would take the entries out.
        if (!Books.TryGetValue(job, out ConcurrentDictionary<(string, long, int), Usage>? book))
        {
            return;
        }

        book[(context.Station.Name, context.MaterialId, context.Attempt)] = new Usage(model, input, output);
    }

    private readonly record struct Usage(string Model, long Input, long Output);
}
