namespace Factory.Generators.Model;

/// <summary>What kind of type a generated partial reopens.</summary>
internal enum DeclarationKind
{
    Class,
    Record,
    Struct,
    RecordStruct,
    Interface,
}
