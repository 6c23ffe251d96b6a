namespace Mesh.Controller.Compilation;

/// <summary>One resource as the operator wants it.</summary>
/// <param name="Kind">The kind, e.g. <c>virtual_service</c>.</param>
/// <param name="Name">The name, unique within its kind.</param>
/// <param name="CanonicalJson">The resource as canonical JSON; its SHA-256 is the resource's digest.</param>
/// <param name="Hcl">The resource rendered as HCL, for diffs and <c>meshctl get</c>.</param>
public sealed record DesiredResource(string Kind, string Name, string CanonicalJson, string Hcl);
