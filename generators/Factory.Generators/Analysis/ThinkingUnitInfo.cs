using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Factory.Generators.Analysis;

/// <summary>
/// A <c>[ThinkingUnit]</c> read from its symbol: work method, prompt, instructions, placeholders bound
/// to the input, and the optional <c>Inspect</c>. Shared by the generator and the analyzers. Holds
/// symbols: never keep it in a generator model.
/// </summary>
internal sealed class ThinkingUnitInfo
{
    public const string InspectName = "Inspect";

    private ThinkingUnitInfo(AttributeData attribute, WorkMethod work)
    {
        Attribute = attribute;
        Work = work;
    }

    public AttributeData Attribute { get; }

    public WorkMethod Work { get; }

    public UnitMethodProblem MethodProblem { get; private set; }

    public string? MethodReason { get; private set; }

    public IFieldSymbol? PromptField { get; private set; }

    public string? Prompt { get; private set; }

    public PromptProblem PromptProblem { get; private set; }

    public IFieldSymbol? InstructionsField { get; private set; }

    public string? Instructions { get; private set; }

    public ImmutableArray<PromptToken> Tokens { get; private set; } = ImmutableArray<PromptToken>.Empty;

    public ImmutableArray<PlaceholderBinding> Bindings { get; private set; } = ImmutableArray<PlaceholderBinding>.Empty;

    public IMethodSymbol? Inspect { get; private set; }

    public ITypeSymbol? Input => MethodProblem == UnitMethodProblem.None ? Work.Input : null;

    public ITypeSymbol? Output => MethodProblem == UnitMethodProblem.None ? Work.Output : null;

    /// <summary>True when the work method, the prompt and every placeholder are right (options are checked apart).</summary>
    public bool IsValid
    {
        get
        {
            if (MethodProblem != UnitMethodProblem.None || PromptProblem != PromptProblem.None)
            {
                return false;
            }

            foreach (PromptToken token in Tokens)
            {
                if (token.Kind == PromptTokenKind.Malformed)
                {
                    return false;
                }
            }

            foreach (PlaceholderBinding binding in Bindings)
            {
                if (!binding.IsBound)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public static ThinkingUnitInfo Read(INamedTypeSymbol unit, AttributeData attribute, KnownSymbols known, Compilation? compilation)
    {
        var info = new ThinkingUnitInfo(attribute, WorkMethod.Read(unit, known));
        info.ReadMethod(known);
        info.ReadConstants(unit, known);
        if (info.PromptProblem == PromptProblem.None)
        {
            info.Tokens = PromptTemplate.Parse(info.Prompt!);
            if (info.Input is { } input)
            {
                info.Bind(input);
            }
        }

        if (compilation is not null && info.Input is { } inputType && info.Output is { } outputType)
        {
            info.Inspect = FindInspect(unit, inputType, outputType, compilation);
        }

        return info;
    }

    /// <summary>The public instance properties and fields of <paramref name="type"/> and its bases, by name.</summary>
    public static IEnumerable<ISymbol> ReadableMembers(ITypeSymbol type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (IsReadable(member) && seen.Add(member.Name))
                {
                    yield return member;
                }
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (INamedTypeSymbol inherited in type.AllInterfaces)
            {
                foreach (ISymbol member in inherited.GetMembers())
                {
                    if (IsReadable(member) && seen.Add(member.Name))
                    {
                        yield return member;
                    }
                }
            }
        }
    }

    public static ITypeSymbol MemberType(ISymbol member) => member switch
    {
        IPropertySymbol property => property.Type,
        IFieldSymbol field => field.Type,
        _ => throw new InvalidOperationException("not a property or field"),
    };

    /// <summary>The name among <paramref name="names"/> closest to <paramref name="wanted"/>, when close enough to suggest.</summary>
    public static string? Closest(string wanted, IEnumerable<string> names)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in names)
        {
            if (string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }

            int distance = Distance(wanted.ToLowerInvariant(), name.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, wanted.Length / 3) ? best : null;
    }

    private static bool IsReadable(ISymbol member) =>
        !member.IsStatic
        && !member.IsImplicitlyDeclared
        && member.DeclaredAccessibility == Accessibility.Public
        && member switch
        {
            IPropertySymbol property => !property.IsIndexer && property.GetMethod is { DeclaredAccessibility: Accessibility.Public },
            IFieldSymbol => true,
            _ => false,
        };

    private static int Distance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static IMethodSymbol? FindInspect(INamedTypeSymbol unit, ITypeSymbol input, ITypeSymbol output, Compilation compilation)
    {
        INamedTypeSymbol problems = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T)
            .Construct(compilation.GetSpecialType(SpecialType.System_String));
        foreach (ISymbol member in unit.GetMembers(InspectName))
        {
            if (member is IMethodSymbol { IsGenericMethod: false, Parameters.Length: 2 } method
                && method.Parameters[0].RefKind == RefKind.None
                && method.Parameters[1].RefKind == RefKind.None
                && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, input)
                && SymbolEqualityComparer.Default.Equals(method.Parameters[1].Type, output)
                && compilation.ClassifyConversion(method.ReturnType, problems) is { IsImplicit: true } conversion
                && (conversion.IsIdentity || conversion.IsReference))
            {
                return method;
            }
        }

        return null;
    }

    private void ReadMethod(KnownSymbols known)
    {
        switch (Work.Problem)
        {
            case WorkMethodProblem.Missing:
                MethodProblem = UnitMethodProblem.Missing;
                MethodReason = "it has no ProcessAsync method";
                return;
            case WorkMethodProblem.Ambiguous:
                MethodProblem = UnitMethodProblem.Ambiguous;
                MethodReason = "it has more than one Process/ProcessAsync method";
                return;
            case WorkMethodProblem.UnsupportedShape:
                MethodProblem = UnitMethodProblem.UnsupportedShape;
                MethodReason = Work.Reason;
                return;
        }

        IMethodSymbol method = Work.Method!;
        if (!method.IsPartialDefinition)
        {
            MethodProblem = UnitMethodProblem.NotPartialDeclaration;
            MethodReason = "it is not a partial declaration; declare it 'public partial' without a body and the generator writes it";
        }
        else if (Work.IsBatch)
        {
            MethodProblem = UnitMethodProblem.UnsupportedShape;
            MethodReason = "a thinking unit takes one input, not a list";
        }
        else if (Work.Shape is not (WorkShape.Task or WorkShape.ValueTask))
        {
            MethodProblem = UnitMethodProblem.UnsupportedShape;
            MethodReason = "a thinking unit returns Task<T> or ValueTask<T> (one model answer per input)";
        }
    }

    private void ReadConstants(INamedTypeSymbol unit, KnownSymbols known)
    {
        foreach (ISymbol member in unit.GetMembers())
        {
            if (member is not IFieldSymbol field)
            {
                continue;
            }

            if (PromptField is null && KnownSymbols.FindAttribute(field, known.PromptAttribute) is not null)
            {
                PromptField = field;
            }
            else if (InstructionsField is null && KnownSymbols.FindAttribute(field, known.InstructionsAttribute) is not null)
            {
                InstructionsField = field;
                Instructions = field.IsConst ? field.ConstantValue as string : null;
            }
        }

        if (PromptField is null)
        {
            PromptProblem = PromptProblem.Missing;
        }
        else if (!PromptField.IsConst || PromptField.ConstantValue is not string prompt)
        {
            PromptProblem = PromptProblem.NotConstant;
        }
        else if (prompt.Trim().Length == 0)
        {
            PromptProblem = PromptProblem.Empty;
        }
        else
        {
            Prompt = prompt;
        }
    }

    private void Bind(ITypeSymbol input)
    {
        ImmutableArray<PlaceholderBinding>.Builder bindings = ImmutableArray.CreateBuilder<PlaceholderBinding>();
        foreach (PromptToken token in Tokens)
        {
            if (token.Kind != PromptTokenKind.Placeholder)
            {
                continue;
            }

            string[] parts = token.Path;
            ImmutableArray<ISymbol>.Builder members = ImmutableArray.CreateBuilder<ISymbol>(parts.Length);
            ITypeSymbol current = input;
            int failedAt = -1;
            string? suggestion = null;
            for (int i = 0; i < parts.Length; i++)
            {
                ITypeSymbol owner = Unwrap(current);
                ISymbol? found = null;
                var names = new List<string>();
                foreach (ISymbol member in ReadableMembers(owner))
                {
                    names.Add(member.Name);
                    if (member.Name == parts[i])
                    {
                        found = member;
                    }
                }

                if (found is null)
                {
                    failedAt = i;
                    suggestion = Closest(parts[i], names);
                    current = owner;
                    break;
                }

                members.Add(found);
                current = MemberType(found);
            }

            bindings.Add(new PlaceholderBinding(token, members.ToImmutable(), failedAt, failedAt < 0 ? null : current, suggestion));
        }

        Bindings = bindings.ToImmutable();
    }

    /// <summary>The <c>T</c> of a <c>Nullable&lt;T&gt;</c>, else the type itself.</summary>
    public static ITypeSymbol Unwrap(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
}
