namespace Factory.Quality;

/// <summary>Why an output went to the review queue.</summary>
public enum SampleReason
{
    /// <summary>It fell within the station's sampling fraction.</summary>
    Rate,

    /// <summary>The station's predicate chose it.</summary>
    Predicate,

    /// <summary>The station's andon tripped and routes every output to review.</summary>
    Andon,
}
