using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Factory.Cli.Output;
using Factory.Cli.Quality;
using Factory.Quality;
using Spectre.Console;

namespace Factory.Cli.Commands;

/// <summary>
/// <c>factory reviews list|show|ok|defect</c>: the review queue of sampled outputs, through the scope's
/// quality store (<see cref="Ledger.ILedgerView.Quality"/>), which records each review once and audits
/// it with the operator (<c>--as</c>). Inputs and outputs are shown as the ledger keeps them: JSON,
/// secrets redacted and <c>[Sensitive]</c> members blank.
/// </summary>
internal static class ReviewsCommand
{
    public static Command Create(CliHost host, GlobalOptions options)
    {
        var reviews = new Command("reviews", "The review queue: sampled outputs, and reviewing them.");
        reviews.Add(List(host, options));
        reviews.Add(Show(host, options));
        reviews.Add(Ok(host, options));
        reviews.Add(Defect(host, options));
        return reviews;
    }

    /// <summary>The sample, or exit 2 (another tenant's reads as none).</summary>
    private static async Task<ReviewItem> FindAsync(Session session, long id, CancellationToken cancellationToken) =>
        await session.View.Quality.GetReviewAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw CliException.NotFound($"No sample {id} {session.Where}: list the review queue with 'factory reviews list'.");

    private static Command List(CliHost host, GlobalOptions options)
    {
        var station = new Option<string?>("--station") { Description = "Only this station's samples (its path)." };
        var run = new Option<string?>("--run") { Description = "Only this run's." };
        var pending = new Option<bool>("--pending") { Description = "Only those not reviewed yet." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Sampled outputs, oldest first, reviewed or not.\nExample: factory reviews list --pending --station Classify --ledger factory.db --tenant acme") { station, run, pending, limit };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            var query = new ReviewQuery
            {
                Station = parse.GetValue(station),
                RunId = parse.GetValue(run),
                Status = parse.GetValue(pending) ? ReviewStatus.Open : null,
                Limit = parse.GetValue(limit),
            };
            IReadOnlyList<ReviewItem> items = await session.View.Quality.ListReviewsAsync(query, cancellationToken).ConfigureAwait(false);
            PrintList(session.Screen, items);
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Show(CliHost host, GlobalOptions options)
    {
        var id = new Argument<long>("ID") { Description = "The sample's id (factory reviews list)." };
        var command = new Command("show", "One sample: its station, version, input and output as JSON, and its review.\nExample: factory reviews show 12 --ledger factory.db --tenant acme") { id };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            PrintOne(session.Screen, await FindAsync(session, parse.GetValue(id), cancellationToken).ConfigureAwait(false));
            return ExitCode.Ok;
        }));
        return command;
    }

    private static Command Ok(CliHost host, GlobalOptions options)
    {
        var id = new Argument<long>("ID") { Description = "The sample's id." };
        var note = new Option<string?>("--note") { Description = "A note kept with the review." };
        var command = new Command("ok", "Review a sample as right, as the operator (--as); audited.\nExample: factory reviews ok 12 --as ann --ledger factory.db --tenant acme") { id, note };
        command.SetAction(FactoryCli.Action(host, options, (session, parse, cancellationToken) =>
            ReviewAsync(session, parse.GetValue(id), new InspectionResult(Verdict.Ok, null, parse.GetValue(note)), null, cancellationToken)));
        return command;
    }

    private static Command Defect(CliHost host, GlobalOptions options)
    {
        var id = new Argument<long>("ID") { Description = "The sample's id." };
        var category = new Option<string?>("--category") { Description = "What kind of defect, e.g. wrong-category (required)." };
        var note = new Option<string?>("--note") { Description = "A note kept with the review." };
        var corrected = new Option<string?>("--corrected") { Description = "The output the station should have given, as JSON (needs the app's own entry point: docs/cli.md#reviews)." };
        var set = new Option<string[]>("--set") { Description = "A corrected output as the station's with edits: Field=Value (repeat it; a dotted path reaches nested fields)." };
        var command = new Command("defect", "Review a sample as wrong, as the operator (--as); audited.\nExample: factory reviews defect 12 --category wrong-category --note \"a refund, not billing\" --as ann --ledger factory.db --tenant acme") { id, category, note, corrected, set };
        command.SetAction(FactoryCli.Action(host, options, async (session, parse, cancellationToken) =>
        {
            string? kind = parse.GetValue(category);
            if (string.IsNullOrWhiteSpace(kind))
            {
                throw CliException.Usage("A defect needs --category NAME (e.g. wrong-category): defect rates are counted by it.");
            }

            string? whole = parse.GetValue(corrected);
            string[] sets = parse.GetValue(set) ?? [];
            if (whole is not null && sets.Length > 0)
            {
                throw CliException.Usage("Both --corrected and --set: give the whole corrected output, or the edits to the station's.");
            }

            var correction = whole is null && sets.Length == 0 ? null : new Correction(whole, sets);
            return await ReviewAsync(session, parse.GetValue(id), InspectionResult.Defect(kind, parse.GetValue(note)), correction, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>A corrected output as given: the whole JSON, or edits to the station's output.</summary>
    private sealed record Correction(string? Json, string[] Sets);

    private static async Task<int> ReviewAsync(Session session, long id, InspectionResult result, Correction? correction, CancellationToken cancellationToken)
    {
        ReviewItem item = await FindAsync(session, id, cancellationToken).ConfigureAwait(false);
        if (item.Review is { } done)
        {
            throw CliException.Refused($"Sample {id} (station {item.Station}, run {item.RunId}) was reviewed already, {Words.Kebab(done.Result.Verdict.ToString())} by {done.Reviewer} at {Words.Time(done.Time)}: a sample is reviewed once.");
        }

        ReviewItem after;
        try
        {
            after = correction is null
                ? await session.View.Quality.ReviewAsync(id, session.Actor, result, cancellationToken).ConfigureAwait(false)
                : await Corrector(session, item).ReviewAsync(session.View.Quality, id, session.Actor, result, CorrectedJson(item, correction), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException refused)
        {
            // Reviewed by someone else in between: the store's own words name who and when.
            throw CliException.Refused(refused.Message);
        }
        catch (ArgumentException refused)
        {
            // A corrected output of another type, or one the application's validator rejects.
            throw CliException.Refused(refused.Message);
        }

        if (session.Screen.IsJson)
        {
            session.Screen.Json(json => QualityJson.Sample(json, after, withValues: false));
        }
        else
        {
            string corrected = after.Review?.CorrectedJson is null ? string.Empty : ", with a corrected output";
            string kind = result.IsDefect ? $"a defect ({result.Category}){corrected}" : "ok";
            session.Screen.Line($"sample {id} (station {item.Station} v{item.StationVersion}, run {item.RunId}) reviewed by {session.Actor}: {kind}");
        }

        return ExitCode.Ok;
    }

    /// <summary>How this process reads the output type, or a refusal saying where a correction can be recorded.</summary>
    private static ReviewCorrection Corrector(Session session, ReviewItem item) =>
        session.Host.Corrections.Find(item.OutputType)
            ?? throw CliException.Refused(
                $"This process cannot read a corrected {item.OutputType} (station {item.Station}): the factory tool has none of your line's types. "
                + "Record the defect without --corrected/--set, or from your application's own entry point on Factory.Cli with CliHost.Corrections (docs/cli.md#reviews).");

    private static string CorrectedJson(ReviewItem item, Correction correction)
    {
        if (correction.Json is { } json)
        {
            return json;
        }

        string output = item.OutputJson ?? throw CliException.Refused($"Sample {item.Id} kept no output to edit (the ledger could not write a {item.OutputType} as JSON): give the whole output with --corrected JSON.");
        return PayloadEdit.Apply(output, correction.Sets).ToJsonString();
    }

    private static void PrintList(Screen screen, IReadOnlyList<ReviewItem> items)
    {
        if (screen.IsJson)
        {
            screen.Json(json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("samples");
                foreach (ReviewItem item in items)
                {
                    QualityJson.Sample(json, item, withValues: false);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        if (items.Count == 0)
        {
            screen.Line("no samples");
            return;
        }

        Table table = Screen.Table("id", "run", "tenant", "station", "material", "reason", "sampled", "status", "review");
        foreach (ReviewItem item in items)
        {
            Screen.Row(
                table,
                Screen.Cell(item.Id.ToString(CultureInfo.InvariantCulture)),
                Screen.Cell(item.RunId),
                Screen.Cell(item.Tenant),
                Screen.Cell($"{item.Station} v{item.StationVersion}"),
                Screen.Cell(item.MaterialId.ToString(CultureInfo.InvariantCulture)),
                Screen.Cell(Words.Kebab(item.Reason.ToString())),
                Screen.Cell(Words.Time(item.Sampled)),
                Screen.Word(Words.Kebab(item.Status.ToString())),
                Screen.Cell(Described(item.Review)));
        }

        screen.Write(table);
    }

    private static void PrintOne(Screen screen, ReviewItem item)
    {
        if (screen.IsJson)
        {
            screen.Json(json => QualityJson.Sample(json, item, withValues: true));
            return;
        }

        screen.Fields(
            $"sample {item.Id}",
            [
                ("run", item.RunId),
                ("tenant", item.Tenant),
                ("line", item.Line),
                ("station", $"{item.Station} v{item.StationVersion}"),
                ("material", $"{item.MaterialId} (input {item.Root})"),
                ("reason", Words.Kebab(item.Reason.ToString())),
                ("sampled", Words.Time(item.Sampled)),
                ("status", Words.Kebab(item.Status.ToString())),
                ("review", Described(item.Review)),
            ]);
        screen.Heading($"input ({item.InputType}):");
        screen.Line(item.InputJson is null ? "(not kept: the ledger's JSON metadata lacks the type)" : Screen.Pretty(item.InputJson));
        screen.Heading($"output ({item.OutputType}):");
        screen.Line(item.OutputJson is null ? "(not kept: the ledger's JSON metadata lacks the type)" : Screen.Pretty(item.OutputJson));
        if (item.Review?.CorrectedJson is { } corrected)
        {
            screen.Heading("corrected output:");
            screen.Line(Screen.Pretty(corrected));
        }
    }

    /// <summary>"defect (wrong-category) by ann at ...: note", or null when not reviewed.</summary>
    private static string? Described(ReviewRecord? review) =>
        review is null
            ? null
            : (review.Result.IsDefect ? $"defect ({review.Result.Category})" : "ok")
                + $" by {review.Reviewer} at {Words.Time(review.Time)}"
                + (review.Result.Note is { } note ? ": " + note : string.Empty);
}
