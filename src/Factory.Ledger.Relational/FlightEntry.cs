namespace Factory.Ledger.Relational;

/// <summary>One slot of a flight file that still named a material: the input (root), the material, the station's index in the line.</summary>
internal readonly record struct FlightEntry(long Root, long MaterialId, int Station);
