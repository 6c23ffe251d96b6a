namespace Mesh.DevCatalog;

/// <summary>Serves the dev catalog over HTTPS (Consul's <c>tls.https</c> settings, PEM files).</summary>
public sealed class DevCatalogTlsOptions
{
    /// <summary>The PEM file with the server certificate (its chain may follow it).</summary>
    public required string CertFile { get; init; }

    /// <summary>The PEM file with the server certificate's private key.</summary>
    public required string KeyFile { get; init; }

    /// <summary>
    /// When set, a PEM file with the CA certificate(s) client certificates must chain to; every client must then present one
    /// (Consul's <c>verify_incoming</c>). When null, no client certificate is asked for.
    /// </summary>
    public string? ClientCaFile { get; init; }
}
