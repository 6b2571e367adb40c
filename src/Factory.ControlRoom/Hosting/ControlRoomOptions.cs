using System;
using System.Collections.Generic;
using Factory.Ledger;

namespace Factory.ControlRoom;

/// <summary>
/// How the control room signs people in, what it shows and what it reads. With no
/// <see cref="Users"/>, <see cref="ApiKeys"/> or <see cref="OpenIdConnect"/> it is closed: it
/// answers only on loopback, to a one-time token it writes to the log at start.
/// </summary>
public sealed class ControlRoomOptions
{
    /// <summary>People who sign in with a name and a password (hashed: <see cref="ControlRoomSecrets.HashPassword"/>).</summary>
    public IList<ControlRoomUser> Users { get; } = [];

    /// <summary>Keys for automation (hashed: <see cref="ControlRoomSecrets.HashApiKey"/>), sent in <see cref="ApiKeyHeader"/>.</summary>
    public IList<ControlRoomApiKey> ApiKeys { get; } = [];

    /// <summary>Sign-in through an OpenID Connect provider, the production option; null for none.</summary>
    public ControlRoomOpenIdConnect? OpenIdConnect { get; set; }

    /// <summary>The lines whose runs the console draws (their generated <c>Descriptor</c>); live runs bring their own.</summary>
    public IList<LineDescriptor> Lines { get; } = [];

    /// <summary>The ledger it reads; null to take the <see cref="ILedger"/> registered in the services.</summary>
    public ILedger? Ledger { get; set; }

    /// <summary>
    /// JSON metadata (source-generated) of gate payload types, usually the ledger's <c>Inputs</c> resolver:
    /// the console shows a typed payload through it and reads an approver's edited form back into the type.
    /// </summary>
    public System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver? Json { get; set; }

    /// <summary>The header API keys are sent in.</summary>
    public string ApiKeyHeader { get; set; } = "X-Factory-Key";

    /// <summary>How many sign-in attempts per client address, and failures per name, the console takes before it refuses more.</summary>
    public ControlRoomSignInLimits SignInLimits { get; } = new();

    /// <summary>How long a sign-in lasts without use.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>True when nobody can sign in but with the one-time token (no users, keys or OpenID Connect).</summary>
    public bool IsClosed => Users.Count == 0 && ApiKeys.Count == 0 && OpenIdConnect is null;

    /// <summary>The replays operators may start from the console, by line name (<see cref="ControlRoomReplays.Add{TIn, TOut}"/>).</summary>
    public ControlRoomReplays Replays { get; } = new();
}
