using System;
using System.Threading;
using System.Threading.Tasks;
using Factory.Ledger;
using Factory.Testing;

namespace Factory.RabbitMQ.Tests;

/// <summary>A <see cref="LineWorker"/> in the test's own process, started and stopped around a test.</summary>
internal sealed class Worker : IAsyncDisposable
{
    private Worker(LineWorker hosted)
    {
        Hosted = hosted;
    }

    public LineWorker Hosted { get; }

    public static Task<Worker> StartAsync<TIn, TOut>(ILine<TIn, TOut> line, Func<JobOrder, JobSecrets>? secrets = null, ILedger? ledger = null) =>
        StartAsync(line, new LineWorkerOptions { Broker = RabbitMqBroker.FromEnvironment(), Json = CheckoutJson.Default, Secrets = secrets, Ledger = ledger });

    public static async Task<Worker> StartAsync<TIn, TOut>(ILine<TIn, TOut> line, LineWorkerOptions options)
    {
        var worker = LineWorker.For(line, options);
        await worker.StartAsync(CancellationToken.None);
        await worker.Started.WaitAsync(TimeSpan.FromSeconds(30));
        return new Worker(worker);
    }

    public async ValueTask DisposeAsync() => await Hosted.StopAsync(CancellationToken.None);
}
