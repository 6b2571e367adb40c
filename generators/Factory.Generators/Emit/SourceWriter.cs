using System;
using System.Text;

namespace Factory.Generators.Emit;

/// <summary>Writes C# with indentation, so emitters read like the code they produce.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder text = new();
    private int depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            for (int i = 0; i < depth; i++)
            {
                text.Append(IndentUnit);
            }

            text.Append(line);
        }

        text.Append('\n');
        return this;
    }

    /// <summary>Writes "{" and indents until the returned scope is disposed, which writes "}" (plus <paramref name="closing"/>).</summary>
    public Scope Block(string? header = null, string closing = "")
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        depth++;
        return new Scope(this, "}" + closing);
    }

    public override string ToString() => text.ToString();

    internal readonly struct Scope : IDisposable
    {
        private readonly SourceWriter writer;
        private readonly string closing;

        public Scope(SourceWriter writer, string closing)
        {
            this.writer = writer;
            this.closing = closing;
        }

        public void Dispose()
        {
            writer.depth--;
            writer.Line(closing);
        }
    }
}
