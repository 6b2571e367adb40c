using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Factory.Gates;
using Factory.Ledger;

namespace Factory.Cli.Tests;

/// <summary>
/// A ledger made by real runs: Pricing for tenants acme (12 orders, 3 dead letters) and globex
/// (8 orders, 2 dead letters), RefundReview for acme (3 refunds waiting at the gate) and VoucherReview
/// for initech (1 voucher waiting; no check of it is ever registered). Both Pricing runs sample every
/// output of Price and Pack into the review queue (acme: 9 + 9 samples, globex: 6 + 6).
/// </summary>
public static class PlantLedger
{
    public const string AcmePricing = "acme-pricing";
    public const string GlobexPricing = "globex-pricing";
    public const string AcmeRefunds = "acme-refunds";
    public const string InitechVouchers = "initech-vouchers";

    public static async Task RecordAsync(ILedger ledger)
    {
        await RunAsync(new Pricing(new Price(), new Pack()), Orders(12), ledger, AcmePricing, "acme", Everything);
        await RunAsync(new Pricing(new Price(), new Pack()), Orders(8), ledger, GlobexPricing, "globex", Everything);
        Refund[] refunds = [new(1, 120, "ann"), new(2, 80, "bob"), new(3, 300, "carl")];
        await RunAsync(new RefundReview(new ApproveRefund(), new Issue(), new Decline()), refunds, ledger, AcmeRefunds, "acme");
        await RunAsync(new VoucherReview(new ApproveVoucher(), new Redeem(), new Void()), [new Voucher(1, 20)], ledger, InitechVouchers, "initech");
        await ledger.FlushAsync();
    }

    /// <summary>A SQLite ledger file with the plant's runs, closed again.</summary>
    public static async Task<string> SqliteAsync()
    {
        string path = Path.Combine(Path.GetTempPath(), "factory-cli-" + Guid.NewGuid().ToString("N") + ".db");
        await using (var ledger = new Factory.Ledger.Sqlite.SqliteLedger(path, new Factory.Ledger.Sqlite.SqliteLedgerOptions { Inputs = PlantJson.Default }))
        {
            await RecordAsync(ledger);
        }

        return path;
    }

    /// <summary>Removes a ledger file and what SQLite and the flight recorder keep beside it.</summary>
    public static void Delete(string path)
    {
        foreach (string file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        if (Directory.Exists(path + ".flight"))
        {
            Directory.Delete(path + ".flight", recursive: true);
        }
    }

    /// <summary>What a deciding process registers: how the gate checks an edited refund.</summary>
    public static void RegisterGateCheck() =>
        GatePayloadChecks.Register<Refund, ApproveRefund.GateWork>(new ApproveRefund.GateWork(new ApproveRefund()));

    private static IEnumerable<Order> Orders(int count) => Enumerable.Range(1, count).Select(i => new Order(i, i * 10));

    /// <summary>Every output of every station to the review queue.</summary>
    private static Factory.Quality.Sampling Everything => new() { Seed = 1, Rate = 1 };

    private static async Task RunAsync<TIn, TOut>(ILine<TIn, TOut> line, IEnumerable<TIn> input, ILedger ledger, string runId, string tenant, Factory.Quality.Sampling? sampling = null)
    {
        var options = new RunOptions { RunId = runId, Job = new JobOrder("job-" + runId, tenant), Observers = [ledger.Observe()], Sampling = sampling };
        await foreach (TOut _ in line.RunAsync(input, options))
        {
        }
    }
}
