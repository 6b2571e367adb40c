using System;

namespace Factory;

/// <summary>
/// Marks a property or field of a material type as sensitive (a card number, a personal note):
/// when a material of that type becomes a dead letter, the dead letter keeps a copy with the member
/// blanked (<c>"***"</c> for text, the default otherwise); for a type that is not a record, which
/// cannot be copied, the dead letter keeps no input at all. Factory never puts material values into
/// spans, metrics or logs.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true, AllowMultiple = false)]
public sealed class SensitiveAttribute : Attribute
{
}
