namespace Factory.Quality;

/// <summary>
/// Where verdicts reached from inside a station's call go (<see cref="StationContext.ReportInspection"/>,
/// e.g. a thinking unit's own inspection of each model answer): the station's quality control, which
/// records them and counts them in its andon as it does its inspectors' verdicts.
/// </summary>
internal interface IStationInspections
{
    /// <summary>Records <paramref name="inspector"/>'s verdict on <paramref name="material"/>.</summary>
    void Inspected(MaterialInfo material, string inspector, InspectionResult result);

    /// <summary>Counts a review recorded elsewhere (a ledger keeps it) in the andon only.</summary>
    void Reviewed(InspectionResult result);
}
