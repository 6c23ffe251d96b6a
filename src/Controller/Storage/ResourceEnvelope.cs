namespace Mesh.Controller.Storage;

/// <summary>
/// The value of <c>mesh/desired/&lt;kind&gt;/&lt;name&gt;/&lt;digest&gt;</c>: the canonical JSON exactly as digested
/// (kept as a string so it round-trips byte for byte) and its HCL rendering.
/// </summary>
internal sealed record ResourceEnvelope(string Kind, string Name, string Json, string Hcl);
