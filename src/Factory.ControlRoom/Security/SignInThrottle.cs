using System;
using System.Threading.RateLimiting;

namespace Factory.ControlRoom;

/// <summary>
/// The limits of <see cref="ControlRoomSignInLimits"/> as the shared framework's rate limiters: a
/// fixed window per client address that every attempt takes from, and one per name that only failures
/// take from, so guessing one user's password from many addresses is stopped too. Idle partitions are
/// dropped by the limiter itself.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> byAddress;
    private readonly PartitionedRateLimiter<string> byName;

    public SignInThrottle(ControlRoomSignInLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.AttemptsPerAddress, 1, "ControlRoomOptions.SignInLimits.AttemptsPerAddress");
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.FailuresPerName, 1, "ControlRoomOptions.SignInLimits.FailuresPerName");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limits.Window, TimeSpan.Zero, "ControlRoomOptions.SignInLimits.Window");
        Window = limits.Window;
        byAddress = Limiter(limits.AttemptsPerAddress, limits.Window);
        byName = Limiter(limits.FailuresPerName, limits.Window);
    }

    public TimeSpan Window { get; }

    /// <summary>Takes one attempt from the address's window; false when it has none left.</summary>
    public bool TryAttempt(string address)
    {
        using RateLimitLease lease = byAddress.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    /// <summary>True when <paramref name="name"/> has used up its failures in this window.</summary>
    public bool IsLocked(string name) => byName.GetStatistics(Key(name)) is { CurrentAvailablePermits: 0 };

    /// <summary>Counts a failed attempt for <paramref name="name"/>.</summary>
    public void Failed(string name)
    {
        using RateLimitLease _ = byName.AttemptAcquire(Key(name));
    }

    public void Dispose()
    {
        byAddress.Dispose();
        byName.Dispose();
    }

    // Names are matched exactly at sign-in; the limit ignores case so "Otto" and "otto" share one count.
    private static string Key(string name) => name.ToUpperInvariant();

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
            key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));
}
