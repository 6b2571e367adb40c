using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Factory.ControlRoom;

/// <summary>
/// How passwords and API keys are kept at rest: a password as PBKDF2 (SHA-256, salted, many
/// iterations: slow to guess from a stolen configuration), an API key as SHA-256 (keys are long and
/// random, so a fast hash is enough). Comparisons take the same time whatever matches.
/// </summary>
public static class ControlRoomSecrets
{
    private const string PasswordScheme = "pbkdf2-sha256";
    private const string KeyScheme = "sha256";
    private const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A new password hash, <c>pbkdf2-sha256:iterations:salt:hash</c>, for <see cref="ControlRoomUser.PasswordHash"/>.</summary>
    public static string HashPassword(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join(':', PasswordScheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="password"/> is the one <paramref name="passwordHash"/> was made of.</summary>
    /// <exception cref="FormatException"><paramref name="passwordHash"/> is not a hash <see cref="HashPassword"/> makes.</exception>
    public static bool VerifyPassword(string password, string passwordHash)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(passwordHash);
        string[] parts = passwordHash.Split(':');
        if (parts.Length != 4 || parts[0] != PasswordScheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations) || iterations < 10_000)
        {
            throw new FormatException($"A control room password hash reads '{PasswordScheme}:iterations:salt:hash' (make one with ControlRoomSecrets.HashPassword); this one does not.");
        }

        byte[] salt = Convert.FromBase64String(parts[2]);
        byte[] expected = Convert.FromBase64String(parts[3]);
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A new random API key (give it to the client; keep only <see cref="HashApiKey"/> of it).</summary>
    public static string NewApiKey() => "fck_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The hash of an API key, <c>sha256:hex</c>, for <see cref="ControlRoomApiKey.KeyHash"/>.</summary>
    public static string HashApiKey(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        return KeyScheme + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
    }

    /// <summary>True when <paramref name="apiKey"/> hashes to <paramref name="keyHash"/>.</summary>
    public static bool VerifyApiKey(string apiKey, string keyHash)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(keyHash);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashApiKey(apiKey)), Encoding.ASCII.GetBytes(keyHash));
    }

    /// <summary>A random token of <paramref name="bytes"/> bytes, URL-safe.</summary>
    internal static string NewToken(int bytes = 24) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
