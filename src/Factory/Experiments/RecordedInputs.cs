using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;

namespace Factory.Experiments;

/// <summary>
/// The inputs of a run the ledger kept (<see cref="LedgerObserveOptions.KeepInputs"/>), read back typed,
/// in the order they entered: an experiment's inputs (<see cref="Experiment{TIn, TOut}.RunAsync(RecordedInputs{TIn}, IScorer{TIn, TOut}, CancellationToken)"/>).
/// Each value is the input as the ledger kept it: <c>[Sensitive]</c> members blanked, secrets redacted.
/// </summary>
/// <typeparam name="TIn">The recorded line's input type.</typeparam>
/// <param name="RunId">The recorded run.</param>
/// <param name="Sequences">Each input's sequence in that run (its ledger id with the run id), in order.</param>
/// <param name="Values">The inputs, in the same order.</param>
public sealed record RecordedInputs<TIn>(string RunId, IReadOnlyList<long> Sequences, IReadOnlyList<TIn> Values);

/// <summary>Reads a run's kept inputs from a ledger.</summary>
public static class RecordedInputs
{
    private const int Page = 1000;

    /// <summary>
    /// The inputs of run <paramref name="runId"/> as <paramref name="view"/> may see it (another tenant's
    /// run reads as not there), through <paramref name="inputType"/> (the line's source-generated JSON metadata).
    /// </summary>
    /// <exception cref="LedgerException">The view holds no such run, or an input of it was not kept or does not read as <typeparamref name="TIn"/>.</exception>
    public static async Task<RecordedInputs<TIn>> LoadAsync<TIn>(ILedgerView view, string runId, JsonTypeInfo<TIn> inputType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(inputType);
        if (await view.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new LedgerException($"The ledger holds no run '{runId}' in the scope of {view.Scope}.");
        }

        var sequences = new List<long>();
        var values = new List<TIn>();
        while (true)
        {
            IReadOnlyList<InputRecord> page = await view.ListInputsAsync(runId, new PageQuery { Limit = Page, Offset = sequences.Count }, cancellationToken).ConfigureAwait(false);
            foreach (InputRecord input in page)
            {
                sequences.Add(input.Sequence);
                values.Add(Read(input, inputType));
            }

            if (page.Count < Page)
            {
                return new RecordedInputs<TIn>(runId, sequences, values);
            }
        }
    }

    private static TIn Read<TIn>(InputRecord input, JsonTypeInfo<TIn> inputType)
    {
        if (input.InputJson is null)
        {
            throw new LedgerException($"Input {input.Sequence} of run '{input.RunId}' was not kept: record the run with LedgerObserveOptions.KeepInputs and JSON metadata that lists its type (a non-record type with [Sensitive] members is never kept).");
        }

        try
        {
            return JsonSerializer.Deserialize(input.InputJson, inputType) ?? throw new JsonException("the JSON is null");
        }
        catch (JsonException exception)
        {
            throw new LedgerException($"Input {input.Sequence} of run '{input.RunId}' does not read as {typeof(TIn).FullName}: {exception.Message}", exception);
        }
    }
}
