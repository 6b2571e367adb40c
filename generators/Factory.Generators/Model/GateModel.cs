namespace Factory.Generators.Model;

/// <summary>
/// A valid gate, as the emitter needs it: its station half (types, name, version; shape
/// <c>Gate</c>), who decides and until when, whether it presents the payload itself, and the checks an
/// edited payload must pass. Immutable, structurally equal.
/// </summary>
/// <param name="Station">The station half: <c>TIn</c> is the payload, <c>TOut</c> its <c>Decision&lt;T&gt;</c>.</param>
/// <param name="Approvers">The permissions any one of which decides.</param>
/// <param name="TimeoutMinutes">Minutes an item may wait; 0 for no limit.</param>
/// <param name="OnTimeout">What a timeout decides.</param>
/// <param name="FourEyes">True when the submitter may not decide.</param>
/// <param name="HasPresent">True when the gate declares <c>Present(T)</c>.</param>
/// <param name="Checks">The payload's data annotations, as checks on an edit.</param>
internal sealed record GateModel(
    StationModel Station,
    EquatableArray<string> Approvers,
    int TimeoutMinutes,
    GateTimeout OnTimeout,
    bool FourEyes,
    bool HasPresent,
    EquatableArray<AnnotationCheck> Checks);
