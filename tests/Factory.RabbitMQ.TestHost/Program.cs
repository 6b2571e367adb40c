using System;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger.Sqlite;
using Factory.RabbitMQ;
using Factory.RabbitMQ.TestHost;
using Factory.RabbitMQ.Tests;

// Usage: worker LEDGER_PATH NAME [fragile|fragile-single|slow|thinking] — hosts the stations of Checkout, up to 32 materials to a message
// (Packing.Topology), or, with "fragile", of Fragile (one delivery at a time, its queue's delivery limit 1, Poison.Topology; with "fragile-single", a message per material and 16 deliveries at a time, Poison.Single); with "slow", of Slow, its queue bounded by Sluggish.Topology; with
// "thinking", of Thinking, its thinking unit calling the model at FACTORY_TEST_MODEL) on the
// broker FACTORY_RABBITMQ names, recording into the SQLite ledger at LEDGER_PATH; prints "ready" once it consumes, then
// works until it is killed or its standard input closes (then it stops cleanly, printing what it did).
// FACTORY_TEST_STATIONS (comma-separated paths) hosts only those stations; FACTORY_TEST_SPANS writes the spans it makes to that file.
if (args.Length is < 3 or > 4 || args[0] != "worker")
{
    Console.Error.WriteLine("usage: worker LEDGER_PATH NAME [fragile|fragile-single|slow|thinking]");
    return 2;
}

string broker = Environment.GetEnvironmentVariable("FACTORY_RABBITMQ") ?? throw new InvalidOperationException("FACTORY_RABBITMQ is not set");
using SpanFile? spans = Environment.GetEnvironmentVariable("FACTORY_TEST_SPANS") is { Length: > 0 } spanPath ? new SpanFile(spanPath) : null;
await using SqliteLedger ledger = SqliteLedger.Open(args[1]);
var options = new LineWorkerOptions
{
    Broker = new Uri(broker),
    Json = CheckoutJson.Default,
    Ledger = ledger,
    Name = args[2],
    Stations = Environment.GetEnvironmentVariable("FACTORY_TEST_STATIONS") is { Length: > 0 } stations ? stations.Split(',') : null,
};
var logger = new ErrorLogger<LineWorker>();
LineWorker worker = args.Length == 4 ? args[3] switch
{
    "fragile" => LineWorker.For(new Fragile(new Brittle()), options with { Prefetch = 1, Topology = Poison.Topology }, logger),
    "fragile-single" => LineWorker.For(new Fragile(new Brittle()), options with { Prefetch = 16, Topology = Poison.Single }, logger),
    "slow" => LineWorker.For(new Slow(new Linger()), options with { Topology = Sluggish.Topology }, logger),
    "thinking" => LineWorker.For(
        new Thinking(new SortQuestion(ThinkingModels.At(new Uri(Environment.GetEnvironmentVariable("FACTORY_TEST_MODEL") ?? throw new InvalidOperationException("FACTORY_TEST_MODEL is not set"))))),
        options with { Json = ThinkingJson.Default },
        logger),
    string other => throw new ArgumentException($"no line '{other}': fragile, slow or thinking"),
} : LineWorker.For(new Checkout(new Price(PriceDelay(), Environment.GetEnvironmentVariable("FACTORY_TEST_PRICE_HOLD_FILE") ?? string.Empty), new Print()), options with { Topology = Packing.Topology }, logger);
using var stop = new CancellationTokenSource();
await worker.StartAsync(stop.Token);
await worker.Started;
Console.WriteLine("ready");
Console.Out.Flush();
await Task.Run(() => Console.In.ReadToEnd());
await worker.StopAsync(CancellationToken.None);
Console.WriteLine($"{args[2]}: {worker.Done} acknowledged, {worker.Redelivered} redelivered, {worker.SentAlone} sent back alone, {worker.Recognised} recognised as done, {worker.SuspectsRun} suspects run, {worker.Reconnections} reconnections, {worker.DeliveryLimitLetters} past the delivery limit");
return 0;

// A worker whose Price takes this many ms an order (FACTORY_TEST_PRICE_DELAY_MS; none when unset), and holds an order for good once
// the file FACTORY_TEST_PRICE_HOLD_FILE names exists (see Price).
static int PriceDelay() => int.TryParse(Environment.GetEnvironmentVariable("FACTORY_TEST_PRICE_DELAY_MS"), out int delay) ? delay : 0;
