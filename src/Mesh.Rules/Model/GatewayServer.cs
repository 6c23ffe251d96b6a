namespace Mesh.Rules.Model;

/// <summary>One port a gateway listens on (<c>server</c> block).</summary>
public sealed record GatewayServer
{
    /// <summary>The port number.</summary>
    public int? Port { get; init; }

    /// <summary>The protocol.</summary>
    public Protocol? Protocol { get; init; }

    /// <summary>The port's name (<c>port_name</c>).</summary>
    public string? PortName { get; init; }

    /// <summary>The hosts served.</summary>
    public ValueList<string> Hosts { get; init; } = ValueList<string>.Empty;

    /// <summary>The address to bind to.</summary>
    public string? Bind { get; init; }

    /// <summary>TLS termination.</summary>
    public ServerTls? Tls { get; init; }

    /// <summary>Whether plain HTTP requests are redirected to HTTPS.</summary>
    public bool? HttpsRedirect { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
