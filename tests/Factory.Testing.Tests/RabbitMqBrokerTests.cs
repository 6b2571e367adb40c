using System;
using Xunit;

namespace Factory.Testing.Tests;

public class RabbitMqBrokerTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_uri_it_says_how_to_start_a_broker(string? value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RabbitMqBroker.From(value));

        Assert.Equal(
            "RabbitMQ tests need FACTORY_RABBITMQ (an amqp:// URI); ./test.sh starts a throwaway broker and sets it, " +
            "or run: eval \"$(scripts/rabbitmq.sh start)\"",
            error.Message);
    }

    [Fact]
    public void A_value_that_is_not_an_amqp_uri_is_refused_without_showing_its_password()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RabbitMqBroker.From("http://user:secret@host:5672/"));

        Assert.StartsWith("FACTORY_RABBITMQ is not an amqp:// URI: '…@host:5672/'.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_an_amqp_uri_it_returns_it()
    {
        Assert.Equal(new Uri("amqp://guest:guest@127.0.0.1:25672/"), RabbitMqBroker.From("amqp://guest:guest@127.0.0.1:25672/"));
    }
}
