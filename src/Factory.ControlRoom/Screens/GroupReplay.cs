using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger;
using Microsoft.AspNetCore.Http;

namespace Factory.ControlRoom;

/// <summary>
/// Replays the open dead letters of one group (a station and a cause, optionally within one run),
/// after a dry run that says how many and through which line version. Each letter runs again in its
/// own new run, under its own job order: a group spans runs and jobs, and one letter must never run
/// under another job's permissions.
/// </summary>
internal static class GroupReplay
{
    public static async Task ReplayAsync(RoomRequest request)
    {
        string? station = await request.FormAsync("station").ConfigureAwait(false);
        string? type = await request.FormAsync("type").ConfigureAwait(false);
        string? pattern = await request.FormAsync("pattern").ConfigureAwait(false);
        string? run = await request.FormAsync("run").ConfigureAwait(false);
        if (string.IsNullOrEmpty(station) || string.IsNullOrEmpty(type) || pattern is null)
        {
            await request.PlainAsync("Name the group to replay: the form needs its station, type (the exception type) and pattern (the message pattern), as the dead letters screen shows them.", StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        // The actor's ledger confines the group to the actor's tenants: another tenant's group is not found.
        DeadLetterRecord[] letters = (await request.Ledger.ListDeadLettersAsync(
            new DeadLetterQuery { RunId = string.IsNullOrEmpty(run) ? null : run, Station = station, Status = DeadLetterStatus.Open, Limit = 100_000 },
            request.Http.RequestAborted).ConfigureAwait(false))
            .Where(l => DeadLetterGroups.InGroup(l, station, type, pattern))
            .ToArray();
        if (letters.Length == 0)
        {
            await request.NotFoundAsync().ConfigureAwait(false);
            return;
        }

        string group = $"station {station} ({type}: {pattern})";
        string message = await request.FormAsync("dryRun").ConfigureAwait(false) is not null
            ? await DryRunAsync(request, letters, group).ConfigureAwait(false)
            : await ReplayEachAsync(request, letters, group).ConfigureAwait(false);
        await request.HtmlAsync(Layout.Page(request, "Replay a dead letter group", html =>
        {
            Layout.Notice(html, message);
            string back = $"{request.Prefix}/dead-letters?station={Uri.EscapeDataString(station)}&type={Uri.EscapeDataString(type)}&pattern={Uri.EscapeDataString(pattern)}"
                + (string.IsNullOrEmpty(run) ? "" : "&run=" + Uri.EscapeDataString(run));
            html.Open("p").Link(back, "Back to the group").Close("p");
        })).ConfigureAwait(false);
    }

    /// <summary>How many would run again, per line: the version they would run through and the versions their runs recorded.</summary>
    private static async Task<string> DryRunAsync(RoomRequest request, IReadOnlyList<DeadLetterRecord> letters, string group)
    {
        var parts = new List<string>();
        foreach (IGrouping<string, DeadLetterRecord> line in letters.GroupBy(l => l.Line).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int replayable = line.Count(l => l.CanReplay);
            ControlRoomReplays.IReplayer? replayer = request.Room.Options.Replays.Find(line.Key);
            if (replayer is null)
            {
                parts.Add($"{line.Count()} of line '{line.Key}' cannot: this process does not replay that line (ControlRoomOptions.Replays.Add)");
                continue;
            }

            var recorded = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string runId in line.Select(l => l.RunId).Distinct(StringComparer.Ordinal))
            {
                if (await request.Ledger.FindRunAsync(runId, request.Http.RequestAborted).ConfigureAwait(false) is { } found)
                {
                    recorded.Add(found.Run.LineHash[..Math.Min(12, found.Run.LineHash.Length)]);
                }
            }

            parts.Add($"{replayable} of {line.Count()} from {line.Select(l => l.RunId).Distinct(StringComparer.Ordinal).Count()} runs would run again through line '{replayer.Descriptor.Name}' version {replayer.Version[..12]} (the runs recorded version {string.Join(", ", recorded)})");
        }

        return $"Dry run: {letters.Count} open dead letters of {group}: {string.Join("; ", parts)}. Each would run in its own new run under its own job order. Nothing was replayed.";
    }

    /// <summary>Replays each letter through the one-letter replay (which the ledger audits), and says what it did.</summary>
    private static async Task<string> ReplayEachAsync(RoomRequest request, IReadOnlyList<DeadLetterRecord> letters, string group)
    {
        string reason = (await request.FormAsync("reason").ConfigureAwait(false) ?? "").Trim();
        reason = reason.Length == 0 ? "replayed from the control room" : reason;
        int replayed = 0;
        var problems = new List<string>();
        foreach (DeadLetterRecord letter in letters)
        {
            ControlRoomReplays.IReplayer? replayer = request.Room.Options.Replays.Find(letter.Line);
            if (replayer is null)
            {
                problems.Add($"{letter.Id}: this process does not replay line '{letter.Line}'");
                continue;
            }

            if (!letter.CanReplay)
            {
                problems.Add($"{letter.Id}: its input is {letter.InputStatus}");
                continue;
            }

            try
            {
                (_, int count, _) = await replayer.ReplayAsync(request.Room.Ledger, letter.Id, request.Actor!.Name, reason, request.Http.RequestAborted).ConfigureAwait(false);
                replayed += count;
            }
            catch (LedgerException exception)
            {
                // Replayed or discarded meanwhile, or refused by the line: the others still go.
                problems.Add($"{letter.Id}: {exception.Message}");
            }
        }

        return $"Replayed {replayed} of {letters.Count} open dead letters of {group}, each in its own new run."
            + (problems.Count == 0 ? "" : " Left alone: " + string.Join("; ", problems) + ".");
    }
}
