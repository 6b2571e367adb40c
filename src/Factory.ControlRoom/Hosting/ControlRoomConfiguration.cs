using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;

namespace Factory.ControlRoom;

/// <summary>
/// Reads users, API keys and OpenID Connect from configuration, by hand (the configuration binder
/// reflects over types). A bad entry is refused at start with its place in the configuration.
/// </summary>
internal static class ControlRoomConfiguration
{
    public static void Read(IConfiguration section, ControlRoomOptions options)
    {
        foreach (IConfigurationSection user in section.GetSection("Users").GetChildren())
        {
            options.Users.Add(new ControlRoomUser(Required(user, "Name"), Required(user, "PasswordHash"), Role(user), List(user, "Tenants"))
            {
                Permissions = List(user, "Permissions"),
            });
        }

        foreach (IConfigurationSection key in section.GetSection("ApiKeys").GetChildren())
        {
            options.ApiKeys.Add(new ControlRoomApiKey(Required(key, "Name"), Required(key, "KeyHash"), Role(key), List(key, "Tenants"))
            {
                Permissions = List(key, "Permissions"),
            });
        }

        IConfigurationSection oidc = section.GetSection("OpenIdConnect");
        if (oidc.Exists())
        {
            options.OpenIdConnect = new ControlRoomOpenIdConnect
            {
                Authority = Required(oidc, "Authority"),
                ClientId = Required(oidc, "ClientId"),
                ClientSecret = oidc["ClientSecret"],
                RoleClaim = oidc["RoleClaim"] ?? "factory_role",
                TenantsClaim = oidc["TenantsClaim"] ?? "factory_tenant",
                PermissionsClaim = oidc["PermissionsClaim"] ?? "factory_permission",
                NameClaim = oidc["NameClaim"] ?? "preferred_username",
            };
        }

        if (section["ApiKeyHeader"] is { Length: > 0 } header)
        {
            options.ApiKeyHeader = header;
        }
    }

    private static string Required(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"The control room's configuration needs '{section.Path}:{key}'.");

    private static ControlRoomRole Role(IConfigurationSection section) =>
        Enum.TryParse(Required(section, "Role"), ignoreCase: true, out ControlRoomRole role) && Enum.IsDefined(role)
            ? role
            : throw new InvalidOperationException($"'{section.Path}:Role' is '{section["Role"]}'; it must be viewer, operator, approver or admin.");

    /// <summary>A list written as an array (<c>Tenants:0</c>, <c>Tenants:1</c>) or comma-separated (<c>"acme, globex"</c>).</summary>
    private static IReadOnlyList<string> List(IConfigurationSection section, string key)
    {
        IConfigurationSection list = section.GetSection(key);
        IEnumerable<string> values = list.Value is { } text ? text.Split(',') : list.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
    }
}
