using Mesh.Consul.Agent;
using Mesh.Consul.Catalog;
using Mesh.Consul.Health;
using Mesh.Consul.Http;
using Mesh.Consul.Kv;
using Mesh.Consul.Sessions;
using Mesh.Consul.Status;
using Mesh.Consul.Txn;

namespace Mesh.Consul;

/// <summary>
/// A thin, typed client for the Consul HTTP API. Blocking queries hold a request for up to
/// <see cref="QueryOptions.Wait"/> plus wait/16: give the <see cref="HttpClient"/> a timeout longer than that
/// (<see cref="DependencyInjection.ConsulServiceCollectionExtensions.AddConsulClient"/> does).
/// </summary>
public sealed class ConsulClient
{
    /// <summary>Creates a client.</summary>
    /// <param name="http">The HTTP client (its base address is not used).</param>
    /// <param name="options">Address, token and datacenter.</param>
    public ConsulClient(HttpClient http, ConsulClientOptions options)
    {
        var transport = new ConsulHttp(http, options);
        Kv = new KvClient(transport);
        Txn = new TxnClient(transport);
        Agent = new AgentClient(transport);
        Health = new HealthClient(transport);
        Catalog = new CatalogClient(transport);
        Sessions = new SessionClient(transport);
        Status = new StatusClient(transport);
    }

    /// <summary>The key/value store.</summary>
    public KvClient Kv { get; }

    /// <summary>Transactions.</summary>
    public TxnClient Txn { get; }

    /// <summary>The local agent.</summary>
    public AgentClient Agent { get; }

    /// <summary>Service health.</summary>
    public HealthClient Health { get; }

    /// <summary>The catalog.</summary>
    public CatalogClient Catalog { get; }

    /// <summary>Sessions (for locks and leader election).</summary>
    public SessionClient Sessions { get; }

    /// <summary>Cluster status.</summary>
    public StatusClient Status { get; }
}
