using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>Colour and bold only on a terminal, and never with NO_COLOR set.</summary>
public sealed class ColourTests : IAsyncLifetime
{
    private string ledger = string.Empty;

    public async Task InitializeAsync() => ledger = await PlantLedger.SqliteAsync();

    public Task DisposeAsync()
    {
        PlantLedger.Delete(ledger);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "1", false)]
    [InlineData(false, null, false)]
    public async Task Escape_codes_are_written_only_to_a_terminal_without_NO_COLOR(bool terminal, string? noColor, bool expected)
    {
        var output = new StringWriter();
        var host = new CliHost
        {
            Out = output,
            Error = new StringWriter(),
            IsTerminal = terminal,
            Environment = name => name == "NO_COLOR" ? noColor : null,
        };
        int exit = await FactoryCli.RunAsync(["runs", "--ledger", ledger, "--tenant", "acme"], host);
        Assert.Equal(ExitCode.Ok, exit);
        Assert.Contains("run", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(expected, output.ToString().Contains('\u001b', StringComparison.Ordinal));
    }
}
