using Factory;
using TicketTriage.Model;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Version 2 of <see cref="Classify"/>: the same station (its name is Classify, its version 2) with a
/// logistic regression in place of naive Bayes. <c>--compare</c> shows whether it is better on the
/// same recorded tickets; <c>--classifier 2</c> runs the line with it.
/// </summary>
/// <param name="model">The trained classifier; read-only, so the station's workers share it.</param>
[Station(Name = "Classify", Version = "2", Parallelism = 2)]
public sealed partial class ClassifyV2(LogisticRegressionClassifier model)
{
    /// <summary>Classifies one ticket.</summary>
    public Classified Process(Redacted input)
    {
        Prediction prediction = model.Predict(input.Text);
        return new Classified(input, prediction.Label, prediction.Confidence);
    }
}
