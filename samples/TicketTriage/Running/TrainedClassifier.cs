using System;
using System.Collections.Generic;
using TicketTriage.Model;
using TicketTriage.Stations;
using TicketTriage.Tickets;
using Factory;

namespace TicketTriage.Running;

/// <summary>
/// The classifier a run goes with (<c>--classifier 1</c>, naive Bayes, the default; or <c>2</c>, logistic
/// regression), trained, and how to build the triage line around it.
/// </summary>
/// <param name="Version">The Classify station's declared version.</param>
/// <param name="Name">The model's kind, as the summary shows it.</param>
/// <param name="Examples">Examples it learned from.</param>
/// <param name="Vocabulary">Distinct hashed features seen in training.</param>
/// <param name="LineName">The name of the line built around it.</param>
/// <param name="NewLine">Builds the triage line with it, issuing refunds through the book given.</param>
public sealed record TrainedClassifier(int Version, string Name, int Examples, int Vocabulary, string LineName, Func<RefundBook, ILine<Ticket, TriageOutcome>> NewLine)
{
    /// <summary>The versions there are.</summary>
    public static IReadOnlyList<int> Versions { get; } = [1, 2];

    /// <summary>Trains version <paramref name="version"/> on the training file.</summary>
    public static TrainedClassifier Train(int version, string trainingFile)
    {
        if (version == 2)
        {
            LogisticRegressionClassifier regression = TriageRunner.TrainVersion2(trainingFile);
            return new TrainedClassifier(2, "logistic regression", regression.TrainingExamples, regression.Vocabulary, TicketTriageLineV2.Descriptor.Name, book => TriageRunner.NewLineV2(regression, book));
        }

        NaiveBayesClassifier bayes = TriageRunner.Train(trainingFile);
        return new TrainedClassifier(1, "naive Bayes", bayes.TrainingExamples, bayes.Vocabulary, TicketTriageLine.Descriptor.Name, book => TriageRunner.NewLine(bayes, book));
    }
}
