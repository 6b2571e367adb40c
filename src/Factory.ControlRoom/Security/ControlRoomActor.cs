using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Factory.ControlRoom;

/// <summary>How an actor proved who they are.</summary>
internal enum SignInKind
{
    /// <summary>A cookie session (a password, OpenID Connect or the one-time token made it): unsafe requests need the form's token.</summary>
    Cookie,

    /// <summary>An API key in a header: no cookie, so no cross-site request can carry it.</summary>
    ApiKey,
}

/// <summary>Who makes a request: name, role, the tenants they see (or every tenant), their gate permissions.</summary>
internal sealed class ControlRoomActor
{
    public const string AllTenantsMark = "*";

    public ControlRoomActor(string name, ControlRoomRole role, IEnumerable<string> tenants, IEnumerable<string> permissions, SignInKind kind, string? session)
    {
        Name = name;
        Role = role;
        ImmutableSortedSet<string> set = tenants.Where(t => !string.IsNullOrWhiteSpace(t)).ToImmutableSortedSet(StringComparer.Ordinal);
        AllTenants = set.Contains(AllTenantsMark);
        Tenants = set.Remove(AllTenantsMark);
        Permissions = permissions.ToImmutableSortedSet(StringComparer.Ordinal);
        Kind = kind;
        Session = session;
    }

    public string Name { get; }

    public ControlRoomRole Role { get; }

    /// <summary>True when granted every tenant's records.</summary>
    public bool AllTenants { get; }

    /// <summary>The tenants named (empty with <see cref="AllTenants"/>).</summary>
    public ImmutableSortedSet<string> Tenants { get; }

    public ImmutableSortedSet<string> Permissions { get; }

    public SignInKind Kind { get; }

    /// <summary>The cookie session's id, which the form token is bound to; null for an API key.</summary>
    public string? Session { get; }

    public bool Sees(string tenant) => AllTenants || Tenants.Contains(tenant);

    public bool May(ControlRoomRole role) => Role >= role;

    public override string ToString() => Name;
}
