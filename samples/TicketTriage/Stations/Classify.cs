using Factory;
using TicketTriage.Model;
using TicketTriage.Tickets;

namespace TicketTriage.Stations;

/// <summary>
/// Chooses the ticket's category with a naive Bayes model trained at start-up. The model reads only
/// the redacted text; the known label rides along untouched, for scoring after the run.
/// </summary>
/// <param name="model">The trained classifier; read-only, so the station's workers share it.</param>
[Station(Parallelism = 2)]
public sealed partial class Classify(NaiveBayesClassifier model)
{
    /// <summary>Classifies one ticket.</summary>
    public Classified Process(Redacted input)
    {
        Prediction prediction = model.Predict(input.Text);
        return new Classified(input, prediction.Label, prediction.Confidence);
    }
}
