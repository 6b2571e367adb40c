using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Providers;
using Microsoft.Extensions.AI;
using Xunit;

namespace Factory.AI.Tests;

public sealed class CassetteTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("factory-cassette-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Recorded_exchanges_replay_offline_and_a_miss_names_the_key_and_the_file()
    {
        string path = Path.Combine(folder, "summaries.jsonl");
        var input = new Ticket("T-9", "Refund please");
        using (var server = new FakeModelServer().Then(Reply.Ok("""{"Category":"refund","Urgency":2}""", promptTokens: 33, completionTokens: 8)))
        {
            using var recorder = new CassetteChatClient(path, CassetteMode.Record, "fake-model", Models.Client(server));
            var recording = new ModelCatalog().Add(ModelCatalog.DefaultName, recorder, Models.Fast);
            Summary recorded = await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), recording, input, null, CancellationToken.None);
            Assert.Equal("refund", recorded.Category);
            Assert.Equal(1, server.Requests);
        }

        Assert.Single(File.ReadAllLines(path));
        using var player = new CassetteChatClient(path, CassetteMode.Replay, "fake-model");
        var replaying = new ModelCatalog().Add(ModelCatalog.DefaultName, player, Models.Fast);
        ModelCallEvent? call = null;
        replaying.ModelCalled += e => call = e;

        Summary replayed = await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), replaying, input, null, CancellationToken.None);

        Assert.Equal(new Summary("refund", 2), replayed);
        Assert.Equal((33L, 8L), (call!.InputTokens, call.OutputTokens));

        var job = new JobOrder("replaying");
        CassetteMissException miss = await Assert.ThrowsAsync<CassetteMissException>(async () =>
            await ThinkingEngine.RunAsync(new SummaryUnit(), SummaryUnit.Spec(), replaying, input with { Body = "Something else" }, null, CancellationToken.None, job));
        Assert.Equal(0, JobSpend.Of(job).Tokens); // a miss asked no model, so nothing can have been billed
        Assert.Contains(path, miss.Message, StringComparison.Ordinal);
        Assert.Contains(miss.Key, miss.Message, StringComparison.Ordinal);
        Assert.Equal(64, miss.Key.Length);
    }

    [Fact]
    public void The_key_covers_model_messages_and_options()
    {
        string path = Path.Combine(folder, "keys.jsonl");
        using var player = new CassetteChatClient(path, CassetteMode.Record, "m", new CassetteChatClient(Path.Combine(folder, "x.jsonl"), CassetteMode.Record, "m", new NoClient()));
        List<ChatMessage> messages = [new(ChatRole.User, "hello")];

        string key = player.KeyOf(messages, new ChatOptions { Temperature = 0.5f });

        Assert.Equal(key, player.KeyOf([new(ChatRole.User, "hello")], new ChatOptions { Temperature = 0.5f }));
        Assert.NotEqual(key, player.KeyOf([new(ChatRole.User, "hello!")], new ChatOptions { Temperature = 0.5f }));
        Assert.NotEqual(key, player.KeyOf(messages, new ChatOptions { Temperature = 0.7f }));
        Assert.NotEqual(key, player.KeyOf(messages, new ChatOptions { Temperature = 0.5f, ModelId = "other" }));
        Assert.NotEqual(key, player.KeyOf([new(ChatRole.System, "hello")], new ChatOptions { Temperature = 0.5f }));
    }

    [Fact]
    public void Replaying_a_cassette_that_does_not_exist_fails_naming_it()
    {
        string path = Path.Combine(folder, "missing.jsonl");

        FileNotFoundException missing = Assert.Throws<FileNotFoundException>(() => new CassetteChatClient(path, CassetteMode.Replay, "m"));

        Assert.Contains(path, missing.Message, StringComparison.Ordinal);
    }

    private sealed class NoClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("not called");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("not called");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
