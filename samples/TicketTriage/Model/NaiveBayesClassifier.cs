using System;
using System.Collections.Generic;
using System.Linq;

namespace TicketTriage.Model;

/// <summary>
/// Multinomial naive Bayes over hashed word unigrams and bigrams. Training counts, per category, how
/// often each feature bucket occurs; a prediction adds up log P(category) and, per feature occurrence,
/// log P(feature | category), with Laplace (add-alpha) smoothing over the buckets seen in training.
/// The posterior of the winner is the confidence. Trained once, then read-only: safe to share between
/// threads, and a prediction allocates nothing.
/// </summary>
public sealed class NaiveBayesClassifier
{
    private readonly string[] labels;
    private readonly double[] logPriors;

    // Laid out [bucket * classCount + class]: one feature's weights for every class sit side by side.
    private readonly float[] logLikelihoods;
    private readonly FeatureHasher hasher;

    private NaiveBayesClassifier(string[] labels, double[] logPriors, float[] logLikelihoods, FeatureHasher hasher, int trainingExamples, int vocabulary)
    {
        this.labels = labels;
        this.logPriors = logPriors;
        this.logLikelihoods = logLikelihoods;
        this.hasher = hasher;
        TrainingExamples = trainingExamples;
        Vocabulary = vocabulary;
    }

    /// <summary>The categories, in ordinal order.</summary>
    public IReadOnlyList<string> Labels => labels;

    /// <summary>How many examples the model was trained on.</summary>
    public int TrainingExamples { get; }

    /// <summary>How many distinct feature buckets occurred in training.</summary>
    public int Vocabulary { get; }

    /// <summary>The hasher that maps text to features.</summary>
    public FeatureHasher Hasher => hasher;

    /// <summary>Trains a model on <paramref name="examples"/>.</summary>
    /// <param name="examples">Labeled texts; at least one.</param>
    /// <param name="hasher">The feature hasher; 2^18 buckets when omitted.</param>
    /// <param name="alpha">The Laplace smoothing constant (1 = add-one).</param>
    public static NaiveBayesClassifier Train(IEnumerable<LabeledText> examples, FeatureHasher? hasher = null, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        hasher ??= new FeatureHasher();
        LabeledText[] data = examples.ToArray();
        if (data.Length == 0)
        {
            throw new ArgumentException("Naive Bayes needs at least one training example.", nameof(examples));
        }

        string[] labels = data.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var classOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++)
        {
            classOf[labels[i]] = i;
        }

        int classes = labels.Length;
        int buckets = hasher.BucketCount;
        var counts = new int[buckets * classes];
        var documents = new int[classes];
        var totals = new long[classes];
        foreach (LabeledText example in data)
        {
            int label = classOf[example.Label];
            documents[label]++;
            foreach (int bucket in hasher.Features(example.Text))
            {
                counts[(bucket * classes) + label]++;
                totals[label]++;
            }
        }

        int vocabulary = 0;
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            for (int label = 0; label < classes; label++)
            {
                if (counts[(bucket * classes) + label] != 0)
                {
                    vocabulary++;
                    break;
                }
            }
        }

        var logPriors = new double[classes];
        var logDenominators = new double[classes];
        for (int label = 0; label < classes; label++)
        {
            logPriors[label] = Math.Log((double)documents[label] / data.Length);
            logDenominators[label] = Math.Log(totals[label] + (alpha * Math.Max(1, vocabulary)));
        }

        var logLikelihoods = new float[counts.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            logLikelihoods[i] = (float)(Math.Log(counts[i] + alpha) - logDenominators[i % classes]);
        }

        return new NaiveBayesClassifier(labels, logPriors, logLikelihoods, hasher, data.Length, vocabulary);
    }

    /// <summary>The most probable category of <paramref name="text"/> and the model's confidence in it.</summary>
    public Prediction Predict(ReadOnlySpan<char> text)
    {
        int classes = labels.Length;
        Span<double> scores = classes <= 64 ? stackalloc double[classes] : new double[classes];
        Score(text, scores);

        return Prediction.FromScores(labels, scores);
    }

    /// <summary>The posterior probability of every category for <paramref name="text"/>, in <see cref="Labels"/> order.</summary>
    public IReadOnlyList<double> Probabilities(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scores = new double[labels.Length];
        Score(text, scores);
        double max = scores.Max();
        double sum = scores.Sum(s => Math.Exp(s - max));
        return scores.Select(s => Math.Exp(s - max) / sum).ToArray();
    }

    /// <summary>The share of <paramref name="examples"/> whose label the model predicts.</summary>
    public double Accuracy(IEnumerable<LabeledText> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        int total = 0;
        int correct = 0;
        foreach (LabeledText example in examples)
        {
            total++;
            if (string.Equals(Predict(example.Text).Label, example.Label, StringComparison.Ordinal))
            {
                correct++;
            }
        }

        return total == 0 ? 0 : (double)correct / total;
    }

    /// <summary>Log P(category) + the sum of log P(feature | category) over the text's features.</summary>
    private void Score(ReadOnlySpan<char> text, Span<double> scores)
    {
        int classes = labels.Length;
        logPriors.CopyTo(scores);
        foreach (int bucket in hasher.Features(text))
        {
            int row = bucket * classes;
            for (int label = 0; label < classes; label++)
            {
                scores[label] += logLikelihoods[row + label];
            }
        }
    }
}
