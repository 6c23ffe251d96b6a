using Mesh.Agent.Configuration;
using Mesh.Agent.Hosting;
using Mesh.Agent.Registration;
using Mesh.Consul;
using Mesh.Snapshots.Gateways;

namespace Mesh.Agent.Gateways;

/// <summary>
/// The gateway as a catalog service sidecars can route to: when a server has <c>tls { mode = "mesh_mutual" }</c> the
/// gateway registers service <c>&lt;name&gt;</c> (instance <c>&lt;name&gt;-&lt;node&gt;</c>) with that port as its
/// mesh inbound port, so sidecars reach it over mTLS expecting the identity <c>ns/default/svc/&lt;name&gt;</c>
/// (Istio's egress gateway pattern). The registration follows the servers; stopping deregisters.
/// </summary>
internal sealed class GatewayRegistration(ConsulClient consul, string gatewayName, string nodeName, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private RegisteredService? _current;
    private (int Port, string Address)? _registered;

    /// <summary>The mesh port registered now (null: not registered).</summary>
    public int? Port => _registered?.Port;

    /// <summary>Registers the first <c>mesh_mutual</c> server of <paramref name="servers"/>, or deregisters when there is none.</summary>
    public async Task ApplyAsync(IReadOnlyList<GatewayServer> servers, CancellationToken cancellationToken)
    {
        var mesh = servers.FirstOrDefault(s => s.Tls?.Mode == GatewayTlsMode.MeshMutual && s.Port > 0);
        (int, string)? wanted = mesh is null ? null : (mesh.Port, AdvertisedAddress(mesh.Bind));
        if (wanted == _registered)
        {
            return;
        }

        if (_current is not null)
        {
            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }

        _registered = wanted;
        if (mesh is null)
        {
            return;
        }

        var service = new LocalServiceOptions { Name = gatewayName, Port = mesh.Port, AdvertiseAddress = AdvertisedAddress(mesh.Bind) };
        service.Meta["mesh-gateway"] = gatewayName;
        _current = new RegisteredService(consul, gatewayName + "-" + nodeName, service, mesh.Port, AgentHost.Version, time, logger);
        await _current.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A bind address other than the wildcard is advertised; otherwise Consul's node address is used.</summary>
    private static string AdvertisedAddress(string? bind) => bind is null or "0.0.0.0" or "::" or "[::]" ? "" : bind;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }
    }
}
