using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Runtime;

namespace Factory.RabbitMQ;

/// <summary>
/// The runs a worker has seen, each start of each joined once (<see cref="MarkedStart"/>): its job order rebuilt from the headers (with the
/// worker's own secrets, and its token and cost budget kept in the worker's ledger), its quality
/// sampling, and its ledger observer. Shared by the worker's stations.
/// </summary>
internal sealed class WorkerRuns
{
    private readonly ConcurrentDictionary<MarkedStart, Lazy<RemoteScope>> runs = new();
    private readonly LineDescriptor line;
    private readonly LineWorkerOptions options;

    public WorkerRuns(LineDescriptor line, LineWorkerOptions options, TimeProvider? clock = null)
    {
        this.line = line;
        this.options = options;
        Controls = new RunControls(clock);

        // A start has a join of its own, with its own job order and start number in the ledger. A caller that marks no
        // starts has its run's next start told by a control message: then the old join goes, and the next material joins anew.
        Controls.StartedAgain += start => runs.TryRemove(start, out _);

        // A start long unheard of goes with its join: what its recorder posted is the ledger writer's already.
        Controls.Forgotten += start => runs.TryRemove(start, out _);
    }

    /// <summary>What the callers said of their runs on the control exchange.</summary>
    public RunControls Controls { get; }

    /// <summary>The run starts joined now.</summary>
    internal int Joined => runs.Count;

    /// <summary>
    /// The scope of the run start a message belongs to. A join that fails is not kept: the next message of the
    /// run tries again, so a run refused while it was cancelled is joined once it is started again, and a
    /// ledger that failed for a moment does not refuse the run for the worker's whole life.
    /// </summary>
    public RemoteScope For(IDictionary<string, object?>? headers) => For(Controls.StartOf(headers), headers);

    /// <summary>As <see cref="For(IDictionary{string, object?})"/>, for a caller that already knows the message's <paramref name="start"/>.</summary>
    public RemoteScope For(MarkedStart start, IDictionary<string, object?>? headers)
    {
        Controls.Seen(start);
        Lazy<RemoteScope> joining = runs.GetOrAdd(start, static (key, state) => new Lazy<RemoteScope>(() => state.self.Join(key.RunId, state.headers)), (self: this, headers));
        try
        {
            return joining.Value;
        }
        catch
        {
            // A Lazy keeps its factory's exception: only this failed join is removed, not one that replaced it.
            runs.TryRemove(new KeyValuePair<MarkedStart, Lazy<RemoteScope>>(start, joining));
            throw;
        }
    }

    private RemoteScope Join(string runId, IDictionary<string, object?>? headers)
    {
        var job = new JobOrder(MessageHeaders.RequiredText(headers, MessageHeaders.JobId), MessageHeaders.RequiredText(headers, MessageHeaders.Tenant))
        {
            Permissions = Permissions(MessageHeaders.Text(headers, MessageHeaders.Permissions)),
            Budget = RunTerms.Budget(headers),
            Submitter = MessageHeaders.Text(headers, MessageHeaders.Submitter),

            // The job's token and cost budget is kept in the shared ledger, so that all its workers together keep it.
            BudgetLedger = options.Ledger as IJobBudgetLedger,
        };
        if (options.Secrets is { } secrets)
        {
            job = new JobOrder(job.Id, job.Tenant) { Permissions = job.Permissions, Budget = job.Budget, BudgetLedger = job.BudgetLedger, Submitter = job.Submitter, Secrets = secrets(job) };
        }

        RunObserver[] observers = options.Ledger is { } ledger
            ? [ledger.Observe(new LedgerObserveOptions { Join = true, Provenance = ProvenanceLevel.Full, Inputs = options.Json })]
            : [];
        var scope = new RemoteScope(line, runId, job, options.Json, observers) { Sampling = RunTerms.Sampling(headers) };
        scope.Start();
        return scope;
    }

    private static IImmutableSet<string> Permissions(string? joined) =>
        string.IsNullOrEmpty(joined) ? ImmutableHashSet<string>.Empty : ImmutableHashSet.Create(StringComparer.Ordinal, joined.Split(','));
}
