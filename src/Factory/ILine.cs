using System.Collections.Generic;
using System.Threading;

namespace Factory;

/// <summary>A line that turns <typeparamref name="TIn"/> materials into <typeparamref name="TOut"/> ones. Implemented by generated code.</summary>
public interface ILine<TIn, TOut>
{
    /// <summary>Runs the line over a sequence and streams its outputs.</summary>
    IAsyncEnumerable<TOut> RunAsync(IEnumerable<TIn> input, JobOrder? job = null, CancellationToken cancellationToken = default);

    /// <summary>Runs the line over an asynchronous sequence and streams its outputs.</summary>
    IAsyncEnumerable<TOut> RunAsync(IAsyncEnumerable<TIn> input, JobOrder? job = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a run fed through <see cref="LineRun{TIn, TOut}.Input"/>.</summary>
    LineRun<TIn, TOut> Start(JobOrder? job = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a run with a run id (to resume), observers (a ledger) and a job order.</summary>
    /// <exception cref="PermissionDeniedException">The job order lacks a permission a station requires.</exception>
    LineRun<TIn, TOut> Start(RunOptions options, CancellationToken cancellationToken = default);

    /// <summary>Runs the line over a sequence with run options, streaming its outputs.</summary>
    IAsyncEnumerable<TOut> RunAsync(IEnumerable<TIn> input, RunOptions options, CancellationToken cancellationToken = default);

    /// <summary>Runs the line over an asynchronous sequence with run options, streaming its outputs.</summary>
    IAsyncEnumerable<TOut> RunAsync(IAsyncEnumerable<TIn> input, RunOptions options, CancellationToken cancellationToken = default);
}
