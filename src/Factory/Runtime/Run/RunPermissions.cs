namespace Factory.Runtime;

/// <summary>A run starts only when its job order grants every permission its stations require.</summary>
internal static class RunPermissions
{
    /// <exception cref="PermissionDeniedException">The first permission <paramref name="job"/> lacks, naming the station.</exception>
    public static void Check(LineDescriptor line, JobOrder job)
    {
        foreach (StationDescriptor station in line.Stations)
        {
            foreach (string permission in station.Requires)
            {
                if (!job.Grants(permission))
                {
                    throw new PermissionDeniedException(job.Id, station.Path, permission);
                }
            }
        }
    }
}
