namespace Factory.ControlRoom;

/// <summary>What made a cookie session (its <see cref="ControlRoomSchemes.SourceClaim"/>).</summary>
internal static class SessionSource
{
    public const string Password = "password";
    public const string Token = "token";
    public const string OpenIdConnect = "oidc";
}
