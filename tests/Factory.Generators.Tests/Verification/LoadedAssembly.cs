using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace Factory.Generators.Tests.Verification;

/// <summary>
/// An emitted test assembly in its own collectible load context. Every reference it makes (Factory,
/// the framework) resolves from the default context, so <c>ILine&lt;TIn, TOut&gt;</c> is the very type
/// the test sees.
/// </summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly TestLoadContext context = new();

    public LoadedAssembly(Stream image) => Assembly = context.LoadFromStream(image);

    public Assembly Assembly { get; }

    /// <summary>Calls a public static parameterless method of the loaded assembly, e.g. a factory written in the test source.</summary>
    public T Call<T>(string typeName, string methodName)
    {
        Type type = Assembly.GetType(typeName, throwOnError: true)!;
        MethodInfo method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{typeName}.{methodName} not found.");
        return Assert.IsAssignableFrom<T>(method.Invoke(null, null));
    }

    /// <summary>Reads a public static property of the loaded assembly, e.g. a generated descriptor.</summary>
    public T Get<T>(string typeName, string propertyName)
    {
        Type type = Assembly.GetType(typeName, throwOnError: true)!;
        PropertyInfo property = type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{typeName}.{propertyName} not found.");
        return Assert.IsAssignableFrom<T>(property.GetValue(null));
    }

    public void Dispose() => context.Unload();

    private sealed class TestLoadContext : AssemblyLoadContext
    {
        public TestLoadContext()
            : base("Factory.Generators.Tests", isCollectible: true)
        {
        }

        // Null sends the request to the default context, where this test process already loaded Factory.dll.
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
