namespace Mesh.Snapshots.Gateways;

/// <summary>One listener of a gateway: the port, protocol and hosts it serves and how it handles TLS.</summary>
public sealed record GatewayServer
{
    /// <summary>The port the gateway listens on.</summary>
    public int Port { get; init; }

    /// <summary>The protocol spoken on the port.</summary>
    public PortProtocol Protocol { get; init; } = PortProtocol.Http;

    /// <summary>The port's name, if the rule gave one.</summary>
    public string? Name { get; init; }

    /// <summary>The hosts served on this port (<c>*</c> for any).</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>The address to bind; all addresses when null.</summary>
    public string? Bind { get; init; }

    /// <summary>TLS settings; null for plain text.</summary>
    public GatewayTls? Tls { get; init; }

    /// <summary>Whether plain HTTP requests are answered with a 301 redirect to HTTPS.</summary>
    public bool HttpsRedirect { get; init; }
}
