using System;
using Xunit.Sdk;

namespace Factory.AI.Tests;

/// <summary>The Redis the memory-tier tests use: FACTORY_REDIS, which ./test.sh sets (starting a throwaway server) unless it is set already.</summary>
internal static class RedisServer
{
    /// <summary>The StackExchange.Redis configuration string; fails the test, saying how to start one, when it is not set.</summary>
    public static string Configuration =>
        Environment.GetEnvironmentVariable("FACTORY_REDIS") is { Length: > 0 } configuration
            ? configuration
            : throw new XunitException(
                "FACTORY_REDIS is not set, so the memory-tier tests have no Redis. Run ./test.sh (it starts a throwaway one), " +
                "or start one yourself with: eval \"$(scripts/redis.sh start)\" (and scripts/redis.sh stop when done), " +
                "or set FACTORY_REDIS to a server of your own, e.g. 127.0.0.1:6379,password=...");
}
