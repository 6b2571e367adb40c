using System.Collections.Generic;

namespace Factory.ControlRoom;

/// <summary>A person who signs in with a name and a password.</summary>
/// <param name="Name">The sign-in name, recorded as the actor of everything they do.</param>
/// <param name="PasswordHash">The password as <see cref="ControlRoomSecrets.HashPassword"/> made it; never the password.</param>
/// <param name="Role">What they may do.</param>
/// <param name="Tenants">The tenants whose records they see and act on; <c>*</c> for every tenant.</param>
public sealed record ControlRoomUser(string Name, string PasswordHash, ControlRoomRole Role, IReadOnlyList<string> Tenants)
{
    /// <summary>The permissions they hold at gates (a gate's <c>Approvers</c> name them).</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];
}
