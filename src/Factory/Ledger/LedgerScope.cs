using System;

namespace Factory.Ledger;

/// <summary>
/// Whose records a <see cref="ILedgerView"/> shows: one tenant's, or every tenant's by an explicit
/// grant naming who was granted it. The control room and the command line read only through a view,
/// so reading across tenants is always a decision someone made, never a default.
/// </summary>
public sealed class LedgerScope
{
    private LedgerScope(string? tenant, string? grantedTo)
    {
        Tenant = tenant;
        GrantedTo = grantedTo;
    }

    /// <summary>The tenant whose records are shown, or null for every tenant's (<see cref="AllTenants"/>).</summary>
    public string? Tenant { get; }

    /// <summary>Who was granted every tenant's records (<see cref="AllTenants"/>); null for a tenant's scope.</summary>
    public string? GrantedTo { get; }

    /// <summary>Only <paramref name="tenant"/>'s runs, inputs, materials, provenance, dead letters and audit entries.</summary>
    /// <exception cref="ArgumentException"><paramref name="tenant"/> is null, empty or white space.</exception>
    public static LedgerScope ForTenant(string tenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        return new LedgerScope(tenant, null);
    }

    /// <summary>
    /// Every tenant's records, and the audit entries that concern no tenant, granted to
    /// <paramref name="grantedTo"/> (an operator, a service account): say who may see everything.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="grantedTo"/> is null, empty or white space.</exception>
    public static LedgerScope AllTenants(string grantedTo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(grantedTo);
        return new LedgerScope(null, grantedTo);
    }

    /// <inheritdoc />
    public override string ToString() => Tenant is null ? $"all tenants (granted to {GrantedTo})" : $"tenant '{Tenant}'";
}
