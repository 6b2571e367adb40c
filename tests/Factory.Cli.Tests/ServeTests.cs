using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Factory.Cli.Tests;

/// <summary>
/// <c>factory serve</c>: the control room on the ledger, closed as it always is without sign-in configured:
/// loopback only, and a one-time token printed on the command's output. The token signs in once; the
/// console shows the ledger's runs and draws the lines of the assembly given with <c>--lines</c>.
/// </summary>
public sealed partial class ServeTests : IAsyncLifetime
{
    private string ledger = string.Empty;

    public async Task InitializeAsync() => ledger = await PlantLedger.SqliteAsync();

    public Task DisposeAsync()
    {
        PlantLedger.Delete(ledger);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Serves_the_ledger_on_loopback_to_the_printed_one_time_token_until_cancelled()
    {
        var output = new LiveWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<int> serving = Cli.RunAsync(["serve", "--ledger", ledger, "--urls", "http://127.0.0.1:0", "--lines", typeof(Pricing).Assembly.Location], output, stop.Token);

        string printed = await output.UntilAsync(text => text.Contains("one-time token", StringComparison.Ordinal) && Address().IsMatch(text), serving);
        Match address = Address().Match(printed);
        Assert.True(address.Success, printed);
        string token = Token().Match(printed).Groups[1].Value;
        Assert.NotEmpty(token);

        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(address.Groups[1].Value) };
        Assert.Equal(HttpStatusCode.SeeOther, (await client.GetAsync("/factory/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "not-the-token")).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await SignInAsync(client, token)).StatusCode);

        // Signed in: every tenant's runs, and a run of a line the --lines assembly records is drawn.
        string runs = await client.GetStringAsync("/factory/");
        Assert.Contains(PlantLedger.AcmePricing, runs, StringComparison.Ordinal);
        Assert.Contains(PlantLedger.GlobexPricing, runs, StringComparison.Ordinal);
        string run = await client.GetStringAsync($"/factory/runs/{PlantLedger.AcmePricing}");
        Assert.Contains("data-station=\"Price\"", run, StringComparison.Ordinal);

        // The token was used once: it no longer signs in, and the next one is printed.
        using var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(stranger, token)).StatusCode);
        Assert.Contains("the next sign-in", output.Text, StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(ExitCode.Ok, await serving.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/factory/signin"));
    }

    [Fact]
    public async Task The_tool_process_stops_serving_on_ctrl_c_and_exits_0()
    {
        Assert.False(IgnoresInterrupts(), "This test process ignores SIGINT, and so does the tool it starts, which Ctrl+C then cannot stop: the suite was started in the background of a shell without job control (`cmd &` in a script). Run ./test.sh in the foreground, or from a shell with `set -m`.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "Factory.Cli.dll"), "serve", "--ledger", ledger, "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process tool = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        try
        {
            Task<string> errors = tool.StandardError.ReadToEndAsync();
            string? line;
            while ((line = await tool.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2))) is not null && !line.StartsWith("control room: ", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            using (Process interrupt = Process.Start("kill", ["-INT", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            await tool.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(tool.ExitCode == ExitCode.Ok, await errors);
        }
        finally
        {
            // A serve that ignored Ctrl+C must not outlive the test.
            if (!tool.HasExited)
            {
                tool.Kill();
            }
        }
    }

    /// <summary>
    /// True when this process ignores SIGINT (signal 2: the mask 0x2 of SigIgn in /proc/self/status): a shell starts a
    /// background command that way when job control is off, its children inherit it, and .NET keeps it.
    /// </summary>
    private static bool IgnoresInterrupts()
    {
        const string Field = "SigIgn:";
        string? ignored = File.Exists("/proc/self/status") ? Array.Find(File.ReadAllLines("/proc/self/status"), l => l.StartsWith(Field, StringComparison.Ordinal)) : null;
        return ignored is not null && (Convert.ToUInt64(ignored[Field.Length..].Trim(), 16) & 0x2) != 0;
    }

    [Fact]
    public async Task A_closed_console_refuses_an_address_other_than_loopback()
    {
        CliResult result = await Cli.RunAsync(["serve", "--ledger", ledger, "--urls", "http://0.0.0.0:0"]);
        Assert.Equal(ExitCode.Usage, result.Exit);
        Assert.Contains("did not start on http://0.0.0.0:0", result.Error, StringComparison.Ordinal);
        Assert.Contains("loopback only", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_ledger_it_says_what_to_pass()
    {
        CliResult result = await Cli.RunAsync(["serve", "--ledger", "/nowhere/factory.db"]);
        Assert.Equal(ExitCode.Unreachable, result.Exit);
        Assert.Contains("There is no ledger file /nowhere/factory.db", result.Error, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string token) =>
        client.PostAsync("/factory/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));

    [GeneratedRegex(@"control room: (http://127\.0\.0\.1:\d+)/factory/")]
    private static partial Regex Address();

    [GeneratedRegex(@"one-time token (\S+?)\.?\s*$", RegexOptions.Multiline)]
    private static partial Regex Token();

    /// <summary>A writer the test reads while the command still writes to it.</summary>
    private sealed class LiveWriter : TextWriter
    {
        private readonly StringBuilder text = new();

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (text)
                {
                    return text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        public async Task<string> UntilAsync(Func<string, bool> done, Task<int> command)
        {
            for (int i = 0; i < 600; i++)
            {
                if (done(Text))
                {
                    return Text;
                }

                if (command.IsCompleted)
                {
                    throw new InvalidOperationException($"serve ended ({await command}) before it printed what was awaited:\n{Text}");
                }

                await Task.Delay(100);
            }

            throw new TimeoutException("serve printed no token in a minute:\n" + Text);
        }
    }
}
