using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Factory.Testing;
using RabbitMQ.Client;
using Xunit;

namespace Factory.RabbitMQ.Tests;

public class RunOnBrokerTests
{
    private static readonly JobOrder JobWithKey = new("job-1", "acme")
    {
        Secrets = new JobSecrets(new Dictionary<string, string> { ["api-key"] = "caller-secret-4711" }),
    };

    [Fact]
    public async Task Secrets_never_travel_a_worker_has_only_the_ones_it_resolves_itself()
    {
        Order[] orders = [new(1, "a"), new(2, "b")];

        List<Receipt> withoutProvider = await RunVault(orders, secrets: null);
        List<Receipt> withProvider = await RunVault(orders, secrets: job => new JobSecrets(new Dictionary<string, string> { ["api-key"] = "worker-secret-" + job.Tenant }));

        Assert.All(withoutProvider, r => Assert.Equal("no key", r.Text));
        Assert.All(withProvider, r => Assert.Equal("has key", r.Text));
    }

    [Fact]
    public async Task A_station_that_fails_every_attempt_in_its_worker_is_a_dead_letter_of_the_callers_run_with_the_secret_redacted()
    {
        var line = new Vault(new UseKey());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, job => new JobSecrets(new Dictionary<string, string> { ["api-key"] = "worker-secret-4712" }));

        LineRun<Order, Receipt> run = line.Start(new RunOptions { Job = JobWithKey, Transport = new RabbitMqTransport(connection, CheckoutJson.Default) });
        foreach (int number in new[] { 12, 13, 14 })
        {
            await run.Input.WriteAsync(new Order(number, "c"));
        }

        run.Input.Complete();
        List<Receipt> receipts = await ReadAll(run);
        LineReport report = await run.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([12, 14], receipts.Select(r => r.Number).Order());
        DeadLetter letter = Assert.Single(report.DeadLetters);
        Assert.Equal((MaterialIds.Root(1), "UseKey", 2, "System.InvalidOperationException"), (letter.MaterialId, letter.Station, letter.Attempts, letter.ExceptionType));
        Assert.StartsWith("order 13 refused with key ", letter.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("worker-secret-4712", letter.Message, StringComparison.Ordinal);
        Assert.Equal(LineOutcome.Completed, report.Outcome);
    }

    [Fact]
    public async Task A_job_orders_material_budget_holds_on_the_broker_the_callers_entry_admits_within_it_and_refuses_the_rest()
    {
        var line = new Checkout(new Price(), new Print());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line);
        var job = new JobOrder("job-budget", "acme") { Budget = new JobBudget(MaxMaterials: 10) };

        LineRun<Order, Receipt> run = line.Start(new RunOptions { Job = job, Transport = new RabbitMqTransport(connection, CheckoutJson.Default) });
        for (int number = 1; number <= 25; number++)
        {
            await run.Input.WriteAsync(new Order(number, "c"));
        }

        run.Input.Complete();
        List<Receipt> receipts = await ReadAll(run);
        LineReport report = await run.Completion.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(1, 10), receipts.Select(r => r.Number).Order());
        Assert.Equal(15, report.DeadLetters.Count);
        Assert.All(report.DeadLetters, l => Assert.Contains("budget exhausted", l.Message, StringComparison.Ordinal));
        Assert.Equal(10, worker.Hosted.Done / 2);
    }

    [Fact]
    public async Task A_json_context_that_lacks_a_material_type_is_refused_at_start_naming_the_type_and_station()
    {
        var line = new Checkout(new Price(), new Print());
        await using IConnection connection = await TestBroker.ConnectAsync();

        LineRun<Order, Receipt> run = line.Start(new RunOptions { Transport = new RabbitMqTransport(connection, OrdersOnlyJson.Default) });

        // The run may have been refused, and its input closed, already.
        run.Input.TryComplete();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.Completion.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains(
            "its JSON context Factory.RabbitMQ.Tests.OrdersOnlyJson does not list Factory.RabbitMQ.Tests.Priced (the output of station 'Price'): add [JsonSerializable(typeof(Factory.RabbitMQ.Tests.Priced))] to it.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_with_a_gate_is_refused_a_transport_without_a_durable_gate_store_naming_the_gate()
    {
        var line = new Approvals(new ApproveOrder());
        await using IConnection connection = await TestBroker.ConnectAsync();

        var error = Assert.Throws<InvalidOperationException>(() => line.Start(new RunOptions { Transport = new RabbitMqTransport(connection, CheckoutJson.Default), Gates = new Factory.Gates.InMemoryGateStore() }));

        Assert.Equal(
            "Line 'Approvals' runs gate 'ApproveOrder' on a transport: its workers park materials in their ledger, so the run must take decisions from that ledger's gate store. "
            + "Observe the run with the workers' ledger (RunOptions.Observers = [ledger.Observe()]) or give RunOptions.Gates = ledger.Gates.",
            error.Message);
    }

    private static async Task<List<Receipt>> RunVault(Order[] orders, Func<JobOrder, JobSecrets>? secrets)
    {
        var line = new Vault(new UseKey());
        await using IConnection connection = await TestBroker.ConnectAsync();
        await using Worker worker = await Worker.StartAsync(line, secrets);
        var receipts = new List<Receipt>();
        var options = new RunOptions { Job = JobWithKey, Transport = new RabbitMqTransport(connection, CheckoutJson.Default) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (Receipt receipt in line.RunAsync(orders, options, cancel.Token))
        {
            receipts.Add(receipt);
        }

        return receipts;
    }

    private static async Task<List<Receipt>> ReadAll(LineRun<Order, Receipt> run)
    {
        var receipts = new List<Receipt>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (Receipt receipt in run.Output.ReadAllAsync(cancel.Token))
        {
            receipts.Add(receipt);
        }

        return receipts;
    }
}
