using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Factory.ControlRoom;

/// <summary>
/// The one-time token of a closed control room (no users, keys or OpenID Connect): made at start,
/// written to the log, good for one sign-in from loopback. Each use makes the next one, written to the log too.
/// </summary>
internal sealed class AccessToken
{
    private readonly Lock gate = new();
    private string current = ControlRoomSecrets.NewToken();

    public string Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    /// <summary>True (and a new token is made) when <paramref name="candidate"/> is the current token.</summary>
    public bool TryUse(string? candidate, out string next)
    {
        lock (gate)
        {
            next = current;
            if (string.IsNullOrEmpty(candidate) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(current)))
            {
                return false;
            }

            current = ControlRoomSecrets.NewToken();
            next = current;
            return true;
        }
    }
}
