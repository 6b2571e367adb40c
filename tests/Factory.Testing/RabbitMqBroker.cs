using System;
using System.Threading.Tasks;

namespace Factory.Testing;

/// <summary>The RabbitMQ broker the tests use: the one FACTORY_RABBITMQ names (./test.sh sets it).</summary>
public static class RabbitMqBroker
{
    /// <summary>The environment variable holding the broker's amqp:// URI; its user may declare and delete queues.</summary>
    public const string Variable = "FACTORY_RABBITMQ";

    /// <summary>The environment variable holding rabbitmqctl for that broker (scripts/rabbitmq.sh sets it): fault tests use it.</summary>
    public const string CtlVariable = "FACTORY_RABBITMQ_CTL";

    /// <summary>What a broker test says when there is no broker: it fails with this, it never skips.</summary>
    public const string Instruction =
        "RabbitMQ tests need FACTORY_RABBITMQ (an amqp:// URI); ./test.sh starts a throwaway broker and sets it, " +
        "or run: eval \"$(scripts/rabbitmq.sh start)\"";

    /// <summary>What a fault test says when it cannot reach rabbitmqctl for the broker.</summary>
    public const string CtlInstruction =
        "RabbitMQ fault tests need FACTORY_RABBITMQ_CTL (rabbitmqctl for the broker FACTORY_RABBITMQ names); " +
        "scripts/rabbitmq.sh start sets both: eval \"$(scripts/rabbitmq.sh start)\"";

    /// <summary>The broker's URI from FACTORY_RABBITMQ; throws <see cref="Instruction"/> when it is not set.</summary>
    public static Uri FromEnvironment() => From(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The rabbitmqctl of the broker from FACTORY_RABBITMQ_CTL; throws <see cref="CtlInstruction"/> when it is not set.</summary>
    public static string CtlFromEnvironment()
    {
        string? ctl = Environment.GetEnvironmentVariable(CtlVariable);
        return string.IsNullOrWhiteSpace(ctl) ? throw new InvalidOperationException(CtlInstruction) : ctl;
    }

    /// <summary>Runs rabbitmqctl for the test broker (FACTORY_RABBITMQ_CTL) with <paramref name="arguments"/>; its output, or an error with it.</summary>
    public static Task<string> CtlAsync(params string[] arguments) =>
        Tool.RunAsync(CtlFromEnvironment(), arguments, TimeSpan.FromSeconds(120));

    // Separate from the environment so a test can check the message without unsetting a variable other tests read.
    internal static Uri From(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(Instruction);
        }

        return Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Scheme is "amqp" or "amqps"
            ? uri
            : throw new InvalidOperationException($"FACTORY_RABBITMQ is not an amqp:// URI: '{Redacted(value)}'. {Instruction}");
    }

    // The URI may carry a password: never echo it.
    private static string Redacted(string value)
    {
        int at = value.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? value : "…" + value[at..];
    }
}
