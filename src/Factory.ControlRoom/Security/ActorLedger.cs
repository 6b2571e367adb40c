using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>
/// The ledger as one actor may see it: one <see cref="ILedgerView"/> per tenant they were given (or
/// one every-tenant view granted to them), so every read is confined by the ledger's own scoping.
/// Something of another tenant reads as not there.
/// </summary>
internal sealed class ActorLedger
{
    private readonly ControlRoomActor actor;
    private readonly ILedger ledger;
    private readonly Dictionary<string, ILedgerView> byTenant = new(StringComparer.Ordinal);

    public ActorLedger(ILedger ledger, ControlRoomActor actor)
    {
        this.ledger = ledger;
        this.actor = actor;
        Views = actor.AllTenants
            ? [ledger.View(LedgerScope.AllTenants(actor.Name))]
            : actor.Tenants.Select(t => ledger.View(LedgerScope.ForTenant(t))).ToArray();
        foreach (ILedgerView view in Views)
        {
            if (view.Scope.Tenant is { } tenant)
            {
                byTenant[tenant] = view;
            }
        }
    }

    public IReadOnlyList<ILedgerView> Views { get; }

    public ControlRoomActor Actor => actor;

    /// <summary>The views to ask when a tenant filter is given: that tenant's only (none when not the actor's).</summary>
    private IReadOnlyList<ILedgerView> For(string? tenant)
    {
        if (tenant is null)
        {
            return Views;
        }

        if (!actor.Sees(tenant))
        {
            return [];
        }

        return actor.AllTenants ? Views : [byTenant[tenant]];
    }

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        foreach (ILedgerView view in Views)
        {
            if (await view.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } run)
            {
                return run;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        var runs = new List<RunRecord>();
        foreach (ILedgerView view in For(query.Tenant))
        {
            runs.AddRange(await view.ListRunsAsync(query with { Offset = 0, Limit = query.Offset + query.Limit }, cancellationToken).ConfigureAwait(false));
        }

        return runs.OrderByDescending(r => r.Started).ThenBy(r => r.RunId, StringComparer.Ordinal).Skip(query.Offset).Take(query.Limit).ToArray();
    }

    /// <summary>The view of the run's tenant, or null when the run is not the actor's.</summary>
    public async Task<(RunRecord Run, ILedgerView View)?> FindRunAsync(string runId, CancellationToken cancellationToken)
    {
        foreach (ILedgerView view in Views)
        {
            if (await view.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } run)
            {
                return (run, view);
            }
        }

        return null;
    }

    /// <summary>The station totals of <paramref name="runs"/> (the actor's, as listed), each asked of its tenant's view.</summary>
    public async Task<IReadOnlyList<StationTotalsRecord>> ListStationTotalsAsync(IReadOnlyList<RunRecord> runs, CancellationToken cancellationToken)
    {
        var totals = new List<StationTotalsRecord>();
        foreach (ILedgerView view in Views)
        {
            string[] ids = runs.Where(r => view.Scope.Tenant is null || r.Job.Tenant == view.Scope.Tenant).Select(r => r.RunId).ToArray();
            if (ids.Length > 0)
            {
                totals.AddRange(await view.ListStationTotalsAsync(ids, cancellationToken).ConfigureAwait(false));
            }
        }

        return totals;
    }

    public async Task<IReadOnlyList<DeadLetterRecord>> ListDeadLettersAsync(DeadLetterQuery query, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetterRecord>();
        foreach (ILedgerView view in For(query.Tenant))
        {
            letters.AddRange(await view.ListDeadLettersAsync(query with { Offset = 0, Limit = query.Offset + query.Limit }, cancellationToken).ConfigureAwait(false));
        }

        return letters.OrderBy(l => l.Id).Skip(query.Offset).Take(query.Limit).ToArray();
    }

    /// <summary>One dead letter with the view of its tenant, or null when it is not the actor's.</summary>
    public async Task<(DeadLetterRecord Letter, ILedgerView View)?> FindDeadLetterAsync(long id, CancellationToken cancellationToken)
    {
        foreach (ILedgerView view in Views)
        {
            if (await view.GetDeadLetterAsync(id, cancellationToken).ConfigureAwait(false) is { } letter)
            {
                return (letter, view);
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        foreach (ILedgerView view in For(query.Tenant))
        {
            entries.AddRange(await view.ListAuditAsync(query, cancellationToken).ConfigureAwait(false));
        }

        return entries.OrderBy(e => e.Id).Take(query.Limit).ToArray();
    }

    /// <summary>The items waiting at gates that the actor may see (the store lists every tenant's; the actor's only are kept).</summary>
    public async Task<IReadOnlyList<GateItem>> WaitingAsync(string? runId, CancellationToken cancellationToken)
    {
        IReadOnlyList<GateItem> waiting = await ledger.Gates.WaitingAsync(runId, cancellationToken).ConfigureAwait(false);
        return waiting.Where(i => actor.Sees(i.Tenant)).ToArray();
    }

    /// <summary>The actor as the gate store judges them: their permissions, for the tenant of the item they decide on.</summary>
    public GateActor GateActorFor(string tenant) => new(actor.Name, actor.Permissions, actor.AllTenants ? [tenant] : actor.Tenants);

    public IGateStore Gates => ledger.Gates;
}
