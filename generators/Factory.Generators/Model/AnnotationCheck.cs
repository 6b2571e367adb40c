namespace Factory.Generators.Model;

/// <summary>
/// One data-annotation check on a thinking unit's output, by kind (the derived records), with the member
/// it reads and the problem it reports. Immutable, structurally equal.
/// </summary>
/// <param name="Member">The output's member.</param>
/// <param name="Message">The problem, in words fed back to the model.</param>
internal abstract record AnnotationCheck(string Member, string Message);

/// <summary><c>[Required]</c>: a problem when the member is null, or when <paramref name="NotBlank"/>, null or white space.</summary>
/// <param name="NotBlank">True for text that may not be empty (no AllowEmptyStrings).</param>
internal sealed record RequiredCheck(string Member, string Message, bool NotBlank) : AnnotationCheck(Member, Message);

/// <summary><c>[Range]</c>: a problem when the member is outside the bounds (a null <c>Nullable&lt;T&gt;</c> is not).</summary>
/// <param name="Minimum">The lower bound.</param>
/// <param name="Maximum">The upper bound.</param>
/// <param name="IsInteger">True when the bounds are written as integers, false for doubles.</param>
/// <param name="MinimumIsExclusive">True when the lower bound itself is outside.</param>
/// <param name="MaximumIsExclusive">True when the upper bound itself is outside.</param>
/// <param name="IsNullable">True for a <c>Nullable&lt;T&gt;</c> member.</param>
/// <param name="IsDecimal">True for a decimal member (compared as a double with double bounds).</param>
internal sealed record RangeCheck(
    string Member,
    string Message,
    double Minimum,
    double Maximum,
    bool IsInteger,
    bool MinimumIsExclusive,
    bool MaximumIsExclusive,
    bool IsNullable,
    bool IsDecimal) : AnnotationCheck(Member, Message);

/// <summary><c>[StringLength]</c>: a problem when non-null text is longer than the maximum or shorter than the minimum.</summary>
/// <param name="MaximumLength">The most characters.</param>
/// <param name="MinimumLength">The fewest characters; 0 for no minimum.</param>
internal sealed record LengthCheck(string Member, string Message, int MaximumLength, int MinimumLength) : AnnotationCheck(Member, Message);

/// <summary><c>[RegularExpression]</c>: a problem when non-null text does not match the pattern in full.</summary>
/// <param name="Pattern">The regular expression.</param>
internal sealed record PatternCheck(string Member, string Message, string Pattern) : AnnotationCheck(Member, Message);

/// <summary><c>[AllowedValues]</c>: a problem when the member equals none of the values.</summary>
/// <param name="Values">The allowed values.</param>
internal sealed record AllowedCheck(string Member, string Message, EquatableArray<AllowedValue> Values) : AnnotationCheck(Member, Message);

/// <summary>One allowed value: a constant (null, a number, text, a character, a Boolean), or an enum member by its underlying value.</summary>
/// <param name="Value">The constant, or an enum member's underlying number.</param>
/// <param name="EnumType">For an enum member, the enum; else null.</param>
internal sealed record AllowedValue(object? Value, TypeRef? EnumType);
