namespace Mesh.Hcl.Diagnostics;

/// <summary>
/// A position in a source file, counted as HashiCorp's HCL counts it: 1-based line, 1-based column in
/// grapheme clusters, and the 0-based UTF-8 byte offset.
/// </summary>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Column">The 1-based column, counted in grapheme clusters.</param>
/// <param name="Byte">The 0-based UTF-8 byte offset from the start of the file.</param>
public readonly record struct SourcePos(int Line, int Column, int Byte)
{
    /// <summary>The first position of any file.</summary>
    public static SourcePos Start { get; } = new(1, 1, 0);

    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}
