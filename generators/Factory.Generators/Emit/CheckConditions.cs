using System;
using System.Linq;
using Factory.Generators.Model;

namespace Factory.Generators.Emit;

/// <summary>
/// The C# condition under which a data-annotation check finds a problem with <c>output</c>: plain
/// comparisons, no reflection. Check <c>i</c> names its pattern variable <c>value{i}</c> and its
/// compiled regular expression <c>ThinkingPattern{i}</c>.
/// </summary>
internal static class CheckConditions
{
    public static string PatternField(int index) => "ThinkingPattern" + Literals.Int(index);

    public static string Of(AnnotationCheck check, int index) => Of(check, index, "output", "global::Factory.AI.PromptText.IsFullMatch", PatternField(index));

    /// <summary>The condition on <paramref name="subject"/>, matching patterns with <paramref name="fullMatch"/> and the regular expression in <paramref name="patternField"/>.</summary>
    public static string Of(AnnotationCheck check, int index, string subject, string fullMatch, string patternField)
    {
        string access = subject + "." + Identifiers.Escape(check.Member);
        string variable = "value" + Literals.Int(index);
        return check switch
        {
            RequiredCheck required => required.NotBlank ? $"string.IsNullOrWhiteSpace({access})" : $"{access} is null",
            RangeCheck range => Range(range, access, variable),
            LengthCheck length => Length(length, access, variable),
            PatternCheck => $"{access} is {{ }} {variable} && !{fullMatch}({variable}, {patternField})",
            AllowedCheck allowed => "!(" + string.Join(" || ", allowed.Values.Select(value => $"{access} == {Literals.Constant(value.Value, value.EnumType)}")) + ")",
            _ => throw new InvalidOperationException($"No condition for a {check.GetType().Name}."),
        };
    }

    private static string Range(RangeCheck range, string access, string variable)
    {
        string subject = range.IsNullable ? variable : access;
        if (range.IsDecimal && !range.IsInteger)
        {
            // decimal and double do not compare; the double range is what the attribute says.
            subject = "(double)" + subject;
        }

        string outside = $"{subject} {(range.MinimumIsExclusive ? "<=" : "<")} {Bound(range, range.Minimum)} || {subject} {(range.MaximumIsExclusive ? ">=" : ">")} {Bound(range, range.Maximum)}";
        return range.IsNullable ? $"{access} is {{ }} {variable} && ({outside})" : outside;
    }

    private static string Bound(RangeCheck range, double bound) =>
        range.IsInteger ? Literals.Int((int)bound) : Literals.Double(bound);

    private static string Length(LengthCheck length, string access, string variable)
    {
        string max = Literals.Int(length.MaximumLength);
        return length.MinimumLength > 0
            ? $"{access} is {{ }} {variable} && ({variable}.Length > {max} || {variable}.Length < {Literals.Int(length.MinimumLength)})"
            : $"{access} is {{ }} {variable} && {variable}.Length > {max}";
    }
}
