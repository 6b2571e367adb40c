using System.Collections.Generic;

namespace Factory;

/// <summary>What makes a station a gate (<see cref="StationDescriptor.Gate"/>): who decides, and until when.</summary>
/// <param name="Approvers">The permissions any one of which lets an actor decide.</param>
/// <param name="TimeoutMinutes">Minutes an item may wait; 0 for no limit.</param>
/// <param name="OnTimeout">What a timeout decides.</param>
/// <param name="FourEyes">True when the job's submitter may not decide.</param>
public sealed record GateDescriptor(IReadOnlyList<string> Approvers, int TimeoutMinutes, GateTimeout OnTimeout, bool FourEyes);
