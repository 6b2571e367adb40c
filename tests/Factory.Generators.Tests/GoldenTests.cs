using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Factory.Generators.Tests.Verification;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// The exact source emitted for each case in <see cref="GoldenSources"/> (and <see cref="TestSources"/>),
/// compared with the files in Golden/&lt;case&gt;/, one per generated file. After an intended change to
/// the emitters, run the tests once with FACTORY_UPDATE_GOLDEN=1 to rewrite the files in the source
/// tree (and delete those no longer generated), read the diff, and commit it. Normal runs never rewrite.
/// </summary>
public sealed class GoldenTests
{
    private const string UpdateVariable = "FACTORY_UPDATE_GOLDEN";

    public static TheoryData<string> Cases => new(CaseSources.Keys.Order(StringComparer.Ordinal));

    /// <summary>Each case's compilation: the user code the generator runs over.</summary>
    private static readonly Dictionary<string, Func<CSharpCompilation>> CaseSources = new(StringComparer.Ordinal)
    {
        ["TicketTriage"] = () => GeneratorHarness.Compile(GoldenSources.TicketTriage),
        ["Shapes"] = () => GeneratorHarness.Compile(TestSources.Shapes),
        ["Nested"] = () => GeneratorHarness.Compile(TestSources.Nested, TestSources.AwkwardNames),
        ["Routes"] = () => GeneratorHarness.Compile(GoldenSources.Routes),
        ["Units"] = () => GeneratorHarness.Compile([.. TestProject.ThinkingUnits, .. TestProject.DependencyInjection], GoldenSources.UnitTypes, GoldenSources.Units),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Emits_exactly_the_golden_files(string name)
    {
        IReadOnlyDictionary<string, string> generated = GeneratorHarness.RunClean(CaseSources[name]()).Sources;
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Update(Path.Combine(SourceDirectory(), name), generated);
            return;
        }

        string folder = Path.Combine(AppContext.BaseDirectory, "Golden", name);
        string[] golden = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.g.cs.txt").Select(path => Path.GetFileName(path)[..^".txt".Length]).Order(StringComparer.Ordinal).ToArray()
            : [];
        Assert.True(
            golden.SequenceEqual(generated.Keys.Order(StringComparer.Ordinal)),
            $"Golden/{name} holds [{string.Join(", ", golden)}] but the generator emitted [{string.Join(", ", generated.Keys.Order(StringComparer.Ordinal))}]. " +
            $"If the change is intended, run the tests with {UpdateVariable}=1, review the diff of Golden/ and commit it.");

        string[] differences = golden
            .Select(hint => Difference($"{name}/{hint}.txt", File.ReadAllText(Path.Combine(folder, hint + ".txt")), generated[hint]))
            .OfType<string>()
            .ToArray();
        Assert.True(
            differences.Length == 0,
            string.Join("\n", differences) + $"\nIf the change is intended, run the tests with {UpdateVariable}=1, review the diff of Golden/ and commit it.");
    }

    /// <summary>Writes every generated file into <paramref name="folder"/> and deletes the golden files no longer generated.</summary>
    private static void Update(string folder, IReadOnlyDictionary<string, string> generated)
    {
        Directory.CreateDirectory(folder);
        foreach (string stale in Directory.GetFiles(folder, "*.g.cs.txt"))
        {
            if (!generated.ContainsKey(Path.GetFileName(stale)[..^".txt".Length]))
            {
                File.Delete(stale);
            }
        }

        foreach ((string hint, string text) in generated)
        {
            File.WriteAllText(Path.Combine(folder, hint + ".txt"), text);
        }
    }

    /// <summary>Where <paramref name="actual"/> first differs from <paramref name="expected"/>, or null when they are the same.</summary>
    private static string? Difference(string file, string expected, string actual)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return null;
        }

        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        string Show(string[] lines) => line < lines.Length ? $"\"{lines[line].Replace("\r", "\\r", StringComparison.Ordinal)}\"" : "(end of file)";
        return $"{file} differs from the emitted source at line {line + 1}:\n" +
            $"  golden:  {Show(expectedLines)}\n" +
            $"  emitted: {Show(actualLines)}";
    }

    private static string SourceDirectory() =>
        typeof(GoldenTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GoldenSourceDirectory").Value!;
}
