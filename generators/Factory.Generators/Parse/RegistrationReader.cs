using System.Collections.Immutable;
using System.Linq;
using Factory.Generators.Model;

namespace Factory.Generators.Parse;

/// <summary>Gathers what the DI registration registers: every station, gate, valid thinking unit, inspector and line with a usable constructor.</summary>
internal static class RegistrationReader
{
    /// <summary>The registration, or null when the compilation has no DI or nothing to register.</summary>
    public static RegistrationModel? Read(ImmutableArray<StationModel> stations, ImmutableArray<LineModel> lines, CompilationFacts facts, ImmutableArray<ThinkingUnitModel> units, ImmutableArray<GateModel> gates, ImmutableArray<InspectorModel> inspectors)
    {
        if (!facts.HasDependencyInjection || stations.Length + lines.Length + units.Length + gates.Length == 0)
        {
            return null;
        }

        var services = stations
            .Concat(gates.Select(g => g.Station))
            .Where(s => s.Constructor is not null)
            .Select(s => new ServiceModel(s.Type.FullyQualifiedName, s.Constructor!.ParameterTypes, SetsModels: false, null, null))
            .Concat(units
                .Where(u => u.IsValid && u.Station.Constructor is not null)
                .Select(u => new ServiceModel(u.Station.Type.FullyQualifiedName, u.Station.Constructor!.ParameterTypes, SetsModels: !u.EmitConstructor, null, null)))
            .Concat(inspectors
                .Where(i => i.Constructor is not null)
                .GroupBy(i => i.Type, System.StringComparer.Ordinal)
                .Select(g => new ServiceModel(g.Key, g.First().Constructor!.ParameterTypes, SetsModels: false, null, null)))
            .Concat(lines.Select(l => new ServiceModel(
                l.Type.FullyQualifiedName,
                l.Targets().Select(target => target.Type).Concat(l.Inspectors.Select(i => new TypeRef(i.Type, IsNullable: false))).ToEquatableArray(),
                SetsModels: false,
                l.InputType,
                l.OutputType)))
            .OrderBy(s => s.Type, System.StringComparer.Ordinal)
            .ToEquatableArray();
        return new RegistrationModel(facts.AssemblyIdentifier, services);
    }
}
