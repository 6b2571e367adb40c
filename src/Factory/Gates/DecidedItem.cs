namespace Factory.Gates;

/// <summary>A parked item with its decision, as the run takes it to send the material on.</summary>
/// <param name="Item">The item as parked.</param>
/// <param name="Decision">Its one decision.</param>
public sealed record DecidedItem(GateItem Item, GateDecision Decision);
