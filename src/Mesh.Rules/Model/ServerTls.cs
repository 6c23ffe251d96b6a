namespace Mesh.Rules.Model;

/// <summary>How a gateway server terminates TLS (<c>tls</c> block).</summary>
public sealed record ServerTls
{
    /// <summary>The TLS mode.</summary>
    public ServerTlsMode? Mode { get; init; }

    /// <summary>The server certificate (file or Vault PKI source).</summary>
    public string? Certificate { get; init; }

    /// <summary>The private key.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>The CA certificates for verifying clients.</summary>
    public string? CaCertificates { get; init; }

    /// <summary>A secret holding certificate and key.</summary>
    public string? CredentialName { get; init; }

    /// <summary>Accepted client subject alternative names.</summary>
    public ValueList<string> SubjectAltNames { get; init; } = ValueList<string>.Empty;

    /// <summary>The minimum TLS version (<c>tlsv1_2</c>...).</summary>
    public string? MinProtocolVersion { get; init; }

    /// <summary>The maximum TLS version.</summary>
    public string? MaxProtocolVersion { get; init; }

    /// <summary>Allowed cipher suites.</summary>
    public ValueList<string> CipherSuites { get; init; } = ValueList<string>.Empty;

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
