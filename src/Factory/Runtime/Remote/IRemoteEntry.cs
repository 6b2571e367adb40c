using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>Where a run hands the materials that entered it to a <see cref="LineTransport"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRemoteEntry<TIn> : IAsyncDisposable
{
    /// <summary>
    /// Sends one material to the line's first station; done once the transport holds it durably, or has it under way
    /// (a bounded number at once), making it again until it holds it and failing the run when it cannot.
    /// </summary>
    ValueTask SendAsync(Material<TIn> material, CancellationToken cancellationToken);
}
