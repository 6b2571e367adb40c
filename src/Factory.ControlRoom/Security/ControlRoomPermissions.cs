using System;
using System.Collections.Generic;
using System.Collections.Frozen;

namespace Factory.ControlRoom;

/// <summary>
/// Who may call each of the control room's endpoints: the one table every request is checked
/// against. An endpoint that is not in it cannot be mapped (mapping throws), and the test suite
/// walks every mapped endpoint through every role. What an endpoint shows or changes is further
/// confined to the caller's tenants, and a gate's own approver permissions still apply.
/// </summary>
public static class ControlRoomPermissions
{
    /// <summary>Every endpoint, as <c>METHOD /pattern</c> under the console's prefix, and the least role that may call it (null: anyone, signed in or not).</summary>
    public static IReadOnlyDictionary<string, ControlRoomRole?> Table { get; } = new Dictionary<string, ControlRoomRole?>(StringComparer.Ordinal)
    {
        // Signing in, and the console's own stylesheet and script.
        ["GET /signin"] = null,
        ["POST /signin"] = null,
        ["GET /signin/oidc"] = null,
        ["GET /signin/oidc/callback"] = null,
        ["POST /signin/oidc/callback"] = null,
        ["GET /assets/{name}"] = null,
        ["POST /signout"] = ControlRoomRole.Viewer,

        // Watching.
        ["GET /"] = ControlRoomRole.Viewer,
        ["GET /runs/{runId}"] = ControlRoomRole.Viewer,
        ["GET /runs/{runId}/events"] = ControlRoomRole.Viewer,
        ["GET /runs/{runId}/materials/{materialId}"] = ControlRoomRole.Viewer,
        ["GET /dead-letters"] = ControlRoomRole.Viewer,
        ["GET /dead-letters/{id}"] = ControlRoomRole.Viewer,
        ["GET /gates"] = ControlRoomRole.Viewer,
        ["GET /gates/item"] = ControlRoomRole.Viewer,
        ["GET /audit"] = ControlRoomRole.Viewer,

        // Operating.
        ["POST /runs/{runId}/pause"] = ControlRoomRole.Operator,
        ["POST /runs/{runId}/resume"] = ControlRoomRole.Operator,
        ["POST /runs/{runId}/cancel"] = ControlRoomRole.Operator,
        ["POST /runs/{runId}/replay"] = ControlRoomRole.Operator,
        ["POST /dead-letters/{id}/replay"] = ControlRoomRole.Operator,
        ["POST /dead-letters/replay"] = ControlRoomRole.Operator,
        ["POST /dead-letters/{id}/discard"] = ControlRoomRole.Operator,

        // Deciding.
        ["POST /gates/item"] = ControlRoomRole.Approver,

        // Administering.
        ["GET /admin"] = ControlRoomRole.Admin,
        ["POST /admin/purge"] = ControlRoomRole.Admin,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The least role for <paramref name="method"/> <paramref name="pattern"/>.</summary>
    /// <exception cref="InvalidOperationException">The endpoint is not in <see cref="Table"/>.</exception>
    internal static ControlRoomRole? For(string method, string pattern) =>
        Table.TryGetValue(method + " " + pattern, out ControlRoomRole? role)
            ? role
            : throw new InvalidOperationException($"The control room endpoint '{method} {pattern}' is not in ControlRoomPermissions.Table: add it there with the least role that may call it.");
}
