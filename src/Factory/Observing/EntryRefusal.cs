namespace Factory;

/// <summary>
/// Why an observer turns an input away at the line's entry (<see cref="RunObserver.Refuses"/>): the
/// input does not enter, and becomes a dead letter with these details instead, so the run goes on.
/// </summary>
/// <param name="Station">The station the dead letter names (the one the input was in when it last did harm, or <c>(entry)</c>).</param>
/// <param name="StationVersion">That station's version.</param>
/// <param name="Attempts">How many times the input was tried.</param>
/// <param name="ExceptionType">What the dead letter gives as its exception type.</param>
/// <param name="Message">The dead letter's message: what happened and why the input is refused.</param>
public sealed record EntryRefusal(string Station, string StationVersion, int Attempts, string ExceptionType, string Message);
