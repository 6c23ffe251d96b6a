namespace Mesh.Controller.Configuration;

/// <summary>HTTPS for the API listener (<c>tls { ... }</c> in <c>controller.hcl</c>).</summary>
public sealed class ControllerTlsOptions
{
    /// <summary>The server certificate (PEM), optionally followed by its intermediates.</summary>
    public required string CertFile { get; set; }

    /// <summary>The server certificate's private key (PEM, PKCS#8, PKCS#1 or SEC1).</summary>
    public required string KeyFile { get; set; }

    /// <summary>CA certificates (PEM) that client certificates must chain to; null asks for none.</summary>
    public string? ClientCaFile { get; set; }

    /// <summary>With <see cref="ClientCaFile"/>: refuse connections without a valid client certificate.</summary>
    public bool RequireClientCert { get; set; }
}
