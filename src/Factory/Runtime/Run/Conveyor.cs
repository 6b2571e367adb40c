using System;
using System.ComponentModel;
using System.Threading;

namespace Factory.Runtime;

/// <summary>Starts assembling a run of a line.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Conveyor
{
    /// <summary>The entry of a new run of <paramref name="line"/>.</summary>
    /// <exception cref="PermissionDeniedException">The job order lacks a permission a station requires.</exception>
    public static Conveyor<TIn> Begin<TIn>(LineDescriptor line, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Transport is PlanCapture capture)
        {
            return new Conveyor<TIn>(new LineWiring(line, new LinePlan(line)) { Transport = capture }, new EntryProducer<TIn>());
        }

        var run = new RunState(line, options, cancellationToken);
        var wiring = options.Transport is null
            ? new LineWiring(run)
            : new LineWiring(run) { Plan = new LinePlan(line), Transport = options.Transport };
        return new Conveyor<TIn>(wiring, new EntryProducer<TIn>());
    }
}
