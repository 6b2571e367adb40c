using System;
using Xunit;

namespace Factory.Ledger.Tests;

/// <summary>The line's fingerprint a ledger keeps with a run: no ledger needed, so it runs once.</summary>
public sealed class LineFingerprintTests
{
    [Fact]
    public void The_line_fingerprint_changes_with_a_station_version_and_not_otherwise()
    {
        Assert.Equal(LineFingerprint.Sha256(OrderLine.Descriptor), LineFingerprint.Sha256(OrderLine.Descriptor));
        Assert.Equal(64, LineFingerprint.Sha256(OrderLine.Descriptor).Length);
        Assert.NotEqual(LineFingerprint.Canonical(OrderLine.Descriptor), LineFingerprint.Canonical(OrderLineV2.Descriptor));
        Assert.Contains("|Receive|Receive|2|", LineFingerprint.Canonical(OrderLineV2.Descriptor), StringComparison.Ordinal);
    }
}
