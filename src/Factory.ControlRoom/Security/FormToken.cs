using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Factory.ControlRoom;

/// <summary>
/// The anti-forgery token every form of a cookie session carries: the session's id, protected with
/// the application's data-protection keys. Another site can make a browser send the cookie (were it
/// not SameSite=Strict) but cannot read a page to learn the token, so a forged request fails.
/// Kept apart from ASP.NET Core's antiforgery options, which are one per application and belong to the host.
/// </summary>
internal sealed class FormToken(IDataProtectionProvider protection)
{
    /// <summary>The form field the token travels in.</summary>
    public const string Field = "__csrf";

    /// <summary>The header a script sends it in instead.</summary>
    public const string Header = "X-Factory-CSRF";

    private readonly IDataProtector protector = protection.CreateProtector("Factory.ControlRoom.FormToken.v1");

    public string For(string session) => protector.Protect(session);

    public bool IsValid(string session, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        try
        {
            string unprotected = protector.Unprotect(token);
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(unprotected), Encoding.UTF8.GetBytes(session));
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
