using Mesh.DevCatalog.Catalog;

namespace Mesh.DevCatalog.Hosting;

/// <summary>An agent check with the definition it was registered with (the definition is not part of the wire shape).</summary>
internal sealed record PersistedCheck(CheckState Check, CheckDefinition? Definition);
