namespace Factory.Runtime;

/// <summary>
/// The open end of a line wired into a plan: whatever comes out here (a station's outputs, a route
/// branch's materials) goes on by the hop the next step sets.
/// </summary>
internal interface IPlannedEnd<T> : IProducer<T>
{
    /// <summary>Sets where materials go from here.</summary>
    void SendTo(RemoteHop<T> hop);
}
