using System;

namespace TicketTriage.Model;

/// <summary>What the classifier says about one text.</summary>
/// <param name="Label">The most probable category.</param>
/// <param name="Confidence">Its posterior probability, 0..1.</param>
/// <param name="Margin">The log-probability gap to the runner-up (0 when there is only one category).</param>
public readonly record struct Prediction(string Label, double Confidence, double Margin)
{
    /// <summary>
    /// The prediction of a model's log scores (one per label, in <paramref name="labels"/> order): the best
    /// label, its softmax probability, and its gap to the runner-up.
    /// </summary>
    public static Prediction FromScores(string[] labels, ReadOnlySpan<double> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        // Softmax of the log scores, shifted by the maximum so the exponentials cannot overflow.
        double sum = 0;
        double runnerUp = double.NegativeInfinity;
        for (int i = 0; i < scores.Length; i++)
        {
            sum += Math.Exp(scores[i] - scores[best]);
            if (i != best && scores[i] > runnerUp)
            {
                runnerUp = scores[i];
            }
        }

        return new Prediction(labels[best], 1.0 / sum, scores.Length > 1 ? scores[best] - runnerUp : 0);
    }
}
