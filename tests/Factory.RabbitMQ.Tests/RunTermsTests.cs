using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Factory.Quality;
using Factory.Runtime;
using Xunit;

namespace Factory.RabbitMQ.Tests;

/// <summary>What a run asks of its workers, through headers as the broker hands them back (text as UTF-8 bytes).</summary>
public class RunTermsTests
{
    [Fact]
    public void A_jobs_token_and_cost_budget_and_the_runs_sampling_come_back_from_the_headers_as_sent()
    {
        Sampling sampling = new Sampling { Seed = 42, Rate = 0.125, ThinkingUnits = true }.Station("Invoice", 0.3).Station("Review/Classify", 1);
        var job = new JobOrder("j", "acme") { Budget = new JobBudget(DateTimeOffset.UtcNow.AddHours(1), MaxMaterials: 10, MaxTokens: 5_000, MaxCost: 1.25m) };

        Dictionary<string, object?> sent = MessageHeaders.For("run", new MaterialInfo(1, 0, 0, 0), 1, job, null, SamplingTerms.Write(sampling));
        var received = sent.ToDictionary(h => h.Key, h => h.Value is string text ? Encoding.UTF8.GetBytes(text) : h.Value);

        // The deadline and the material budget are the caller's: they do not travel.
        Assert.Equal(new JobBudget(MaxTokens: 5_000, MaxCost: 1.25m), RunTerms.Budget(received));
        string terms = Assert.IsType<string>(RunTerms.Sampling(received));
        Assert.Equal("seed=42;rate=0.125;units=1;@Invoice=0.3;@Review/Classify=1", terms);
        Assert.Equal(terms, SamplingTerms.Write(SamplingTerms.Read(terms)));
    }

    [Fact]
    public void A_run_without_a_budget_or_sampling_sends_neither()
    {
        Dictionary<string, object?> sent = MessageHeaders.For("run", new MaterialInfo(1, 0, 0, 0), 1, new JobOrder("j"), null);

        Assert.DoesNotContain(sent.Keys, key => key is MessageHeaders.MaxTokens or MessageHeaders.MaxCost or MessageHeaders.Sampling);
        Assert.Same(JobBudget.Unlimited, RunTerms.Budget(sent));
        Assert.Null(RunTerms.Sampling(sent));
    }

    [Theory]
    [InlineData("seed=1;rate=2;units=0")]
    [InlineData("seed=-1;rate=0;units=0")]
    [InlineData("seed=1;rate=0;units=0;Invoice=0.5")]
    public void Sampling_terms_that_are_not_Factorys_are_refused_naming_them(string terms)
    {
        FormatException refused = Assert.Throws<FormatException>(() => SamplingTerms.Read(terms));

        Assert.Contains($"'{terms}'", refused.Message, StringComparison.Ordinal);
    }
}
