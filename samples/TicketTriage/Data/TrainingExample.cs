namespace TicketTriage.Data;

/// <summary>One line of the training file: a ticket text with its known category.</summary>
/// <param name="Id">The example's id.</param>
/// <param name="Category">The known category.</param>
/// <param name="Text">The ticket text, as a customer wrote it (noise and personal data included).</param>
public sealed record TrainingExample(string Id, string Category, string Text);
