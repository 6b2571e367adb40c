using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Factory.AI.Providers;
using Microsoft.Extensions.AI;
using Xunit;

namespace Factory.AI.Tests;

/// <summary>Embedding models in the catalog: the OpenAI adapter's generator inside the same budget and resilience layers as chat models.</summary>
public sealed class EmbeddingTests
{
    private static IEmbeddingGenerator<string, Embedding<float>> Generator(FakeModelServer server) =>
        new OpenAICompatibleOptions { Endpoint = server.Endpoint, ApiKey = "test-key", Model = "fake-embedder" }.CreateEmbeddingGenerator();

    [Fact]
    public async Task A_batch_station_embeds_a_hundred_chunks_in_calls_of_sixteen_in_order_within_the_budget()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(string.Empty, promptTokens: 50));
        ModelCatalog models = new ModelCatalog().AddEmbeddings(ModelCatalog.DefaultName, Generator(server), Models.Fast with { Price = new ModelPrice(1m, 0m) });
        Chunk[] chunks = [.. Enumerable.Range(0, 100).Select(i => new Chunk($"c{i}", new string('x', i + 1)))];
        var job = new JobOrder("embed") { Budget = new JobBudget(MaxTokens: 10_000) };

        var line = new EmbeddingLine(new EmbedChunks(models));
        List<EmbeddedChunk> embedded = [];
        await foreach (EmbeddedChunk chunk in line.RunAsync(chunks, job))
        {
            embedded.Add(chunk);
        }

        Assert.Equal(chunks.Select(c => c.Id), embedded.Select(e => e.Id));
        Assert.All(embedded, e => Assert.Equal(int.Parse(e.Id[1..], System.Globalization.CultureInfo.InvariantCulture) + 1, (int)e.Vector[0]));
        Assert.InRange(server.Requests, 7, 100 / 2);
        Assert.All(server.Bodies, b => Assert.InRange(b.RootElement.GetProperty("input").GetArrayLength(), 1, 16));
        Assert.Equal(server.Requests * 50L, JobSpend.Of(job).Tokens);
        Assert.Equal(server.Requests * 50m / 1_000_000m, JobSpend.Of(job).Cost);
    }

    [Fact]
    public async Task An_embedding_call_that_cannot_fit_the_budget_is_refused_before_it_is_made()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(string.Empty, promptTokens: 5));
        EmbeddingEntry embeddings = new ModelCatalog().AddEmbeddings("small", Generator(server), Models.Fast).ResolveEmbeddings("small");
        string[] texts = ["0123456789", "abcdefghij"];
        long worst = 3 + (2 * (4 + 10));
        var job = new JobOrder("tight") { Budget = new JobBudget(MaxTokens: worst - 1) };

        BudgetExhaustedException refused = await Assert.ThrowsAsync<BudgetExhaustedException>(() => embeddings.GenerateAsync(texts, job));

        Assert.Contains($"this call may need {worst}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
        Assert.Equal(2, (await embeddings.GenerateAsync(texts, new JobOrder("room") { Budget = new JobBudget(MaxTokens: worst) })).Count);
    }

    [Fact]
    public async Task An_embedding_attempt_that_timed_out_is_charged_its_worst_case_and_one_refused_with_a_status_nothing()
    {
        using var server = new FakeModelServer(_ => Reply.Ok(string.Empty, promptTokens: 5)).Then(Reply.Ok(string.Empty) with { Delay = TimeSpan.FromMinutes(5) });
        EmbeddingEntry embeddings = new ModelCatalog()
            .AddEmbeddings("small", Generator(server), Models.Fast with { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 })
            .ResolveEmbeddings("small");
        string[] texts = ["0123456789", "abcdefghij"];
        long worst = 3 + (2 * (4 + 10));
        var timedOut = new JobOrder("timed-out");

        Assert.Equal(2, (await embeddings.GenerateAsync(texts, timedOut)).Count);

        // The first attempt may have been answered, and billed, after the client gave up; the retry reserved and settled its own.
        Assert.Equal(2, server.Requests);
        Assert.Equal(worst + 5, JobSpend.Of(timedOut).Tokens);
        Assert.Equal(2, JobSpend.Of(timedOut).Calls);

        server.Then(Reply.Error(400));
        var refused = new JobOrder("refused");
        await Assert.ThrowsAnyAsync<Exception>(() => embeddings.GenerateAsync(texts, refused));
        Assert.Equal(3, server.Requests);
        Assert.Equal(0, JobSpend.Of(refused).Tokens);
    }

    [Fact]
    public async Task A_budget_of_your_own_outside_the_resilient_generator_charges_a_timed_out_attempt_though_the_last_was_refused()
    {
        using var server = new FakeModelServer(_ => Reply.Error(400)).Then(Reply.Ok(string.Empty) with { Delay = TimeSpan.FromMinutes(5) });
        var job = new JobOrder("own");
        ModelSettings settings = Models.Fast with { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 };
        using var own = new Factory.AI.Pipeline.BudgetEmbeddingGenerator(new Factory.AI.Pipeline.ResilientEmbeddingGenerator(Generator(server), settings), settings, "fake-embedder", job);
        string[] texts = ["0123456789", "abcdefghij"];

        await Assert.ThrowsAnyAsync<Exception>(() => own.GenerateAsync(texts));

        // One reservation covers both attempts: the first timed out (and may have been billed), the second was refused.
        Assert.Equal(2, server.Requests);
        Assert.Equal(3 + (2 * (4 + 10)), JobSpend.Of(job).Tokens);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_and_a_401_is_not_and_keeps_no_key()
    {
        const string Key = "sk-embed-Q7x2Lm9Kt4Vb8Nw1Zr6Yp3";
        using var server = new FakeModelServer().Then(Reply.Error(429, retryAfter: "0.3"), Reply.Ok(string.Empty));
        EmbeddingEntry embeddings = new ModelCatalog().AddEmbeddings(ModelCatalog.DefaultName, Generator(server), Models.Fast).ResolveEmbeddings();

        Assert.Single(await embeddings.GenerateAsync(["hello"]));
        Assert.Equal(2, server.Requests);

        using var refusing = new FakeModelServer(_ => Reply.Error(401) with { Text = "Incorrect API key provided: " + Key });
        EmbeddingEntry wrongKey = new ModelCatalog()
            .AddEmbeddings(ModelCatalog.DefaultName, new OpenAICompatibleOptions { Endpoint = refusing.Endpoint, ApiKey = Key, Model = "e" }.CreateEmbeddingGenerator(), Models.Fast)
            .ResolveEmbeddings();
        ModelEndpointException failure = await Assert.ThrowsAsync<ModelEndpointException>(() => wrongKey.GenerateAsync(["hello"]));
        Assert.Equal(401, failure.StatusCode);
        Assert.Equal(1, refusing.Requests);
        Assert.DoesNotContain(Key[..12], failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_embedding_calls_replay_offline_and_a_miss_names_the_key_and_the_file()
    {
        string folder = System.IO.Directory.CreateTempSubdirectory("factory-embed-cassette-").FullName;
        try
        {
            string path = System.IO.Path.Combine(folder, "embeddings.jsonl");
            using (var server = new FakeModelServer(_ => Reply.Ok(string.Empty, promptTokens: 9)))
            {
                EmbeddingEntry recording = new ModelCatalog().AddEmbeddings(ModelCatalog.DefaultName, new CassetteEmbeddingGenerator(path, CassetteMode.Record, "fake-embedder", Generator(server)), Models.Fast).ResolveEmbeddings();
                await recording.GenerateAsync(["abc", "de"]);
                Assert.Equal(1, server.Requests);
            }

            EmbeddingEntry replaying = new ModelCatalog().AddEmbeddings(ModelCatalog.DefaultName, new CassetteEmbeddingGenerator(path, CassetteMode.Replay, "fake-embedder"), Models.Fast).ResolveEmbeddings();
            var job = new JobOrder("replay") { Budget = new JobBudget(MaxTokens: 1_000) };
            GeneratedEmbeddings<Embedding<float>> replayed = await replaying.GenerateAsync(["abc", "de"], job);

            Assert.Equal([3f, 2f], replayed.Select(e => e.Vector.Span[0]));
            Assert.Equal(9, JobSpend.Of(job).Tokens);
            CassetteMissException miss = await Assert.ThrowsAsync<CassetteMissException>(() => replaying.GenerateAsync(["abc"]));
            Assert.Contains(path, miss.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
