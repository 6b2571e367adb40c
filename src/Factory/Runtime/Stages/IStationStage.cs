namespace Factory.Runtime;

/// <summary>A station's stage: it has live counts.</summary>
internal interface IStationStage : IStage
{
    StationStatus Status { get; }
}
