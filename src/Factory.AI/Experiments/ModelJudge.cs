using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Factory.Experiments;
using Microsoft.Extensions.AI;

namespace Factory.AI.Experiments;

/// <summary>
/// A model as judge: for each input, a model of the catalog compares the variant's output with a
/// reference output (a label, a reviewer's correction, the baseline's known-good answer) and says which
/// answers the request better, or that they are equal. The output scores 1 when the judge prefers it,
/// 0.5 for a tie (counted right: as good as the reference), 0 when it prefers the reference.
/// Models favour the answer in one position, so which of the two comes first is drawn per input from
/// <see cref="Seed"/> and the input's text: half the inputs one way, half the other, and both variants'
/// outputs for an input in the same place, so the bias cancels in their paired difference. The call goes
/// through the catalog entry's pipeline (budget, retries, a cassette when one is wrapped in it), so an
/// experiment judged once can be judged again offline from the cassette, with the same figures.
/// </summary>
/// <typeparam name="TIn">The line's input type.</typeparam>
/// <typeparam name="TOut">The line's output type.</typeparam>
/// <param name="models">The catalog the judge's model is taken from (<see cref="Model"/>).</param>
/// <param name="reference">The reference output for an input.</param>
/// <param name="describeInput">The input as the judge reads it (keep secrets out: the prompt is sent, and a cassette keeps it).</param>
/// <param name="describeOutput">An output as the judge reads it.</param>
public sealed class ModelJudge<TIn, TOut>(ModelCatalog models, Func<TIn, TOut> reference, Func<TIn, string> describeInput, Func<TOut, string> describeOutput) : IScorer<TIn, TOut>
{
    /// <summary>What the judge's system prompt asks, before the answer format.</summary>
    public const string Instructions = "You judge two answers to the same request. Reply with exactly one word: 1 if answer 1 is better, 2 if answer 2 is better, tie if they are equally good.";

    /// <inheritdoc />
    public string Name { get; init; } = "model judge";

    /// <summary>The logical model name the catalog resolves (<see cref="ModelCatalog.Resolve"/>).</summary>
    public string Model { get; init; } = "judge";

    /// <summary>What makes an answer better, told to the judge with each request.</summary>
    public string Criteria { get; init; } = "The better answer is the more correct and complete one.";

    /// <summary>Draws which answer comes first: the same seed puts each input's answers in the same places.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The job order the judge's calls are charged to; a default one when null.</summary>
    public JobOrder? Job { get; init; }

    /// <summary>The judge must be awaited: use <see cref="ScoreAsync"/> (an experiment does).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public double Score(TIn input, TOut output) =>
        throw new NotSupportedException($"{Name} asks a model: call ScoreAsync (Experiment does), not Score.");

    /// <summary>Asks the judge whether <paramref name="output"/> answers <paramref name="input"/> better than the reference.</summary>
    /// <exception cref="InvalidOperationException">The judge answered something other than 1, 2 or tie; the message quotes it.</exception>
    public async ValueTask<double> ScoreAsync(TIn input, TOut output, CancellationToken cancellationToken)
    {
        string request = describeInput(input);
        bool outputFirst = OutputFirst(request);
        string candidate = describeOutput(output), known = describeOutput(reference(input));
        List<ChatMessage> messages =
        [
            new(ChatRole.System, Instructions),
            new(ChatRole.User, $"Request:\n{request}\n\n{Criteria}\n\nAnswer 1:\n{(outputFirst ? candidate : known)}\n\nAnswer 2:\n{(outputFirst ? known : candidate)}"),
        ];

        ModelEntry entry = models.Resolve(Model, Job);
        var call = new ModelCall(models, Name, "1", Model, entry, null, 1);
        ChatResponse response = await call.SendAsync(messages, new ChatOptions { ModelId = entry.Settings.ModelId, Temperature = 0, MaxOutputTokens = 8 }, Job ?? new JobOrder(), cancellationToken).ConfigureAwait(false);
        string verdict = response.Text.Trim().Trim('"', '\'', '.', '*').ToLowerInvariant();
        double? score = verdict switch
        {
            "tie" => 0.5,
            "1" => outputFirst ? 1 : 0,
            "2" => outputFirst ? 0 : 1,
            _ => null,
        };
        if (score is null)
        {
            string said = response.Text.Length > 200 ? response.Text[..200] + "…" : response.Text;
            call.Finish(ModelCallOutcome.Rejected, "not 1, 2 or tie");
            throw new InvalidOperationException($"{Name} (model '{entry.Name}') answered \"{said}\", not 1, 2 or tie, for the request \"{Short(request)}\". Tell it the format in Criteria, or use a model that follows it.");
        }

        call.Finish(ModelCallOutcome.Accepted, null);
        return score.Value;
    }

    /// <summary>Whether the variant's output is answer 1 for <paramref name="request"/>: a bit of SHA-256 of the seed and the request.</summary>
    public bool OutputFirst(string request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}\n{request}"), hash);
        return (hash[0] & 1) == 0;
    }

    private static string Short(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
