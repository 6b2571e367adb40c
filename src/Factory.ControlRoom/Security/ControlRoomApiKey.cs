using System.Collections.Generic;

namespace Factory.ControlRoom;

/// <summary>A key for automation, sent in the <see cref="ControlRoomOptions.ApiKeyHeader"/> header.</summary>
/// <param name="Name">The key's name, recorded as the actor of everything done with it.</param>
/// <param name="KeyHash">The key as <see cref="ControlRoomSecrets.HashApiKey"/> made it; never the key.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Tenants">The tenants whose records it sees and acts on; <c>*</c> for every tenant.</param>
public sealed record ControlRoomApiKey(string Name, string KeyHash, ControlRoomRole Role, IReadOnlyList<string> Tenants)
{
    /// <summary>The permissions it holds at gates.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];
}
