using Mesh.Consul;

namespace Mesh.Controller.Compilation;

/// <summary>Reads services and their instances from the Consul catalog and health endpoints.</summary>
internal sealed class CatalogReader(ConsulClient consul)
{
    public async Task<CatalogState> ReadAsync(ulong index, IReadOnlyDictionary<string, string[]> services, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, CatalogService>(StringComparer.Ordinal);
        foreach (var (name, tags) in services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var entries = await consul.Health.ServiceAsync(name, passing: false, null, cancellationToken).ConfigureAwait(false);
            var instances = entries.Value
                .Select(e => new CatalogInstance(
                    e.Node.Node,
                    e.Service.ID,
                    e.EffectiveAddress,
                    e.Service.Port,
                    e.Service.Tags ?? [],
                    e.Service.Meta ?? new Dictionary<string, string>(),
                    e.Checks.All(c => string.Equals(c.Status, "passing", StringComparison.Ordinal))))
                .ToList();
            result[name] = new CatalogService(name, tags, instances);
        }

        return new CatalogState(index, result);
    }
}
