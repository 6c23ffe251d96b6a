using Mesh.Hcl.Diagnostics;
using Mesh.Hcl.Structure;

namespace Mesh.Hcl;

/// <summary>A parsed file: its body, its source text (for rendering diagnostics) and the problems found while parsing.</summary>
public sealed class HclFile
{
    internal HclFile(string filename, string text, IBody body, DiagnosticBag diagnostics)
    {
        Filename = filename;
        Text = text;
        Body = body;
        Diagnostics = diagnostics;
    }

    /// <summary>The file name as given to the parser.</summary>
    public string Filename { get; }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>The top-level body. It is usable even when parsing found errors, for best-effort analysis.</summary>
    public IBody Body { get; }

    /// <summary>Parse diagnostics.</summary>
    public DiagnosticBag Diagnostics { get; }
}
