using System;
using System.Collections.Generic;
using System.Linq;
using Factory.Generators.Model;
using Factory.Generators.Tests.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>What the generator makes of a gate, and what its tracked steps report when a gate or its payload changes.</summary>
public sealed class GateGeneratorTests
{
    [Fact]
    public void A_gate_is_a_station_from_its_payload_to_its_decision_with_who_decides_and_until_when()
    {
        GeneratorRunResult result = Run(GeneratorHarness.Compile(GoldenSources.Gates));

        GateModel gate = Gates(result).Single(g => g.Station.Name == "ApproveRefund");
        // The enums exist in Factory and, compiled in, in the generator: compared by name.
        Assert.Equal("Gate", gate.Station.Shape.ToString());
        Assert.Equal("global::Refunds.RefundDraft", gate.Station.InputType.Name);
        Assert.Equal("global::Factory.Decision<global::Refunds.RefundDraft>", gate.Station.OutputType.Name);
        Assert.Equal(["refunds:approve", "refunds:admin"], gate.Approvers);
        Assert.Equal(240, gate.TimeoutMinutes);
        Assert.Equal("DeadLetter", gate.OnTimeout.ToString());
        Assert.True(gate.FourEyes);
        Assert.True(gate.HasPresent);
        Assert.Equal(["Amount", "Currency", "Currency"], gate.Checks.Select(c => c.Member));

        GateModel second = Gates(result).Single(g => g.Station.Name == "second-look");
        Assert.False(second.HasPresent);
        Assert.Equal(0, second.TimeoutMinutes);
        Assert.Equal("Reject", second.OnTimeout.ToString());

        LineModel line = Assert.Single(Outputs(result, TrackingNames.Lines).Select(o => (LineModel)o.Value));
        Assert.True(line.Steps[1].Target.IsGate);
        Assert.False(line.Steps[0].Target.IsGate);
        Assert.Equal(2, line.Steps[1].Routes.Count);
        new ModelWalker().Walk(gate, TrackingNames.Gates);
        new ModelWalker().Walk(line, TrackingNames.Lines);
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_gates_cached_and_emits_nothing_again()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(GoldenSources.Gates);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        SyntaxTree unrelated = CSharpSyntaxTree.ParseText("namespace Elsewhere; public sealed class Unrelated { }", TestProject.ParseOptions, path: "Unrelated.cs");

        GeneratorRunResult result = Assert.Single(driver.RunGenerators(compilation.AddSyntaxTrees(unrelated)).GetRunResult().Results);

        Assert.All(Outputs(result, TrackingNames.Gates), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(2, Outputs(result, TrackingNames.Gates).Count());
        Assert.All(Outputs(result, TrackingNames.Lines), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Changing_who_decides_modifies_the_gate_but_not_the_line_and_changing_the_payloads_annotations_modifies_the_gates()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(GoldenSources.Gates);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        GeneratorRunResult approvers = Rerun(driver, Edit(compilation, "Approvers = \"refunds:approve, refunds:admin\"", "Approvers = \"refunds:approve\""));
        Assert.Equal(
            [("ApproveRefund", IncrementalStepRunReason.Modified), ("second-look", IncrementalStepRunReason.Cached)],
            Outputs(approvers, TrackingNames.Gates).Select(o => (((GateModel)o.Value).Station.Name, o.Reason)).OrderBy(o => o.Name, StringComparer.Ordinal));
        Assert.Equal(["refunds:approve"], Gates(approvers).Single(g => g.Station.Name == "ApproveRefund").Approvers);
        Assert.All(Outputs(approvers, TrackingNames.Lines), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        GeneratorRunResult range = Rerun(driver, Edit(compilation, "Range(0, 5000)", "Range(0, 100)"));
        Assert.All(Outputs(range, TrackingNames.Gates), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        RangeCheck check = Assert.IsType<RangeCheck>(Gates(range).First().Checks[0]);
        Assert.Equal(100, check.Maximum);
    }

    [Fact]
    public void A_gate_without_approvers_is_not_emitted_and_neither_is_the_line_that_uses_it()
    {
        GeneratorRunResult result = Run(GeneratorHarness.Compile(GoldenSources.Gates.Replace("Approvers = \"refunds:approve, refunds:admin\", ", string.Empty, StringComparison.Ordinal)));

        Assert.Equal(["second-look"], Gates(result).Select(g => g.Station.Name));
        Assert.Empty(Outputs(result, TrackingNames.Lines));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("ApproveRefund", StringComparison.Ordinal) || s.HintName.Contains("RefundLine", StringComparison.Ordinal));
    }

    private static GeneratorRunResult Run(CSharpCompilation compilation) =>
        Assert.Single(GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results);

    private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation edited) =>
        Assert.Single(driver.RunGenerators(edited).GetRunResult().Results);

    private static CSharpCompilation Edit(CSharpCompilation compilation, string oldText, string newText)
    {
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains(oldText, StringComparison.Ordinal));
        int start = tree.ToString().IndexOf(oldText, StringComparison.Ordinal);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(start, oldText.Length, newText)));
    }

    private static IEnumerable<GateModel> Gates(GeneratorRunResult result) =>
        Outputs(result, TrackingNames.Gates).Select(o => (GateModel)o.Value);

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string stepName) =>
        result.TrackedSteps.TryGetValue(stepName, out var steps)
            ? steps.SelectMany(step => step.Outputs)
            : Enumerable.Empty<(object, IncrementalStepRunReason)>();
}
