using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Factory.Cli.Graph;

/// <summary>
/// The lines a built assembly records in its metadata (<c>[assembly: LineDescriptor(typeName, json)]</c>,
/// one per line, written by the generator), read with System.Reflection.Metadata: the assembly is
/// never loaded and none of its code runs.
/// </summary>
internal static class AssemblyLines
{
    private const string AttributeNamespace = "Factory";
    private const string AttributeName = "LineDescriptorAttribute";

    /// <summary>Each recorded line's class name and JSON, in metadata order.</summary>
    public static IReadOnlyList<(string TypeName, string Json)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw CliException.NotFound($"No file {path}: pass the path of a built assembly, e.g. bin/Release/net10.0/MyApp.dll.");
        }

        try
        {
            using FileStream file = File.OpenRead(path);
            using var pe = new PEReader(file);
            if (!pe.HasMetadata)
            {
                throw NotAnAssembly(path);
            }

            MetadataReader reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                throw NotAnAssembly(path);
            }

            var lines = new List<(string, string)>();
            foreach (CustomAttributeHandle handle in reader.GetAssemblyDefinition().GetCustomAttributes())
            {
                CustomAttribute attribute = reader.GetCustomAttribute(handle);
                if (IsLineDescriptor(reader, attribute) && Arguments(reader, attribute) is { } line)
                {
                    lines.Add(line);
                }
            }

            return lines;
        }
        catch (BadImageFormatException)
        {
            throw NotAnAssembly(path);
        }
    }

    private static CliException NotAnAssembly(string path) =>
        CliException.Usage($"{path} is not a .NET assembly: pass the .dll the build wrote (a NativeAOT executable keeps no metadata).");

    private static bool IsLineDescriptor(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };

        return type.Kind switch
        {
            HandleKind.TypeReference => Is(reader, reader.GetTypeReference((TypeReferenceHandle)type).Namespace, reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => Is(reader, reader.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => false,
        };
    }

    private static bool Is(MetadataReader reader, StringHandle ns, StringHandle name) =>
        reader.StringComparer.Equals(ns, AttributeNamespace) && reader.StringComparer.Equals(name, AttributeName);

    /// <summary>The attribute's two string arguments, read from its blob: prolog 0x0001, then two serialized strings.</summary>
    private static (string, string)? Arguments(MetadataReader reader, CustomAttribute attribute)
    {
        BlobReader blob = reader.GetBlobReader(attribute.Value);
        if (blob.Length < 2 || blob.ReadUInt16() != 1)
        {
            return null;
        }

        string? typeName = blob.ReadSerializedString();
        string? json = blob.ReadSerializedString();
        return typeName is null || json is null ? null : (typeName, json);
    }
}
