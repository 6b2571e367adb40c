using System;
using System.IO;
using System.Threading.Tasks;

namespace Factory.Testing;

/// <summary>
/// A volume that fills up: a tmpfs of a few KiB mounted at a temp directory, for tests of what a ledger does on a
/// full disk (a write past its size fails with ENOSPC). Mounting needs root, as CI runs. Dispose unmounts it and
/// deletes the directory.
/// </summary>
public sealed class SmallVolume : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private bool disposed;

    private SmallVolume(string path, int kibibytes)
    {
        Path = path;
        Kibibytes = kibibytes;
    }

    /// <summary>The directory the volume is mounted at.</summary>
    public string Path { get; }

    /// <summary>The volume's size (the kernel rounds it up to whole pages).</summary>
    public int Kibibytes { get; }

    /// <summary>Mounts a tmpfs of <paramref name="kibibytes"/> KiB at a new temp directory.</summary>
    public static SmallVolume Create(int kibibytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kibibytes);
        var path = Directory.CreateTempSubdirectory("factory-volume.").FullName;
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", path);
        if (exitCode != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException(
                $"Could not mount a {kibibytes} KiB tmpfs at {path} (mount exited with {exitCode}: {output.Trim()}). " +
                "The full-disk tests mount one and need root: run them as root, as CI does.");
        }
        return new SmallVolume(path, kibibytes);
    }

    /// <summary>Unmounts the volume (lazily if a file on it is still open) and deletes the directory.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        var (exitCode, output) = Run("umount", Path);
        if (exitCode != 0)
        {
            // Busy: a test still holds a file open. Detach it now; the kernel frees it when the file closes.
            (exitCode, output) = Run("umount", "--lazy", Path);
        }
        if (exitCode != 0)
        {
            throw new IOException($"Could not unmount the small volume at {Path}: {output.Trim()}");
        }
        Directory.Delete(Path);
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments) =>
        Task.Run(() => Tool.TryRunAsync(program, arguments, Timeout)).GetAwaiter().GetResult();
}
