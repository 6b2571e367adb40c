using Npgsql;
using NpgsqlTypes;

namespace Factory.Ledger.Postgres;

/// <summary>A nullable text column of a binary <c>COPY</c>.</summary>
internal static class CopyText
{
    public static void Write(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }
}
