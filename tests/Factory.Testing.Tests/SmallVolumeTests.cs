using System;
using System.IO;
using Xunit;

namespace Factory.Testing.Tests;

public class SmallVolumeTests
{
    // errno ENOSPC on Linux; .NET reports an IOException's errno as its HResult.
    private const int NoSpaceLeftOnDevice = 28;

    [Fact]
    public void Writing_past_its_size_fails_with_no_space_left()
    {
        using var volume = SmallVolume.Create(64);
        var file = Path.Combine(volume.Path, "filler");
        File.WriteAllBytes(file, new byte[32 * 1024]);

        var error = Assert.Throws<IOException>(() => File.WriteAllBytes(Path.Combine(volume.Path, "more"), new byte[64 * 1024]));

        Assert.Equal(NoSpaceLeftOnDevice, error.HResult);
    }

    [Fact]
    public void Dispose_unmounts_it_and_deletes_its_directory()
    {
        var volume = SmallVolume.Create(64);
        Assert.Contains(volume.Path, File.ReadAllText("/proc/mounts"), StringComparison.Ordinal);

        volume.Dispose();

        Assert.DoesNotContain(volume.Path, File.ReadAllText("/proc/mounts"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(volume.Path));
    }

    [Fact]
    public void Dispose_unmounts_it_while_a_file_on_it_is_open()
    {
        var volume = SmallVolume.Create(64);
        using var open = File.Create(Path.Combine(volume.Path, "open"));

        volume.Dispose();

        Assert.DoesNotContain(volume.Path, File.ReadAllText("/proc/mounts"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(volume.Path));
    }
}
