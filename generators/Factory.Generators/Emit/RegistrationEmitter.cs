using System.Linq;
using Factory.Generators.Model;

namespace Factory.Generators.Emit;

/// <summary>
/// Emits <c>services.Add{Assembly}Factory()</c>: every station, inspector and line of the assembly, each built
/// by a factory that calls its constructor (no reflection). <c>TryAdd</c>, so registrations made
/// before it win.
/// </summary>
internal static class RegistrationEmitter
{
    public static string Emit(RegistrationModel registration)
    {
        var writer = new SourceWriter();
        TypeScope.Header(writer);
        using (writer.Block("namespace Microsoft.Extensions.DependencyInjection"))
        {
            writer.Line($"/// <summary>Registers the Factory stations, inspectors and lines of {registration.AssemblyName}.</summary>");
            writer.Line(TypeScope.GeneratedCode);
            using (writer.Block($"public static class {registration.AssemblyName}FactoryRegistration"))
            {
                writer.Line("/// <summary>Adds every station, inspector and line of this assembly as transient services; each line also as one of the <c>ILine&lt;TIn, TOut&gt;</c> services.</summary>");
                writer.Line($"public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection Add{registration.AssemblyName}Factory(");
                writer.Line("    this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services)");
                using (writer.Block())
                {
                    writer.Line("global::System.ArgumentNullException.ThrowIfNull(services);");
                    foreach (ServiceModel service in registration.Services)
                    {
                        WriteService(writer, service);
                    }

                    writer.Line("return services;");
                }
            }
        }

        return writer.ToString();
    }

    private const string ModelCatalog = "global::Factory.AI.ModelCatalog";

    private static void WriteService(SourceWriter writer, ServiceModel service)
    {
        string arguments = string.Join(", ", service.ParameterTypes.Select(t => t.IsNullable ? ResolveOptional(t.ToString()) : Resolve(t.ToString())));

        // A thinking unit with a constructor of its own may not set its catalog: DI does, from the provider.
        string initializer = service.SetsModels ? $" {{ Models = {Resolve(ModelCatalog)} }}" : string.Empty;
        WriteTryAdd(writer, service.Type, $"provider => new {service.Type}({arguments}){initializer}");
        if (service.LineInput is { } input && service.LineOutput is { } output)
        {
            // Several lines may share a signature: each is one more ILine<TIn, TOut>, none hides another.
            writer.Line("global::Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddEnumerable(");
            writer.Line("    services,");
            writer.Line($"    global::Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Transient<global::Factory.ILine<{input}, {output}>, {service.Type}>(");
            writer.Line($"        provider => {Resolve(service.Type)}));");
        }
    }

    /// <summary>The expression that asks the provider for a <paramref name="type"/> it must have.</summary>
    private static string Resolve(string type) =>
        $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<{type}>(provider)";

    /// <summary>The expression for a nullable <paramref name="type"/> (<c>string?</c>, <c>int?</c>), which may be absent (null): <c>GetRequiredService</c> takes no nullable type.</summary>
    private static string ResolveOptional(string type) =>
        $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService<{type}>(provider)";

    private static void WriteTryAdd(SourceWriter writer, string serviceType, string factory)
    {
        writer.Line("global::Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAdd(");
        writer.Line("    services,");
        writer.Line($"    global::Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Transient<{serviceType}>({factory}));");
    }
}
