using System;
using System.Collections.Generic;
using System.Linq;
using TicketTriage.Data;

namespace TicketTriage.Model;

/// <summary>
/// Multinomial logistic regression (softmax) over the same hashed unigrams and bigrams as
/// <see cref="NaiveBayesClassifier"/>. Where naive Bayes counts each word on its own, this learns one
/// weight per feature and category from the errors it makes, so words that go with several categories
/// weigh less. Features are counts scaled to unit length (a long ticket does not shout louder).
/// Trained by stochastic gradient descent with L2 regularisation, in an order drawn from a fixed seed,
/// so the same training file gives the same weights. Read-only once trained: safe to share between
/// threads, and a prediction allocates nothing.
/// </summary>
public sealed class LogisticRegressionClassifier
{
    /// <summary>The seed that orders the training examples in each epoch.</summary>
    public const ulong DefaultSeed = 20261207;

    private readonly string[] labels;
    private readonly double[] biases;

    // Laid out [bucket * classCount + class], as naive Bayes lays out its likelihoods.
    private readonly float[] weights;
    private readonly FeatureHasher hasher;

    private LogisticRegressionClassifier(string[] labels, double[] biases, float[] weights, FeatureHasher hasher, int trainingExamples, int epochs, int vocabulary)
    {
        Vocabulary = vocabulary;
        this.labels = labels;
        this.biases = biases;
        this.weights = weights;
        this.hasher = hasher;
        TrainingExamples = trainingExamples;
        Epochs = epochs;
    }

    /// <summary>The categories, in ordinal order.</summary>
    public IReadOnlyList<string> Labels => labels;

    /// <summary>How many examples the model was trained on.</summary>
    public int TrainingExamples { get; }

    /// <summary>How many distinct feature buckets occurred in training.</summary>
    public int Vocabulary { get; }

    /// <summary>How many passes over the examples training made.</summary>
    public int Epochs { get; }

    /// <summary>Trains a model on <paramref name="examples"/>.</summary>
    /// <param name="examples">Labeled texts; at least one.</param>
    /// <param name="epochs">Passes over the examples.</param>
    /// <param name="learningRate">The first epoch's step; each later epoch's is smaller (1 / (1 + epoch)).</param>
    /// <param name="l2">The L2 penalty on the weights a step touches.</param>
    /// <param name="seed">Orders the examples in each epoch.</param>
    /// <param name="hasher">The feature hasher; 2^18 buckets when omitted.</param>
    public static LogisticRegressionClassifier Train(IEnumerable<LabeledText> examples, int epochs = 12, double learningRate = 0.5, double l2 = 1e-5, ulong seed = DefaultSeed, FeatureHasher? hasher = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegative(l2);
        hasher ??= new FeatureHasher();
        LabeledText[] data = examples.ToArray();
        if (data.Length == 0)
        {
            throw new ArgumentException("Logistic regression needs at least one training example.", nameof(examples));
        }

        string[] labels = data.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        int classes = labels.Length;
        int[][] features = data.Select(e => Buckets(hasher, e.Text)).ToArray();
        int[] targets = data.Select(e => Array.IndexOf(labels, e.Label)).ToArray();
        var weights = new float[hasher.BucketCount * classes];
        var biases = new double[classes];
        var probabilities = new double[classes];
        var order = Enumerable.Range(0, data.Length).ToArray();
        var random = new DeterministicRandom(seed);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            Shuffle(order, random);
            double step = learningRate / (1 + epoch);
            foreach (int i in order)
            {
                int[] buckets = features[i];
                double value = buckets.Length == 0 ? 0 : 1 / Math.Sqrt(buckets.Length);
                Softmax(buckets, value, weights, biases, probabilities);
                for (int label = 0; label < classes; label++)
                {
                    // The gradient of the log loss: predicted probability less the truth.
                    double error = probabilities[label] - (label == targets[i] ? 1 : 0);
                    biases[label] -= step * error;
                    foreach (int bucket in buckets)
                    {
                        int at = (bucket * classes) + label;
                        weights[at] -= (float)(step * ((error * value) + (l2 * weights[at])));
                    }
                }
            }
        }

        int vocabulary = features.SelectMany(f => f).Distinct().Count();
        return new LogisticRegressionClassifier(labels, biases, weights, hasher, data.Length, epochs, vocabulary);
    }

    /// <summary>The most probable category of <paramref name="text"/> and the model's confidence in it.</summary>
    public Prediction Predict(ReadOnlySpan<char> text)
    {
        int classes = labels.Length;
        Span<double> scores = classes <= 64 ? stackalloc double[classes] : new double[classes];
        int count = 0;
        foreach (int _ in hasher.Features(text))
        {
            count++;
        }

        double value = count == 0 ? 0 : 1 / Math.Sqrt(count);
        biases.CopyTo(scores);
        foreach (int bucket in hasher.Features(text))
        {
            int row = bucket * classes;
            for (int label = 0; label < classes; label++)
            {
                scores[label] += weights[row + label] * value;
            }
        }

        return Prediction.FromScores(labels, scores);
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
            correct += string.Equals(Predict(example.Text).Label, example.Label, StringComparison.Ordinal) ? 1 : 0;
        }

        return total == 0 ? 0 : (double)correct / total;
    }

    private static int[] Buckets(FeatureHasher hasher, string text)
    {
        var buckets = new List<int>();
        foreach (int bucket in hasher.Features(text))
        {
            buckets.Add(bucket);
        }

        return [.. buckets];
    }

    private static void Softmax(int[] buckets, double value, float[] weights, double[] biases, double[] probabilities)
    {
        int classes = biases.Length;
        double max = double.NegativeInfinity;
        for (int label = 0; label < classes; label++)
        {
            double score = biases[label];
            foreach (int bucket in buckets)
            {
                score += weights[(bucket * classes) + label] * value;
            }

            probabilities[label] = score;
            max = Math.Max(max, score);
        }

        double sum = 0;
        for (int label = 0; label < classes; label++)
        {
            probabilities[label] = Math.Exp(probabilities[label] - max);
            sum += probabilities[label];
        }

        for (int label = 0; label < classes; label++)
        {
            probabilities[label] /= sum;
        }
    }

    /// <summary>Fisher–Yates with the sample's own seeded generator: the same seed, the same order.</summary>
    private static void Shuffle(int[] order, DeterministicRandom random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
