using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace Factory.Gates;

/// <summary>
/// Someone who decides at gates, with what they may do and for whom. The caller (a control room, a
/// command line) says who the actor is, from its own sign-in; the store checks the actor against each item.
/// </summary>
public sealed class GateActor
{
    /// <summary>Creates an actor.</summary>
    /// <param name="name">The actor's name, as recorded with decisions and compared with <see cref="JobOrder.Submitter"/>.</param>
    /// <param name="permissions">The permissions the actor holds (a gate's <see cref="GateAttribute.Approvers"/> name them).</param>
    /// <param name="tenants">The tenants the actor acts for; the permissions hold for these tenants only.</param>
    public GateActor(string name, IEnumerable<string> permissions, IEnumerable<string> tenants)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentNullException.ThrowIfNull(tenants);
        if (name == Decision<object>.TimeoutApprover)
        {
            throw new ArgumentException($"'{name}' is the name decisions made by a timeout carry; choose another actor name.", nameof(name));
        }

        Name = name;
        Permissions = permissions.ToImmutableHashSet(StringComparer.Ordinal);
        Tenants = tenants.ToImmutableHashSet(StringComparer.Ordinal);
    }

    /// <summary>The actor's name.</summary>
    public string Name { get; }

    /// <summary>The permissions the actor holds.</summary>
    public IImmutableSet<string> Permissions { get; }

    /// <summary>The tenants the actor acts for.</summary>
    public IImmutableSet<string> Tenants { get; }

    /// <summary>True when the actor acts for <paramref name="tenant"/> and holds any of <paramref name="approvers"/>.</summary>
    public bool MayDecide(string tenant, IReadOnlyList<string> approvers)
    {
        if (!Tenants.Contains(tenant))
        {
            return false;
        }

        foreach (string permission in approvers)
        {
            if (Permissions.Contains(permission))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
