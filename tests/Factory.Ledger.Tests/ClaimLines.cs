using System.Text.Json.Serialization;

namespace Factory.Ledger.Tests;

/// <summary>An insurance claim: the card it pays to is sensitive and must never reach the ledger.</summary>
public sealed record Claim(int Id, string Text, [property: Sensitive] string Card);

/// <summary>Sorts a claim by its text: "water" damage or "other".</summary>
[Station]
public sealed partial class SortClaim
{
    public string Process(Claim claim) => claim.Text.Contains("water", System.StringComparison.Ordinal) ? "water" : "other";
}

/// <summary>Version 2, which also calls "flood" water (20 of 60 wrong), and claim 0 "other" (one more).</summary>
[Station(Name = "SortClaim", Version = "2")]
public sealed partial class SortClaimV2
{
    public string Process(Claim claim) => claim.Id != 0 && (claim.Text.Contains("water", System.StringComparison.Ordinal) || claim.Text.Contains("flood", System.StringComparison.Ordinal)) ? "water" : "other";
}

[Line]
[Step<SortClaim>]
public sealed partial class ClaimLine;

[Line]
[Step<SortClaimV2>]
public sealed partial class ClaimLineV2;

[JsonSerializable(typeof(Claim))]
internal sealed partial class ClaimJson : JsonSerializerContext;
