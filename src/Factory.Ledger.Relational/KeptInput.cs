using System.Data.Common;

namespace Factory.Ledger.Relational;

/// <summary>
/// An input a run keeps (<see cref="LedgerObserveOptions.KeepInputs"/>): its hash as always, and its JSON
/// as a dead letter keeps its input (<see cref="RunInfo.KeepInput"/>: <c>[Sensitive]</c> members blanked,
/// then the job's secrets redacted), in the <c>input_values</c> table beside the input's row.
/// </summary>
/// <param name="Hash">The input's hash (<see cref="InputHasher"/>), when taken.</param>
/// <param name="Json">Its JSON; null when there is nothing to keep (a type the resolver does not list, a non-record with sensitive members).</param>
internal sealed record KeptInput(string? Hash, string? Json)
{
    /// <summary>The entered event's payload for <paramref name="value"/> in a run that keeps its inputs.</summary>
    public static KeptInput Of(RunRecorder run, object? value, string? hash)
    {
        (DeadLetterInputStatus status, string? json, _) = InputJson.Of(run, run.Info.KeepInput(value));
        return new KeptInput(hash, status == DeadLetterInputStatus.Serialized ? json : null);
    }

    /// <summary>The hash an entered event carries: the payload itself, or the kept input's.</summary>
    public static string? HashOf(object? payload) => payload is KeptInput kept ? kept.Hash : payload as string;

    /// <summary>Writes the JSON of input <paramref name="sequence"/>; a resumed run's input is kept once, as it first entered.</summary>
    public static void Insert(DbConnection connection, DbTransaction? transaction, string run, long sequence, string json) =>
        Sql.Execute(
            connection,
            transaction,
            "INSERT INTO input_values (run_id, sequence, json) VALUES (@run, @sequence, @json) ON CONFLICT (run_id, sequence) DO NOTHING",
            ("@run", run),
            ("@sequence", sequence),
            ("@json", json));
}
