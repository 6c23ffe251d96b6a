using Mesh.Hcl.Diagnostics;

namespace Mesh.Hcl.Structure;

/// <summary>
/// The content of a file or block, independent of syntax. As in HashiCorp's HCL, a body is decoded against a
/// schema: the JSON syntax needs the schema to tell attributes from blocks, and the native syntax uses it to
/// report unexpected and missing items.
/// </summary>
public interface IBody
{
    /// <summary>Decodes the body against a schema; anything the schema does not name is reported as an error.</summary>
    BodyContent Content(BodySchema schema, DiagnosticBag diagnostics);

    /// <summary>Decodes what the schema names and returns the rest as another body.</summary>
    BodyContent PartialContent(BodySchema schema, DiagnosticBag diagnostics, out IBody remain);

    /// <summary>Reads the body as attributes only (for free-form bodies such as <c>locals</c>); blocks are errors.</summary>
    IReadOnlyDictionary<string, HclAttribute> JustAttributes(DiagnosticBag diagnostics);

    /// <summary>Where to point a diagnostic about something missing from the body (usually its closing brace).</summary>
    SourceRange MissingItemRange { get; }
}
