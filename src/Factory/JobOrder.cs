using System;

namespace Factory;

/// <summary>
/// The scope of a run: which customer it is for. Permissions, budgets and secrets arrive with the
/// job-order issue; today a job order names the run and its tenant.
/// </summary>
public sealed class JobOrder
{
    /// <summary>Creates a job order.</summary>
    /// <param name="id">The job's id; a new id is made when omitted.</param>
    /// <param name="tenant">The customer the job runs for.</param>
    public JobOrder(string? id = null, string tenant = DefaultTenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        Id = string.IsNullOrWhiteSpace(id) ? Guid.NewGuid().ToString("N") : id;
        Tenant = tenant;
    }

    /// <summary>The tenant used when none is given.</summary>
    public const string DefaultTenant = "default";

    /// <summary>The job's id.</summary>
    public string Id { get; }

    /// <summary>The customer the job runs for.</summary>
    public string Tenant { get; }

    /// <inheritdoc />
    public override string ToString() => $"job {Id} for tenant {Tenant}";
}
