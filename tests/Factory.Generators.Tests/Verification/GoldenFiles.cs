using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Factory.Generators.Tests.Verification;

/// <summary>
/// Golden/&lt;case&gt;/&lt;hint name&gt;.txt: the exact source the generator emits for a case of
/// <see cref="GoldenTests"/>. Tests read the copies the build put next to them; with
/// <see cref="UpdateVariable"/>=1 the golden tests write the files back into the source tree instead.
/// </summary>
internal static class GoldenFiles
{
    public const string UpdateVariable = "FACTORY_UPDATE_GOLDEN";

    /// <summary>What a golden test adds to its failure.</summary>
    public const string UpdateHint = $"If the emitted source changed on purpose, run the tests with {UpdateVariable}=1, review the diff of Golden/ and commit it.";

    private const string Extension = ".txt";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The golden files of <paramref name="name"/>: text by hint name, in name order (none for a case without a folder).</summary>
    public static IReadOnlyDictionary<string, string> Read(string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.g.cs" + Extension) : [])
        {
            files.Add(HintName(path), File.ReadAllText(path));
        }

        return files;
    }

    /// <summary>Writes every generated file of <paramref name="name"/> into the source tree and deletes the golden files no longer generated.</summary>
    public static void Write(string name, IReadOnlyDictionary<string, string> generated)
    {
        string folder = Path.Combine(SourceDirectory(), name);
        Directory.CreateDirectory(folder);
        foreach (string stale in Directory.GetFiles(folder, "*.g.cs" + Extension).Where(path => !generated.ContainsKey(HintName(path))))
        {
            File.Delete(stale);
        }

        foreach ((string hint, string text) in generated)
        {
            File.WriteAllText(Path.Combine(folder, hint + Extension), text);
        }
    }

    private static string HintName(string path) => Path.GetFileName(path)[..^Extension.Length];

    private static string SourceDirectory() =>
        typeof(GoldenFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GoldenSourceDirectory").Value!;
}
