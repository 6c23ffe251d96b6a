namespace Mesh.Snapshots;

/// <summary>A port of the destination host and the protocol spoken on it.</summary>
public sealed record ServicePort
{
    /// <summary>The port number clients use.</summary>
    public int Number { get; init; }

    /// <summary>The protocol spoken on the port.</summary>
    public PortProtocol Protocol { get; init; } = PortProtocol.Http;

    /// <summary>An optional name (<c>http</c>, <c>grpc-api</c>).</summary>
    public string? Name { get; init; }
}
