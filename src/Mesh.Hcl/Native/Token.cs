using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Native;

/// <summary>One token: its kind, its text (a slice of the source) and its range.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, SourceRange Range, string Source)
{
    public string Text => Source.Substring(Start, End - Start);

    public ReadOnlySpan<char> Span => Source.AsSpan(Start, End - Start);

    public override string ToString() => $"{Kind} {Text}";
}
