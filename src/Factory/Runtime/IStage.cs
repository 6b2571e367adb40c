using System.Threading.Tasks;

namespace Factory.Runtime;

/// <summary>A running part of a line: started once, done when its input is drained or the run ends.</summary>
internal interface IStage
{
    Task Start();
}

/// <summary>A station's stage: it has live counts.</summary>
internal interface IStationStage : IStage
{
    StationStatus Status { get; }
}

/// <summary>Something that puts materials on a belt: the line's entry, or a station.</summary>
internal interface IProducer<T>
{
    void Connect(Belt<T> output);
}
