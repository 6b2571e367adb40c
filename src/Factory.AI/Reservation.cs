namespace Factory.AI;

/// <summary>Tokens and cost held for one call in flight.</summary>
/// <param name="Tokens">Tokens held.</param>
/// <param name="Cost">Cost held.</param>
public readonly record struct Reservation(long Tokens, decimal Cost)
{
    /// <summary>The hold's id in the shared ledger (<see cref="Factory.Ledger.BudgetHold.Id"/>), which its settlement names; null when the spend is counted in this process only.</summary>
    public string? HoldId { get; init; }
}
