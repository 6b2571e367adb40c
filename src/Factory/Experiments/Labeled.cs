namespace Factory.Experiments;

/// <summary>A recorded input with the output it should give: a label.</summary>
/// <param name="Input">The input, as the review queue kept it.</param>
/// <param name="Label">The right output: the reviewer's correction, or the output a reviewer found ok.</param>
/// <param name="SampleId">The sample it came from (<see cref="Quality.ReviewItem.Id"/>).</param>
public sealed record Labeled<TIn, TOut>(TIn Input, TOut Label, long SampleId);
