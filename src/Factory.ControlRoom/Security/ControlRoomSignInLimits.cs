using System;

namespace Factory.ControlRoom;

/// <summary>
/// How many sign-ins the console takes before it refuses more (429, audited): attempts per client
/// address, and failed attempts per name from any address, each within <see cref="Window"/>. The
/// client address is the connection's: behind a proxy, have the host apply forwarded headers first.
/// </summary>
public sealed class ControlRoomSignInLimits
{
    /// <summary>Sign-in attempts one client address may make per window, right or wrong.</summary>
    public int AttemptsPerAddress { get; set; } = 20;

    /// <summary>Failed sign-ins one name may have per window, from any address; then even the right password is refused until the window ends.</summary>
    public int FailuresPerName { get; set; } = 5;

    /// <summary>How long each count lasts.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
