using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Factory.ControlRoom;

/// <summary>
/// Writes the console's own entries to the ledger's audit: sign-ins, refusals and the actions the
/// ledger does not audit itself (pause, resume, cancel). Discards, replays and gate decisions are
/// audited by the ledger in the same transaction as the change. The detail is JSON with before and after.
/// </summary>
internal sealed class RoomAudit(Room room)
{
    public const string SignedIn = "control-room.sign-in";
    public const string SignInRefused = "control-room.sign-in-refused";
    public const string SignedOut = "control-room.sign-out";
    public const string Refused = "control-room.refused";
    public const string RunPaused = "run.pause";
    public const string RunResumed = "run.resume-live";
    public const string RunCancelled = "run.cancel";

    public Task WriteAsync(string actor, string action, string target, string? tenant, string? before, string? after, string? why = null, CancellationToken cancellationToken = default)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (before is not null)
            {
                json.WriteString("before", before);
            }

            if (after is not null)
            {
                json.WriteString("after", after);
            }

            if (why is not null)
            {
                json.WriteString("why", why);
            }

            json.WriteEndObject();
        }

        string detail = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return room.Ledger.AppendAuditAsync(Clip(actor), action, Clip(target), detail, tenant, cancellationToken);
    }

    /// <summary>What a caller typed is kept short in the audit: a sign-in name or a path is no place for a megabyte.</summary>
    private static string Clip(string value) => value.Length <= 200 ? value : value[..200] + "…";
}
