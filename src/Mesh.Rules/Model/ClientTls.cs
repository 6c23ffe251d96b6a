namespace Mesh.Rules.Model;

/// <summary>TLS towards a destination (<c>tls</c> block).</summary>
public sealed record ClientTls
{
    /// <summary>The TLS mode.</summary>
    public ClientTlsMode? Mode { get; init; }

    /// <summary>The client certificate.</summary>
    public string? ClientCertificate { get; init; }

    /// <summary>The private key.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>The CA certificates for verifying the server.</summary>
    public string? CaCertificates { get; init; }

    /// <summary>A secret holding the client credentials.</summary>
    public string? CredentialName { get; init; }

    /// <summary>Accepted server subject alternative names.</summary>
    public ValueList<string> SubjectAltNames { get; init; } = ValueList<string>.Empty;

    /// <summary>The server name sent.</summary>
    public string? Sni { get; init; }

    /// <summary>Whether server verification is skipped.</summary>
    public bool? InsecureSkipVerify { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
