using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Ledger.Relational;
using Xunit;
using Xunit.Abstractions;

namespace Factory.Ledger.Tests;

/// <summary>
/// An input that kills the process (<c>Environment.FailFast</c> in a station, the test host's
/// <c>poison</c> mode) crashes every start it runs in; the crash limit turns it into a dead letter
/// so the run completes, and no input that merely ran beside it is blamed.
/// </summary>
public abstract class PoisonProcessContract(LedgerFixture fixture, ITestOutputHelper output)
{
    private const int Count = 1_000;
    private const int Poison = 500;
    private const int MostStarts = 6;
    [Fact]
    public async Task A_run_with_an_input_that_kills_the_process_completes_within_three_resumes_with_it_as_the_only_dead_letter()
    {
        await using TempLedger temp = await fixture.CreateAsync();
        string outputs = Path.Combine(temp.Folder, "outputs.txt");
        int starts = 0;
        bool completed = false;
        while (!completed && starts < MostStarts)
        {
            await HostProcess.WaitForLeaseExpiryAsync(temp);
            HostProcess.Ended ended = await HostProcess.WaitAsync(HostProcess.Start(
                "poison", temp.HostArgument, "poison-run", outputs, Count.ToString(CultureInfo.InvariantCulture), Poison.ToString(CultureInfo.InvariantCulture), "500"));
            starts++;
            output.WriteLine($"start {starts}: {ended}");
            completed = ended.ExitCode == 0;
            Assert.True(completed || ended.Errors.Contains($"poison input {Poison}", StringComparison.Ordinal), $"start {starts} died of something else: {ended}");
        }

        Assert.True(completed, $"the run did not complete in {MostStarts} starts: every start died on input {Poison}, which is retried forever");
        Assert.InRange(starts, 2, 4);

        // 999 outputs, each input once in the ledger, the poison the one dead letter.
        var taken = File.ReadAllLines(outputs).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Equal(Enumerable.Range(0, Count).Where(i => i != Poison), taken.Order());
        Assert.Equal(Count - 1, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome = 'delivered'"));
        Assert.Equal(Count, temp.Scalar("SELECT count(*) FROM inputs WHERE outcome IS NOT NULL"));
        var poisoned = temp.Rows("SELECT sequence, crashes, finished_start FROM inputs WHERE outcome = 'dead-lettered'");
        Assert.Equal([(long)Poison, 3L, (long)starts], Assert.Single(poisoned));
        Assert.Equal("completed", temp.Rows("SELECT status FROM runs")[0][0]);

        // The dead letter is like any other: listed, holding the input, replayable, discardable.
        await using (RelationalLedger ledger = temp.OpenAnother(new LedgerSettings()))
        {
            DeadLetterRecord letter = Assert.Single(await ledger.ListDeadLettersAsync());
            Assert.Equal(CrashLimit.ExceptionType, letter.ExceptionType);
            Assert.Equal(Poison + 1, letter.MaterialId);
            Assert.Equal("Inspect", letter.Station);
            Assert.Equal(3, letter.Attempts);
            Assert.StartsWith("crashed the process 3 times (limit 3); last in station Inspect.", letter.Message, StringComparison.Ordinal);
            Assert.Equal($"{{\"Id\":{Poison}}}", letter.InputJson);
            Assert.True(letter.CanReplay);
            await ledger.DiscardDeadLetterAsync(letter.Id, "alice", "the poison test");
            Assert.Equal(DeadLetterStatus.Discarded, (await ledger.GetDeadLetterAsync(letter.Id))!.Status);
            Assert.Equal(starts - 1, (await ledger.ListAuditAsync(new AuditQuery { Action = AuditActions.RunCrashesCounted })).Count);
        }

        // Inputs that ran beside the poison when it first struck were counted once, ran alone, and are delivered.
        var beside = temp.Rows($"SELECT sequence, crashes, outcome FROM inputs WHERE crashes > 0 AND sequence <> {Poison}");
        output.WriteLine($"inputs blamed beside the poison: {string.Join(", ", beside.Select(r => $"{r[0]} ({r[1]})"))}");
        Assert.All(beside, r => Assert.Equal((1L, "delivered"), ((long)r[1]!, (string)r[2]!)));
        Assert.Empty(Directory.GetFiles(temp.FlightFolder));
    }
}
