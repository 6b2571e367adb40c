namespace Factory.Experiments;

/// <summary>A figure of an experiment with its 95% interval.</summary>
/// <param name="Value">The figure.</param>
/// <param name="Low">The interval's lower bound.</param>
/// <param name="High">Its upper bound.</param>
public readonly record struct Estimate(double Value, double Low, double High);
