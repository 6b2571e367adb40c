using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Quality;
using TicketTriage.Cli;
using TicketTriage.Data;
using TicketTriage.Serialization;
using TicketTriage.Tickets;

namespace TicketTriage.Running;

/// <summary>
/// <c>--answer-reviews</c>: a reviewer who knows the answers. Every run samples 2% of Classify's
/// outputs into the ledger's review queue (<see cref="TriageSampling"/>); this answers each open one
/// from the ticket's known label, through the library's review API (ok, or a defect with the
/// corrected category), then prints the defect rate of every Classify version the ledger has seen,
/// with its Wilson 95% interval, from <see cref="IQualityStore.DefectRatesAsync"/>.
/// </summary>
public static class ReviewAnswers
{
    /// <summary>The reviewer's name in the ledger (and its audit).</summary>
    public const string Reviewer = "known-labels";

    /// <summary>The defect category of a wrong category.</summary>
    public const string WrongCategory = "wrong-category";

    /// <summary>Answers the open reviews of the ledger <paramref name="options"/> names and prints the defect rates; returns the exit code.</summary>
    public static async Task<int> RunAsync(TriageOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        await using ILedger? ledger = GateCommands.Open(options, output, out string shown);
        if (ledger is null)
        {
            return 1;
        }

        (int ok, int defects) = await AnswerAsync(ledger.Quality, cancellationToken).ConfigureAwait(false);
        output.WriteLine(Invariant($"answered {ok + defects:N0} open reviews of {TriageSampling.Station} in {shown} from the known labels: {ok:N0} ok, {defects:N0} defects"));
        IReadOnlyList<DefectRate> rates = await ledger.Quality.DefectRatesAsync(new DefectRateQuery { Station = TriageSampling.Station }, cancellationToken).ConfigureAwait(false);
        Write(output, rates);
        return 0;
    }

    /// <summary>Reviews every open sample of Classify: ok when its category is the known label, else a defect corrected to the label.</summary>
    public static async Task<(int Ok, int Defects)> AnswerAsync(IQualityStore quality, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quality);
        int ok = 0, defects = 0;
        while (true)
        {
            IReadOnlyList<ReviewItem> open = await quality.ListReviewsAsync(new ReviewQuery { Station = TriageSampling.Station }, cancellationToken).ConfigureAwait(false);
            if (open.Count == 0)
            {
                return (ok, defects);
            }

            foreach (ReviewItem item in open)
            {
                Classified classified = Read(item);
                if (string.Equals(classified.Category, classified.ExpectedCategory, StringComparison.Ordinal))
                {
                    await quality.ReviewAsync(item.Id, Reviewer, InspectionResult.Ok, cancellationToken).ConfigureAwait(false);
                    ok++;
                    continue;
                }

                await quality.ReviewAsync(
                    item.Id,
                    Reviewer,
                    InspectionResult.Defect(WrongCategory, Invariant($"{classified.ExpectedCategory}, not {classified.Category}")),
                    classified with { Category = classified.ExpectedCategory, Confidence = 1 },
                    TriageJsonContext.Lines.Classified,
                    c => Categories.All.Contains(c.Category, StringComparer.Ordinal) ? null : Invariant($"'{c.Category}' is not a category"),
                    cancellationToken).ConfigureAwait(false);
                defects++;
            }
        }
    }

    /// <summary>One line per tenant and Classify version: defects of inspected, the rate and its interval.</summary>
    public static void Write(TextWriter output, IReadOnlyList<DefectRate> rates)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rates);
        output.WriteLine(Invariant($"defect rate of {TriageSampling.Station} per version (Wilson 95% interval), over every review in the ledger:"));
        if (rates.Count == 0)
        {
            output.WriteLine("  nothing reviewed yet: run the line first (it samples 2% of the classifications)");
        }

        foreach (DefectRate rate in rates.OrderBy(r => r.StationVersion, StringComparer.Ordinal))
        {
            output.WriteLine(Invariant($"  {rate.Station} {rate.StationVersion,-20} tenant {rate.Tenant}: {rate.Defects:N0} defects of {rate.Inspected:N0} inspected = {Percent(rate.Rate)} (95% CI {Percent(rate.Interval.Low)} to {Percent(rate.Interval.High)})"));
        }
    }

    private static Classified Read(ReviewItem item)
    {
        Classified? classified = item.OutputJson is null ? null : JsonSerializer.Deserialize(item.OutputJson, TriageJsonContext.Lines.Classified);
        return classified ?? throw new InvalidDataException(Invariant($"Sample {item.Id} of run {item.RunId} at {item.Station} holds no classified ticket ({item.OutputType}); it cannot be answered from a label."));
    }

    private static string Percent(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
