using System;
using System.Text;

namespace SparseDsl.Generator.Emit;

/// <summary>An indenting text writer for generated C#. Always '\n' line endings, so output is byte-identical on every OS.</summary>
public sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public int Indent => _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, then "{" and indents until the returned scope is disposed ("}").</summary>
    public Block Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Block(this);
    }

    /// <summary>Writes a bare "{" and indents until the returned scope is disposed ("}"): the body of a preceding header line.</summary>
    public Block Open()
    {
        Line("{");
        _indent++;
        return new Block(this);
    }

    public void PushIndent() => _indent++;

    public void PopIndent() => _indent = Math.Max(0, _indent - 1);

    public override string ToString() => _text.ToString();

    public readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;

        internal Block(SourceWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer.PopIndent();
            _writer.Line("}");
        }
    }
}
