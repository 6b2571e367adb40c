using System;
using System.Collections.Generic;
using System.Net;
using System.Text;
using Factory.Ledger;
using Xunit;

namespace Factory.Tests;

/// <summary>
/// <see cref="JobSecrets.Redact"/> and <see cref="SecretRedactor"/> (one implementation): secrets that
/// contain one another, and the encoded forms a secret takes inside URLs, JSON and Base64.
/// </summary>
public sealed class SecretRedactionTests
{
    private const string Password = "s3cr3t-P@ss";

    /// <summary>Added shortest first, the order in which replacing one after another leaks.</summary>
    private static JobSecrets Secrets(string url) => new(new Dictionary<string, string>
    {
        ["db-password"] = Password,
        ["db-url"] = url,
        ["tok-7Q2"] = "tok-7Q2",
        ["tok-7Q2-long"] = "tok-7Q2-ZX81abc",
    });

    [Theory]
    // The URL holds the password URL-encoded, as a connection string must.
    [InlineData("postgres://app:s3cr3t-P%40ss@db/x", "connect to postgres://app:s3cr3t-P%40ss@db/x failed", "connect to *** failed")]
    // The URL holds the password as written.
    [InlineData("postgres://app:s3cr3t-P@ss@db/x", "connect to postgres://app:s3cr3t-P@ss@db/x failed", "connect to *** failed")]
    // The password alone in a URL that is not a secret, raw and encoded.
    [InlineData("postgres://app:s3cr3t-P%40ss@db/x", "amqp://app:s3cr3t-P@ss@mq/ and amqp://app:s3cr3t-P%40ss@mq/", "amqp://app:***@mq/ and amqp://app:***@mq/")]
    // A token that extends a shorter one.
    [InlineData("postgres://app:s3cr3t-P%40ss@db/x", "bearer tok-7Q2-ZX81abc rejected; tok-7Q2 expired", "bearer *** rejected; *** expired")]
    public void Secrets_that_contain_one_another_are_masked_whole(string url, string text, string expected)
    {
        JobSecrets secrets = Secrets(url);

        Assert.Equal(expected, secrets.Redact(text));
        Assert.Equal(expected, new SecretRedactor(secrets).Redact(text));
    }

    [Fact]
    public void A_secret_URL_encoded_on_its_own_is_masked()
    {
        Assert.Equal("password *** rejected", Secrets("postgres://x").Redact("password s3cr3t-P%40ss rejected"));
    }

    [Fact]
    public void Every_encoded_form_of_a_value_with_reserved_characters_is_masked()
    {
        const string Value = "p@ss:w/rd+ 1?é";
        var secrets = new JobSecrets(new Dictionary<string, string> { ["amqp-password"] = Value });
        byte[] utf8 = Encoding.UTF8.GetBytes(Value);
        string base64 = Convert.ToBase64String(utf8);
        string[] forms =
        [
            Value,
            Uri.EscapeDataString(Value),
            Uri.EscapeDataString(Value).ToLowerInvariant(), // the value's letters are lower case: only the hex digits change
            WebUtility.UrlEncode(Value),
            System.Text.Json.JsonSerializer.Serialize(Value)[1..^1],
            base64,
            base64.TrimEnd('='),
            base64.Replace('+', '-').Replace('/', '_').TrimEnd('='),
        ];

        foreach (string form in forms)
        {
            Assert.Equal("amqp://guest:***@rabbit:5672/", secrets.Redact($"amqp://guest:{form}@rabbit:5672/"));
        }
    }

    [Fact]
    public void Lower_case_percent_escapes_are_masked_like_upper_case_ones()
    {
        var secrets = new JobSecrets(new Dictionary<string, string> { ["amqp-password"] = "p@ss/word" });

        Assert.Equal("amqp://u:***@h/", secrets.Redact("amqp://u:p%40ss%2Fword@h/"));
        Assert.Equal("amqp://u:***@h/", secrets.Redact("amqp://u:p%40ss%2fword@h/"));
    }

    [Fact]
    public void Overlapping_matches_of_different_secrets_are_masked_together()
    {
        // Neither value contains the other, but they overlap in the text: nothing of either is left.
        var secrets = new JobSecrets(new Dictionary<string, string> { ["a"] = "123456", ["b"] = "3456789" });

        Assert.Equal("id *** end", secrets.Redact("id 123456789 end"));
    }

    [Fact]
    public void Text_without_secrets_is_returned_as_it_is()
    {
        const string Text = "nothing to hide here";

        Assert.Same(Text, Secrets("postgres://x").Redact(Text));
        Assert.Same(Text, JobSecrets.None.Redact(Text));
        Assert.True(new SecretRedactor(JobSecrets.None).IsEmpty);
    }

    [Fact]
    public void A_secret_shorter_than_four_characters_is_refused_by_name_and_an_empty_one_is_ignored()
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() => new JobSecrets(new Dictionary<string, string> { ["pin"] = "123" }));

        Assert.Contains("'pin'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("4 characters", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("123", refused.Message, StringComparison.Ordinal);
        var empty = new JobSecrets(new Dictionary<string, string> { ["unset"] = string.Empty, ["pin"] = "1234" });
        Assert.Equal("pin *** ok", empty.Redact("pin 1234 ok"));
    }

    [Fact]
    public void An_API_key_is_masked_whole_and_where_a_provider_echoes_part_of_it()
    {
        const string Key = "sk-test-4f9Qz81LmN0pXy7RtUv2";
        SecretRedactor keys = SecretRedactor.ForKeys([Key, null, " ", "abc"]);

        Assert.Equal("key *** bad", keys.Redact($"key {Key} bad"));
        Assert.Equal("Incorrect API key provided: ***" + "***********Uv2.", keys.Redact("Incorrect API key provided: sk-test-4f9Q***********Uv2."));
        Assert.Equal("short abc stays", keys.Redact("short abc stays"));
    }
}
