namespace Factory.RabbitMQ;

/// <summary>
/// One start of a run on the broker: its id and the mark its caller drew for that start
/// (<see cref="MessageHeaders.RunStart"/>; empty from a caller that marks none).
/// </summary>
internal readonly record struct MarkedStart(string RunId, string Mark)
{
    /// <summary>From a caller that marks no starts (an earlier Factory's): a run's starts are told apart by the order of its control messages alone.</summary>
    public bool Unmarked => Mark.Length == 0;

    /// <summary>A new mark, for a caller's start of a run: random, so that no two starts of a run share one, whichever caller makes them.</summary>
    public static string NewMark() => System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true);
}
