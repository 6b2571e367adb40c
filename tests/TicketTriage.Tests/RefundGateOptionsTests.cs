using TicketTriage.Cli;
using Xunit;

namespace TicketTriage.Tests;

/// <summary>The command line of the refund gate: --waiting, --approve, --reject and what goes with them.</summary>
public sealed class RefundGateOptionsTests
{
    private const string Run = "triage-20261207-033913-41c409";

    [Fact]
    public void Approve_takes_the_item_an_edited_amount_and_who_decides()
    {
        Assert.True(TriageOptions.TryParse(["--approve", Run + "/6460", "--edit-amount", "180.50", "--as", "ann", "--ledger", "x.db"], out TriageOptions options, out string? error), error);

        Assert.Equal(new ItemId(Run, 6460), options.Approve);
        Assert.Equal(180.50m, options.EditAmount);
        Assert.Equal("ann", options.Actor);
        Assert.Equal("x.db", options.LedgerPath);
        Assert.True(options.IsGateCommand);
        Assert.Null(options.Reject);
    }

    [Fact]
    public void An_edited_amount_below_zero_is_parsed_for_the_gate_to_refuse()
    {
        Assert.True(TriageOptions.TryParse(["--approve", Run + "/1", "--edit-amount", "-5"], out TriageOptions options, out string? error), error);

        Assert.Equal(-5m, options.EditAmount);
    }

    [Fact]
    public void Reject_takes_the_item_and_the_reason()
    {
        Assert.True(TriageOptions.TryParse(["--reject", Run + "/6497", "--reason", "already refunded by card", "--out", "o.jsonl"], out TriageOptions options, out string? error), error);

        Assert.Equal(new ItemId(Run, 6497), options.Reject);
        Assert.Equal("already refunded by card", options.Reason);
        Assert.Equal("o.jsonl", options.OutputPath);
        Assert.Null(options.Approve);
    }

    [Theory]
    [InlineData(new[] { "--waiting" }, null)]
    [InlineData(new[] { "--waiting", Run }, Run)]
    [InlineData(new[] { "--waiting", "--ledger", "x.db" }, null)]
    public void Waiting_lists_every_run_or_one(string[] args, string? runId)
    {
        Assert.True(TriageOptions.TryParse(args, out TriageOptions options, out string? error), error);

        Assert.True(options.Waiting);
        Assert.Equal(runId, options.WaitingRunId);
        Assert.True(options.IsGateCommand);
    }

    [Fact]
    public void A_plain_run_is_no_gate_command()
    {
        Assert.True(TriageOptions.TryParse([], out TriageOptions options, out _));

        Assert.False(options.IsGateCommand);
    }

    [Theory]
    [InlineData("--approve")]
    [InlineData("--approve", "6460")]
    [InlineData("--approve", "/6460")]
    [InlineData("--approve", Run + "/six")]
    [InlineData("--approve", Run + "/-1")]
    [InlineData("--approve", Run + "/1", "--edit-amount")]
    [InlineData("--approve", Run + "/1", "--edit-amount", "lots")]
    [InlineData("--edit-amount", "10")]
    [InlineData("--reject", Run + "/1")]
    [InlineData("--reject", Run + "/1", "--reason")]
    [InlineData("--reject", Run + "/1", "--reason", " ")]
    [InlineData("--reason", "no")]
    [InlineData("--approve", Run + "/1", "--reason", "no")]
    [InlineData("--reject", Run + "/1", "--reason", "no", "--edit-amount", "5")]
    [InlineData("--approve", Run + "/1", "--reject", Run + "/2", "--reason", "no")]
    [InlineData("--waiting", "--approve", Run + "/1")]
    [InlineData("--as", "ann")]
    [InlineData("--waiting", "--as", "ann")]
    [InlineData("--approve", Run + "/1", "--as")]
    [InlineData("--approve", Run + "/1", "--count", "5")]
    [InlineData("--approve", Run + "/1", "--resume", Run)]
    [InlineData("--approve", Run + "/1", "--no-ledger")]
    [InlineData("--waiting", "--in", "t.jsonl")]
    [InlineData("--waiting", "--stop-after", "3")]
    public void Bad_gate_options_are_refused_with_a_message(params string[] args)
    {
        Assert.False(TriageOptions.TryParse(args, out _, out string? error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_bad_item_is_refused_with_the_shape_it_should_have()
    {
        Assert.False(TriageOptions.TryParse(["--approve", "6460"], out _, out string? error));

        Assert.Equal("--approve needs a waiting item: " + ItemId.Shape + ".", error);
    }
}
