namespace Factory.Quality;

/// <summary>What a tripped andon does.</summary>
public enum AndonAction
{
    /// <summary>Pauses the line (<see cref="LineRun{TIn, TOut}.Pause"/>) until an operator resumes it.</summary>
    Pause,

    /// <summary>Sends every later output of the station to the review queue, and the line goes on.</summary>
    RouteToReview,
}
