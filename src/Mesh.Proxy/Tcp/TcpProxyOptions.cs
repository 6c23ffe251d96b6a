using System.Net;

namespace Mesh.Proxy.Tcp;

/// <summary>What one <see cref="TcpProxyListener"/> serves: a destination host's TCP port on a local endpoint.</summary>
public sealed record TcpProxyOptions
{
    /// <summary>The destination host whose snapshot holds the <c>tcp</c> routes (and the default destination).</summary>
    public required string Host { get; init; }

    /// <summary>The service port clients address; <c>tcp</c> routes with <c>ports</c> match on it.</summary>
    public required int ServicePort { get; init; }

    /// <summary>Where to accept connections (port 0 picks a free port). Default 127.0.0.1:0.</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>The listen backlog. Default 512.</summary>
    public int Backlog { get; init; } = 512;
}
