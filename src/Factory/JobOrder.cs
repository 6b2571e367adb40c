using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Factory.Ledger;

namespace Factory;

/// <summary>
/// The scope of a run: which customer it is for, what it may do, how much it may spend, the secrets
/// it may use, and labels. The same line runs for many job orders; each run sees only its own.
/// </summary>
public sealed class JobOrder
{
    /// <summary>Creates a job order.</summary>
    /// <param name="id">The job's id; a new id is made when omitted.</param>
    /// <param name="tenant">The customer the job runs for.</param>
    public JobOrder(string? id = null, string tenant = DefaultTenant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        Id = string.IsNullOrWhiteSpace(id) ? Guid.NewGuid().ToString("N") : id;
        Tenant = tenant;
    }

    /// <summary>The tenant used when none is given.</summary>
    public const string DefaultTenant = "default";

    /// <summary>The job's id.</summary>
    public string Id { get; }

    /// <summary>The customer the job runs for.</summary>
    public string Tenant { get; }

    /// <summary>
    /// Who submitted the job, by the name deciders are known by (<see cref="Gates.GateActor.Name"/>): a
    /// gate with <see cref="GateAttribute.FourEyes"/> refuses their decision. Null when not known; a
    /// four-eyes gate then has no submitter to refuse.
    /// </summary>
    public string? Submitter { get; init; }

    /// <summary>
    /// What the job may do. A run starts only when every permission its line's stations require
    /// (<see cref="StationAttribute.Requires"/>) is here.
    /// </summary>
    public IImmutableSet<string> Permissions { get; init; } = ImmutableHashSet<string>.Empty;

    /// <summary>How much the job may spend.</summary>
    public JobBudget Budget { get; init; } = JobBudget.Unlimited;

    /// <summary>
    /// Where the job's token and cost budget is kept when its model calls run in several processes: each
    /// call's worst case is reserved in the job's row of this shared ledger, beside what every process spent
    /// and reserved, and settled there (<c>Factory.AI</c>'s <c>JobSpend.Of</c> takes it). Null (the default):
    /// this process counts the job's spend alone. A broker's worker sets it to its ledger on the job order it
    /// rebuilds from a message.
    /// </summary>
    public IJobBudgetLedger? BudgetLedger { get; init; }

    /// <summary>Secrets the job's stations may read; their values never reach logs, traces, the ledger or dead letters.</summary>
    public JobSecrets Secrets { get; init; } = JobSecrets.None;

    /// <summary>Free-form labels, recorded with the run.</summary>
    public IImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>True when the job grants <paramref name="permission"/>.</summary>
    public bool Grants(string permission) => Permissions.Contains(permission);

    /// <inheritdoc />
    public override string ToString() => $"job {Id} for tenant {Tenant}";
}

/// <summary>Limits of a job order. Null means no limit.</summary>
/// <param name="Deadline">When the run must end: unfinished materials are then recorded as not done.</param>
/// <param name="MaxMaterials">How many materials may enter the line; later ones become dead letters.</param>
/// <param name="MaxTokens">Model tokens the job may use (thinking units reserve against it).</param>
/// <param name="MaxCost">Model cost the job may spend, in the prices' currency.</param>
public sealed record JobBudget(DateTimeOffset? Deadline = null, long? MaxMaterials = null, long? MaxTokens = null, decimal? MaxCost = null)
{
    /// <summary>No limits.</summary>
    public static JobBudget Unlimited { get; } = new();
}

/// <summary>
/// The secrets of one job order. Values are handed to stations that ask by name and are never
/// printed: <see cref="ToString"/> lists names only, and <see cref="Redact"/> takes values out of text.
/// </summary>
public sealed class JobSecrets
{
    private readonly IReadOnlyDictionary<string, string> values;
    private SecretRedactor? redactor;

    /// <summary>Creates the secrets of a job.</summary>
    /// <exception cref="ArgumentException">
    /// A value is shorter than <see cref="SecretRedactor.MinimumLength"/> characters (but not empty):
    /// it could not be told from ordinary text, so it could not be redacted. The message names the secret.
    /// </exception>
    public JobSecrets(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        this.values = new Dictionary<string, string>(values, StringComparer.Ordinal);
        foreach ((string name, string value) in this.values)
        {
            if (value is { Length: > 0 and < SecretRedactor.MinimumLength })
            {
                throw new ArgumentException(
                    $"Secret '{name}' is {value.Length} characters long: a secret shorter than {SecretRedactor.MinimumLength} characters cannot be redacted without masking ordinary text wherever it occurs. Use a longer value.",
                    nameof(values));
            }
        }
    }

    /// <summary>No secrets.</summary>
    public static JobSecrets None { get; } = new(new Dictionary<string, string>());

    /// <summary>The secrets' names.</summary>
    public IEnumerable<string> Names => values.Keys;

    /// <summary>The value of secret <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The job has no such secret; the message names it, never a value.</exception>
    public string Get(string name) =>
        values.TryGetValue(name, out string? value)
            ? value
            : throw new KeyNotFoundException($"The job order has no secret named '{name}'.");

    /// <summary>True when the job has secret <paramref name="name"/>.</summary>
    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>
    /// <paramref name="text"/> with every secret value replaced by <c>***</c>: as written and escaped in
    /// JSON, URL-encoded or Base64-encoded, the longest match first in one pass (see <see cref="SecretRedactor"/>).
    /// </summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Redactor.Redact(text);
    }

    /// <summary>The redactor of these values, built on first use.</summary>
    internal SecretRedactor Redactor => redactor ??= SecretRedactor.For(values.Values);

    /// <inheritdoc />
    public override string ToString() => $"secrets: {string.Join(", ", values.Keys)}";
}
