namespace TicketTriage.Model;

/// <summary>What the classifier says about one text.</summary>
/// <param name="Label">The most probable category.</param>
/// <param name="Confidence">Its posterior probability, 0..1.</param>
/// <param name="Margin">The log-probability gap to the runner-up (0 when there is only one category).</param>
public readonly record struct Prediction(string Label, double Confidence, double Margin);
