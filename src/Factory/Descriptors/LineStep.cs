namespace Factory;

/// <summary>One <c>[Step]</c> of a line: a station, or a nested line whose steps run inline.</summary>
public sealed class LineStep
{
    private LineStep(StationDescriptor? station, LineDescriptor? line)
    {
        Station = station;
        Line = line;
    }

    /// <summary>The station, when the step is a station.</summary>
    public StationDescriptor? Station { get; }

    /// <summary>The nested line, when the step is a line.</summary>
    public LineDescriptor? Line { get; }

    /// <summary>A station step.</summary>
    public static LineStep Of(StationDescriptor station) => new(station, null);

    /// <summary>A nested line step.</summary>
    public static LineStep Of(LineDescriptor line) => new(null, line);
}
