using System;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Factory.Ledger.Relational;

/// <summary>
/// The flight recorder of one start of a run: <c>RUN.START</c> in the ledger's flight folder (RUN is
/// a hash of the run id; SQLite's folder is <c>DB.flight/</c> next to its file), mapped into memory.
/// A worker's note is a few stores into the mapping, no system call; the pages are the file's pages in the operating system's cache, so they
/// outlive a process that dies any way at all (SIGKILL, <c>Environment.FailFast</c>, a stack
/// overflow). They do not outlive a crash of the machine, and need not: the next start reads them
/// within seconds. Layout: a 64-byte header (<c>FCTFLT1</c>, slot count, start), then one 64-byte
/// slot per worker (a cache line each, so workers never write to the same one): the root + 1 (0 for
/// an empty slot), the material id, the station's index.
/// </summary>
internal sealed class FlightFile : FlightRecorder, IDisposable
{
    private const int HeaderSize = 64;
    private const int SlotSize = 64;
    private static readonly byte[] Magic = "FCTFLT1\0"u8.ToArray();

    private readonly MemoryMappedFile map;
    private readonly MemoryMappedViewAccessor view;
    private readonly int slots;

    private FlightFile(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, int slots)
    {
        Path = path;
        this.map = map;
        this.view = view;
        this.slots = slots;
    }

    public string Path { get; }

    /// <summary>Where the flight file of start <paramref name="start"/> of <paramref name="runId"/> lives, next to the ledger file <paramref name="database"/>.</summary>
    public static string PathOf(string database, string runId, int start) => PathIn(FolderNextTo(database), runId, start);

    /// <summary>The flight folder of a ledger that is a file: <c>DB.flight</c> beside it.</summary>
    public static string FolderNextTo(string database) => database + ".flight";

    /// <summary>Where the flight file of start <paramref name="start"/> of <paramref name="runId"/> lives in <paramref name="folder"/>.</summary>
    public static string PathIn(string folder, string runId, int start)
    {
        string name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runId)).AsSpan(0, 16));
        return System.IO.Path.Combine(folder, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}.{start}"));
    }

    /// <summary>Creates (or overwrites) the empty flight file of a start, with room for <paramref name="slots"/> workers.</summary>
    public static FlightFile Create(string path, int slots, int start)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        long size = HeaderSize + ((long)Math.Max(1, slots) * SlotSize);
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        MemoryMappedFile? map = null;
        try
        {
            // Zeros written, not a sparse length: every page has its disk space now, so a disk that fills
            // later cannot fault a worker's write into the map (SIGBUS); a disk full now fails the start.
            file.Write(new byte[size]);
            file.Flush();
            map = MemoryMappedFile.CreateFromFile(file, null, size, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            MemoryMappedViewAccessor view = map.CreateViewAccessor(0, size, MemoryMappedFileAccess.ReadWrite);
            view.WriteArray(0, Magic, 0, Magic.Length);
            view.Write(8, slots);
            view.Write(12, start);
            return new FlightFile(path, map, view, slots);
        }
        catch
        {
            if (map is null)
            {
                file.Dispose();
            }

            map?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What the start that wrote <paramref name="path"/> was working on when it stopped writing: the
    /// slots still holding a material. A file that is missing, or not a flight file, tells nothing.
    /// </summary>
    public static IReadOnlyList<FlightEntry> Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return [];
        }

        // The accessor wrote in this machine's byte order, and this machine reads it back.
        int count = Math.Min(MemoryMarshal.Read<int>(bytes.AsSpan(8)), (bytes.Length - HeaderSize) / SlotSize);
        var entries = new List<FlightEntry>();
        for (int slot = 0; slot < count; slot++)
        {
            ReadOnlySpan<byte> at = bytes.AsSpan(HeaderSize + (slot * SlotSize), SlotSize);
            long root = MemoryMarshal.Read<long>(at) - 1;
            if (root >= 0)
            {
                entries.Add(new FlightEntry(root, MemoryMarshal.Read<long>(at[8..]), MemoryMarshal.Read<int>(at[16..])));
            }
        }

        return entries;
    }

    public override void Begin(int slot, long root, long materialId, int station)
    {
        long at = HeaderSize + ((long)slot * SlotSize);
        view.Write(at + 8, materialId);
        view.Write(at + 16, station);

        // The root last: a slot names an input only once the rest of it is there.
        view.Write(at, root + 1);
    }

    public override void End(int slot) => view.Write(HeaderSize + ((long)slot * SlotSize), 0L);

    public override void Clear()
    {
        for (int slot = 0; slot < slots; slot++)
        {
            End(slot);
        }
    }

    /// <summary>Unmaps the file and deletes it: the start it belongs to ended, and named no one.</summary>
    public void Dispose()
    {
        view.Dispose();
        map.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Left behind, it is empty (cleared before the run's end): a later start reads nothing from it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
