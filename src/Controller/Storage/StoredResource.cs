namespace Mesh.Controller.Storage;

/// <summary>One committed resource as read from Consul KV.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name.</param>
/// <param name="Digest">The SHA-256 (lowercase hex) of <paramref name="CanonicalJson"/>.</param>
/// <param name="CanonicalJson">The resource as canonical JSON.</param>
/// <param name="Hcl">The resource as HCL.</param>
/// <param name="Origin">Who applied it: null for the API, <see cref="Origins.RulesDir"/> for the rules directory.</param>
public sealed record StoredResource(string Kind, string Name, string Digest, string CanonicalJson, string Hcl, string? Origin = null);
