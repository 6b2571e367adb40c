namespace Factory;

/// <summary>How a station's work method returns its result.</summary>
#if BUILDING_ROSLYN_COMPONENT
internal
#else
public
#endif
enum WorkShape
{
    /// <summary><c>TOut Process(...)</c>.</summary>
    Sync,

    /// <summary><c>Task&lt;TOut&gt; ProcessAsync(...)</c>.</summary>
    Task,

    /// <summary><c>ValueTask&lt;TOut&gt; ProcessAsync(...)</c>.</summary>
    ValueTask,

    /// <summary><c>IEnumerable&lt;TOut&gt; Process(...)</c>: zero or more outputs per input.</summary>
    Enumerable,

    /// <summary><c>IAsyncEnumerable&lt;TOut&gt; ProcessAsync(...)</c>: zero or more outputs per input.</summary>
    AsyncEnumerable,

    /// <summary>A gate: no work method; a person decides (<see cref="StationDescriptor.Gate"/>).</summary>
    Gate,
}
