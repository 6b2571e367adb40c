namespace Factory.ControlRoom;

/// <summary>The control room's own authentication schemes: added beside the host's, never made its default.</summary>
public static class ControlRoomSchemes
{
    /// <summary>The cookie session.</summary>
    public const string Cookie = "Factory.ControlRoom";

    /// <summary>OpenID Connect sign-in (when configured).</summary>
    public const string OpenIdConnect = "Factory.ControlRoom.Oidc";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "factory.session";

    internal const string RoleClaim = "factory:role";
    internal const string TenantClaim = "factory:tenant";
    internal const string PermissionClaim = "factory:permission";
    internal const string SessionClaim = "factory:session";
    internal const string SourceClaim = "factory:source";
}
