using System.Net;
using Mesh.Identity;

namespace Mesh.Agent.Listeners;

/// <summary>The attributes of a request that authorization policies look at.</summary>
internal sealed record AuthorizationRequest
{
    /// <summary>The peer's SPIFFE id from its mTLS certificate; null for plain text.</summary>
    public SpiffeId? Principal { get; init; }

    /// <summary>The connection's peer address (<c>source.ip</c>, and <c>remote.ip</c>: forwarded headers are not trusted).</summary>
    public IPAddress? SourceIp { get; init; }

    /// <summary>The Host header, possibly with a port.</summary>
    public string Host { get; init; } = "";

    /// <summary>The HTTP method.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The path, without the query.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The workload port the request is for (<c>ports</c>, <c>destination.port</c>).</summary>
    public int Port { get; init; }

    /// <summary>The address the connection arrived on (<c>destination.ip</c>).</summary>
    public IPAddress? DestinationIp { get; init; }

    /// <summary>The TLS server name the peer asked for (<c>connection.sni</c>); null for plain text.</summary>
    public string? Sni { get; init; }

    /// <summary>
    /// True for a TCP connection: only connection (L4) attributes exist, so a rule naming HTTP-only fields does not
    /// match in an allow or audit policy, and those fields are ignored (the rule is broader) in a deny policy.
    /// </summary>
    public bool Tcp { get; init; }

    /// <summary>The request headers.</summary>
    public IHeaderDictionary Headers { get; init; } = new HeaderDictionary();
}
