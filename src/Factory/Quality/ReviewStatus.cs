namespace Factory.Quality;

/// <summary>Where a sample stands in the review queue.</summary>
public enum ReviewStatus
{
    /// <summary>Waiting for a reviewer.</summary>
    Open,

    /// <summary>Reviewed: it has its verdict.</summary>
    Reviewed,
}
