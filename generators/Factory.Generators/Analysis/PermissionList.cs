using System.Collections.Immutable;

namespace Factory.Generators.Analysis;

/// <summary>A comma-separated list of permissions as written in <c>Effects</c> and <c>Approvers</c>: trimmed, empty entries left out.</summary>
internal static class PermissionList
{
    public static ImmutableArray<string> Split(string? text)
    {
        if (text is null)
        {
            return ImmutableArray<string>.Empty;
        }

        ImmutableArray<string>.Builder permissions = ImmutableArray.CreateBuilder<string>();
        foreach (string part in text.Split(','))
        {
            string permission = part.Trim();
            if (permission.Length > 0 && !permissions.Contains(permission))
            {
                permissions.Add(permission);
            }
        }

        return permissions.ToImmutable();
    }
}
