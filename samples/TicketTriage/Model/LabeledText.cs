namespace TicketTriage.Model;

/// <summary>One training example: a text and its category.</summary>
/// <param name="Text">The text, prepared the way the line prepares tickets (normalized and redacted).</param>
/// <param name="Label">The category.</param>
public sealed record LabeledText(string Text, string Label);
