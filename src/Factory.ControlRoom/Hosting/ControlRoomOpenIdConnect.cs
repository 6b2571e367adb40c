namespace Factory.ControlRoom;

/// <summary>
/// Sign-in through an OpenID Connect provider (Entra ID, Keycloak, Auth0, ...). The provider's
/// token says who signed in; the claims named here say their role and tenants, and a person whose
/// token carries no known role is refused.
/// </summary>
public sealed class ControlRoomOpenIdConnect
{
    /// <summary>The provider's issuer address, e.g. <c>https://login.example.com/realms/factory</c>.</summary>
    public required string Authority { get; init; }

    /// <summary>The console's client id at the provider.</summary>
    public required string ClientId { get; init; }

    /// <summary>The console's client secret at the provider (from a secret store, never from source).</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The claim holding the role: <c>viewer</c>, <c>operator</c>, <c>approver</c> or <c>admin</c>.</summary>
    public string RoleClaim { get; init; } = "factory_role";

    /// <summary>The claim (one per tenant, or <c>*</c>) holding the tenants.</summary>
    public string TenantsClaim { get; init; } = "factory_tenant";

    /// <summary>The claim (one per permission) holding gate permissions.</summary>
    public string PermissionsClaim { get; init; } = "factory_permission";

    /// <summary>The claim naming the person, recorded as the actor.</summary>
    public string NameClaim { get; init; } = "preferred_username";
}
