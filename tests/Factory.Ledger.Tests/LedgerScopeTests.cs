using System;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>A <see cref="LedgerScope"/> names a tenant, or who was granted every tenant: never neither.</summary>
public sealed class LedgerScopeTests
{
    [Fact]
    public void A_scope_names_a_tenant_or_who_was_granted_every_tenant()
    {
        Assert.Throws<ArgumentException>(() => LedgerScope.AllTenants(""));
        Assert.Throws<ArgumentException>(() => LedgerScope.AllTenants("  "));
        Assert.ThrowsAny<ArgumentException>(() => LedgerScope.AllTenants(null!));
        Assert.Throws<ArgumentException>(() => LedgerScope.ForTenant(" "));
        Assert.ThrowsAny<ArgumentException>(() => LedgerScope.ForTenant(null!));

        LedgerScope all = LedgerScope.AllTenants("ops@factory");
        Assert.Null(all.Tenant);
        Assert.Equal("ops@factory", all.GrantedTo);
        LedgerScope acme = LedgerScope.ForTenant("acme");
        Assert.Equal("acme", acme.Tenant);
        Assert.Null(acme.GrantedTo);
    }
}
