using Factory.AI;
using Factory.Generators.Analysis;
using Xunit;

namespace Factory.Generators.Tests;

/// <summary>
/// The generator reads a station's options by the names and defaults of the <c>StationAttribute</c> it
/// compiles in; <c>ThinkingUnitAttribute</c> lives in Factory.AI and cannot be compiled in, so these hold
/// the generator's reading of an unwritten option to what the attribute says.
/// </summary>
public sealed class OptionDefaultsTests
{
    [Fact]
    public void An_unwritten_thinking_unit_option_reads_as_the_attribute_default()
    {
        var attribute = new ThinkingUnitAttribute();
        var read = new StationOptionsReader();

        Assert.Equal(
            (attribute.Version, attribute.Parallelism, attribute.Capacity, attribute.Ordered, attribute.MaxAttempts, attribute.BackoffMs, attribute.TimeoutMs),
            (read.Version, read.Parallelism, read.Capacity, read.Ordered, read.MaxAttempts, read.BackoffMs, read.TimeoutMs));
        Assert.Equal(
            (attribute.Model, attribute.Escalate, attribute.MaxOutputTokens, attribute.MaxRepairs, attribute.CacheMinutes),
            (read.Model, read.Escalate, read.MaxOutputTokens, read.MaxRepairs, read.CacheMinutes));
        Assert.Equal(ThinkingUnitOptions.DefaultTemperature, attribute.Temperature);
        Assert.Null(read.Temperature);
    }

    [Fact]
    public void The_thinking_unit_option_names_are_the_attribute_s()
    {
        Assert.Equal(nameof(ThinkingUnitAttribute.Model), ThinkingUnitOptions.Model);
        Assert.Equal(nameof(ThinkingUnitAttribute.Escalate), ThinkingUnitOptions.Escalate);
        Assert.Equal(nameof(ThinkingUnitAttribute.Temperature), ThinkingUnitOptions.Temperature);
        Assert.Equal(nameof(ThinkingUnitAttribute.MaxOutputTokens), ThinkingUnitOptions.MaxOutputTokens);
        Assert.Equal(nameof(ThinkingUnitAttribute.MaxRepairs), ThinkingUnitOptions.MaxRepairs);
        Assert.Equal(nameof(ThinkingUnitAttribute.CacheMinutes), ThinkingUnitOptions.CacheMinutes);
        Assert.Equal(ModelCatalog.DefaultName, ThinkingUnitOptions.DefaultModel);
    }

    [Fact]
    public void An_unwritten_station_option_reads_as_the_runtime_default()
    {
        var runtime = new StationOptions();
        var read = new StationOptionsReader();

        Assert.Equal(
            runtime,
            new StationOptions(read.Parallelism, read.Capacity, read.Ordered, read.MaxAttempts, read.BackoffMs, read.TimeoutMs, read.BatchSize, read.BatchWaitMs));
    }
}
