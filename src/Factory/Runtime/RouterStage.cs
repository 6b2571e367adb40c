using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// Sends each material to the route its run-time type selects (the generated type switch). A
/// discard route records the material as discarded; a material no route takes becomes a dead
/// letter ("no route for type X"): nothing is dropped silently.
/// </summary>
internal sealed class RouterStage<TBase, TSwitch> : IStage, IReportsMissing
    where TSwitch : struct, IRouteSwitch<TBase>
{
    private readonly RunState run;
    private readonly StationDescriptor routed;
    private readonly TSwitch routes;
    private readonly Belt<TBase> input;
    private readonly Branch<TBase>?[] branches;
    private readonly List<Action<Exception?>> whenDone = [];

    public RouterStage(RunState run, StationDescriptor routed, TSwitch routes, Belt<TBase> input, int routeCount)
    {
        this.run = run;
        this.routed = routed;
        this.routes = routes;
        this.input = input;
        branches = new Branch<TBase>?[routeCount];
    }

    /// <summary>Set when the routes sit between a split and its gather.</summary>
    public SplitRegistry? MissingTo { private get; set; }

    public void SetBranch(int route, Branch<TBase> branch) => branches[route] = branch;

    /// <summary>Runs when the router is done, with the run's completion error (if any).</summary>
    public void WhenDone(Action<Exception?> action) => whenDone.Add(action);

    public Task Start() => Task.Run(RouteAsync);

    private async Task RouteAsync()
    {
        var inbox = new Material<TBase>[Outbox<TBase>.MaxBatch];
        var waiter = new ReusableWaiter();
        CancellationToken token = run.Token;
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                int taken = input.TryRead(inbox);
                if (taken == 0)
                {
                    await FlushAllAsync().ConfigureAwait(false);
                    if (!await input.WaitToReadAsync(waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                for (int i = 0; i < taken; i++)
                {
                    Material<TBase> material = inbox[i];
                    inbox[i] = default;
                    int route = routes.Select(material.Value);
                    if (route < 0)
                    {
                        NoRoute(material);
                    }
                    else if (branches[route] is not { } branch)
                    {
                        Discarded(material, route);
                    }
                    else if (branch.Add(material))
                    {
                        await branch.FlushFullAsync().ConfigureAwait(false);
                    }
                }
            }

            await FlushAllAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"The routes after '{routed.Path}'");
        }
        finally
        {
            Exception? error = run.CompletionError;
            foreach (Branch<TBase>? branch in branches)
            {
                branch?.Complete(error);
            }

            foreach (Action<Exception?> action in whenDone)
            {
                action(error);
            }
        }
    }

    private async ValueTask FlushAllAsync()
    {
        foreach (Branch<TBase>? branch in branches)
        {
            if (branch is not null)
            {
                await branch.FlushAsync().ConfigureAwait(false);
            }
        }
    }

    private void NoRoute(in Material<TBase> material)
    {
        MissingTo?.Missing(material.ParentId, material.Id);
        string type = material.Value is null ? "null" : material.Value.GetType().FullName ?? material.Value.GetType().Name;
        var reason = new NoRouteException(type);
        run.DeadLetter(new DeadLetter(
            material.Id,
            material.ParentId,
            routed.Path,
            routed.Version,
            1,
            typeof(NoRouteException).FullName!,
            reason.Message,
            material.Value,
            DateTimeOffset.UtcNow) { Root = material.Root });
    }

    private void Discarded(in Material<TBase> material, int route)
    {
        MissingTo?.Missing(material.ParentId, material.Id);
        run.Discard(new DiscardedMaterial(
            material.Id,
            material.ParentId,
            routed.Path,
            routes.CaseType(route),
            DiscardedMaterial.DiscardedByRoute,
            material.Value,
            DateTimeOffset.UtcNow) { Root = material.Root });
    }
}
