namespace Mesh.Hcl.Diagnostics;

/// <summary>A half-open range of source text in a named file.</summary>
/// <param name="Filename">The file name as the user gave it.</param>
/// <param name="Start">The first position of the range.</param>
/// <param name="End">The position just after the range.</param>
public readonly record struct SourceRange(string Filename, SourcePos Start, SourcePos End)
{
    /// <summary>Returns the smallest range that covers both ranges (which must be in the same file).</summary>
    public static SourceRange Between(SourceRange first, SourceRange last) => new(first.Filename, first.Start, last.End);

    /// <summary>An empty range at this range's start.</summary>
    public SourceRange StartOnly => new(Filename, Start, Start);

    /// <summary>Whether the range covers no text.</summary>
    public bool IsEmpty => Start.Byte == End.Byte;

    /// <inheritdoc />
    public override string ToString()
        => Start.Line == End.Line
            ? $"{Filename}:{Start.Line},{Start.Column}-{End.Column}"
            : $"{Filename}:{Start.Line},{Start.Column}-{End.Line},{End.Column}";
}
