using System;
using System.IO;
using TicketTriage.Data;

namespace TicketTriage.Cli;

/// <summary>
/// Where the sample's files are. Defaults are relative to the sample's project folder (found by
/// walking up from the executable to <c>TicketTriage.csproj</c>), so
/// <c>dotnet run --project samples/TicketTriage</c> writes to the same place from any directory.
/// </summary>
public static class SamplePaths
{
    private const string ProjectFile = "TicketTriage.csproj";

    /// <summary>The sample's project folder, or the current directory when the sample runs outside its source tree.</summary>
    public static string ProjectDirectory { get; } = Locate();

    /// <summary>The default outcomes file (replies and escalations).</summary>
    public static string DefaultOutput => Path.Combine(ProjectDirectory, "out", "outcomes.jsonl");

    /// <summary>Where generated tickets are written for a run whose outcomes go to <paramref name="output"/>: <c>tickets.jsonl</c> beside it.</summary>
    public static string TicketsFileFor(string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".", TicketFile.FileName);
    }

    /// <summary>The default ledger of a run whose outcomes go to <paramref name="output"/>: <c>ledger.db</c> beside it.</summary>
    public static string LedgerFileFor(string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".", "ledger.db");
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> name the same file.</summary>
    public static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The training file in the source tree (what <c>--make-training-data</c> rewrites).</summary>
    public static string SourceTrainingFile => Path.Combine(ProjectDirectory, "data", TrainingData.FileName);

    /// <summary>The training file shipped next to the executable, or the source tree's when it is missing.</summary>
    public static string ShippedTrainingFile
    {
        get
        {
            string shipped = Path.Combine(AppContext.BaseDirectory, "data", TrainingData.FileName);
            return File.Exists(shipped) ? shipped : SourceTrainingFile;
        }
    }

    /// <summary><paramref name="path"/> relative to the current directory when it lies inside it, else in full.</summary>
    public static string Display(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
    }

    private static string Locate()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, ProjectFile)))
            {
                return folder.FullName;
            }
        }

        string fromRepository = Path.Combine(Directory.GetCurrentDirectory(), "samples", "TicketTriage");
        return File.Exists(Path.Combine(fromRepository, ProjectFile)) ? fromRepository : Directory.GetCurrentDirectory();
    }
}
