namespace Mesh.DevCatalog;

/// <summary>A read answered at a given index (the value of <c>X-Consul-Index</c>).</summary>
/// <typeparam name="T">The payload.</typeparam>
/// <param name="Index">The index relevant to this query; never 0.</param>
/// <param name="Value">The payload.</param>
internal readonly record struct QueryResult<T>(ulong Index, T Value);
