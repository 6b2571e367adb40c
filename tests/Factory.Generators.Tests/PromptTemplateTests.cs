using System.Linq;
using Factory.Generators.Analysis;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>How a thinking unit's prompt splits into text and placeholders (shared with the analyzers).</summary>
public sealed class PromptTemplateTests
{
    [Fact]
    public void Placeholders_nested_paths_and_spaces_inside_the_braces()
    {
        PromptToken[] tokens = [.. PromptTemplate.Parse("Hi {{Name}}, from {{ Customer.Address.City }}!")];

        Assert.Equal(
            [(PromptTokenKind.Text, "Hi "), (PromptTokenKind.Placeholder, "Name"), (PromptTokenKind.Text, ", from "), (PromptTokenKind.Placeholder, "Customer.Address.City"), (PromptTokenKind.Text, "!")],
            tokens.Select(t => (t.Kind, t.Value)));
        Assert.Equal((5, 4), (tokens[1].Start, tokens[1].Length));
        Assert.Equal(21, tokens[3].Start);
    }

    [Fact]
    public void Four_braces_escape_two_and_single_braces_are_text()
    {
        PromptToken[] tokens = [.. PromptTemplate.Parse("json {{{{ \"a\": {1} }}}} and {{X}}")];

        Assert.Equal("json {{ \"a\": {1} }} and ", tokens[0].Value);
        Assert.Equal((PromptTokenKind.Placeholder, "X"), (tokens[1].Kind, tokens[1].Value));
    }

    [Theory]
    [InlineData("{{Name", "no closing")]
    [InlineData("{{ }}", "empty")]
    [InlineData("{{a..b}}", "empty member name")]
    [InlineData("{{1st}}", "not a member name")]
    [InlineData("{{a-b}}", "not a member path")]
    public void Malformed_placeholders_say_why(string prompt, string why)
    {
        PromptToken malformed = Assert.Single(PromptTemplate.Parse(prompt), t => t.Kind == PromptTokenKind.Malformed);

        Assert.Contains(why, malformed.Problem, System.StringComparison.Ordinal);
        Assert.Equal(0, malformed.Start);
    }

    [Theory]
    [InlineData("Custmer", "Customer")]
    [InlineData("customer", "Customer")]
    [InlineData("Zzz", null)]
    public void The_closest_member_name_is_suggested_when_close(string wanted, string? expected) =>
        Assert.Equal(expected, ThinkingUnitInfo.Closest(wanted, ["Id", "Body", "Customer"]));
}
