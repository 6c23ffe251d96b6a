using System.Net;

namespace Mesh.DevCatalog;

/// <summary>Settings of the development catalog.</summary>
public sealed class DevCatalogOptions
{
    /// <summary>Where to listen; 127.0.0.1:8500 by default (port 0 picks a free port).</summary>
    public IPEndPoint Listen { get; set; } = new(IPAddress.Loopback, 8500);

    /// <summary>The clock for blocking-query waits, session TTLs, TTL checks and probe intervals.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The single node's name.</summary>
    public string NodeName { get; set; } = "dev";

    /// <summary>The meta of the catalog's own node (the node agent registrations land on), e.g. <c>mesh-region</c>, <c>mesh-zone</c>.</summary>
    public IDictionary<string, string> NodeMeta { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The datacenter name.</summary>
    public string Datacenter { get; set; } = "dc1";

    /// <summary>When set, KV, sessions and the catalog (services, checks, nodes) are saved here on every change (atomic rename) and loaded at start.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>When set, the catalog listens over HTTPS with this certificate (and, optionally, requires client certificates).</summary>
    public DevCatalogTlsOptions? Tls { get; set; }
}
