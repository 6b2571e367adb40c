using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Factory.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Factory.Analyzers.Tests;

/// <summary>The descriptor catalog agrees with the docs, the release files and the analyzers.</summary>
public sealed class CatalogTests
{
    /// <summary>The only warnings: what they warn of depends on run-time values (docs/diagnostics.md says why).</summary>
    private static readonly string[] Warnings = ["FCT0028", "FCT0033"];

    public static TheoryData<string> Ids => new(Descriptors().Select(d => d.Id));

    [Fact]
    public void Every_id_constant_has_one_descriptor_and_every_descriptor_is_reported_by_one_analyzer()
    {
        string[] ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(ids, Descriptors().Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 8).Concat(Enumerable.Range(10, 9)).Concat(Enumerable.Range(20, 16)).Select(n => $"FCT{n:0000}"), ids);

        string[] supported = TestProject.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        Assert.Equal(ids, supported);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_a_Factory_error_or_a_listed_warning_with_a_description_and_a_help_link(string id)
    {
        DiagnosticDescriptor descriptor = Descriptor(id);
        Assert.Matches("^FCT[0-9]{4}$", descriptor.Id);
        Assert.Equal("Factory", descriptor.Category);
        Assert.Equal(Warnings.Contains(id) ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, descriptor.DefaultSeverity);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()));
        Assert.EndsWith(".", descriptor.Description.ToString(), StringComparison.Ordinal);
        Assert.Equal($"https://github.com/factory-dotnet/factory/blob/main/docs/diagnostics.md#{id.ToLowerInvariant()}", descriptor.HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_link_anchor_is_a_section_of_the_docs_with_a_wrong_and_a_right_example(string id)
    {
        string anchor = new Uri(Descriptor(id).HelpLinkUri).Fragment.TrimStart('#');
        Dictionary<string, string> sections = DocSections();
        Assert.True(sections.ContainsKey(anchor), $"docs/diagnostics.md has no heading whose anchor is '{anchor}' (have: {string.Join(", ", sections.Keys)})");

        string section = sections[anchor];
        Assert.Contains("Wrong", section, StringComparison.Ordinal);
        Assert.Contains("Right", section, StringComparison.Ordinal);
        Assert.True(Regex.Matches(section, "^```csharp$", RegexOptions.Multiline).Count >= 2, $"The {id} section needs a wrong and a right C# example.");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Id_is_listed_in_the_analyzer_releases_with_its_category_and_severity(string id)
    {
        string directory = Path.Combine(RepositoryRoot(), "analyzers", "Factory.Analyzers");
        string releases = File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Shipped.md"))
            + "\n" + File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Unshipped.md"));
        string severity = Warnings.Contains(id) ? "Warning" : "Error";
        Assert.Matches(new Regex($@"^{id}\s*\|\s*Factory\s*\|\s*{severity}\s*\|", RegexOptions.Multiline), releases);
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    private static DiagnosticDescriptor Descriptor(string id) => Assert.Single(Descriptors(), d => d.Id == id);

    /// <summary>Each level-2 heading's anchor as GitHub makes it, with the text up to the next level-2 heading.</summary>
    private static Dictionary<string, string> DocSections()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? anchor = null;
        var body = new StringBuilder();
        bool inCode = false;
        foreach (string line in lines.Append("## end"))
        {
            inCode ^= line.StartsWith("```", StringComparison.Ordinal);
            if (!inCode && line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (anchor is not null)
                {
                    sections[anchor] = body.ToString();
                }

                anchor = GitHubAnchor(line.Substring(3));
                body.Clear();
            }
            else
            {
                body.AppendLine(line);
            }
        }

        return sections;
    }

    private static string GitHubAnchor(string heading)
    {
        var anchor = new StringBuilder();
        foreach (char c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                anchor.Append(c);
            }
            else if (c == ' ')
            {
                anchor.Append('-');
            }
        }

        return anchor.ToString();
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Factory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Factory.sln not found above " + AppContext.BaseDirectory);
    }
}
