using System.Text.Json;
using Mesh.Consul;
using Mesh.Snapshots.Serialization;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// Whether the mesh knows a host: the controller compiles a snapshot <c>mesh/compiled/&lt;host&gt;</c> for every catalog
/// service and every <c>service_entry</c> host, so a compiled snapshot means known; its ports (only service entries
/// declare them) mark a host outside the mesh, its static endpoints (if any) replace DNS. A host with passing Consul instances is known too.
/// </summary>
internal sealed class HostRegistry(ConsulClient consul)
{
    private const string KeyPrefix = "mesh/compiled/";

    public async Task<ExternalHost> LookupAsync(string host, CancellationToken cancellationToken)
    {
        var entry = await consul.Kv.GetAsync(KeyPrefix + host, null, cancellationToken).ConfigureAwait(false);
        if (entry.Value?.Value is { Length: > 0 } document)
        {
            try
            {
                return ExternalHost.Compiled(host, SnapshotSerializer.Deserialize(document));
            }
            catch (JsonException)
            {
                return new ExternalHost(host, true, []);
            }
        }

        var instances = await consul.Health.ServiceAsync(host, passing: true, null, cancellationToken).ConfigureAwait(false);
        return new ExternalHost(host, instances.Value.Count > 0, []);
    }
}
