using System;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>
/// A line's routes on a task of their own, reading a belt: used when the station before them has
/// several workers, so no single worker can run the routes (otherwise see
/// <see cref="FusedRouter{TBase, TSwitch}"/>).
/// </summary>
internal sealed class RouterStage<TBase, TSwitch>(RunState run, RouteSorter<TBase, TSwitch> sorter, Belt<TBase> input) : IStage, IReportsMissing
    where TSwitch : struct, IRouteSwitch<TBase>
{
    public SplitRegistry? MissingTo
    {
        set => sorter.MissingTo = value;
    }

    public Task Start() => Task.Run(RouteAsync);

    private async Task RouteAsync()
    {
        var inbox = new Material<TBase>[Outbox<TBase>.MaxBatch];
        var waiter = new ReusableWaiter();
        CancellationToken token = run.Token;
        try
        {
            sorter.Open();
            while (true)
            {
                token.ThrowIfCancellationRequested();
                int taken = input.TryRead(inbox);
                if (taken == 0)
                {
                    await sorter.FlushAllAsync().ConfigureAwait(false);
                    if (!await input.WaitToReadAsync(waiter).ConfigureAwait(false))
                    {
                        break;
                    }

                    continue;
                }

                run.RefreshInstrumented();
                for (int i = 0; i < taken; i++)
                {
                    Material<TBase> material = inbox[i];
                    inbox[i] = default;
                    if (sorter.Sort(material) is { } full)
                    {
                        await full.FlushFullAsync().ConfigureAwait(false);
                    }
                }
            }

            await sorter.FlushAllAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            run.Stopped(exception, $"The routes after '{sorter.Routed.Path}'");
        }
        finally
        {
            sorter.Complete(run.CompletionError);
        }
    }
}
