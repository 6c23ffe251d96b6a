namespace Mesh.ControllerApi;

/// <summary>How <see cref="ControllerClient"/> speaks HTTPS to a controller with its own CA.</summary>
public sealed class ControllerTlsSettings
{
    /// <summary>PEM file of the CA certificates the controller's certificate must chain to; null trusts the system store.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM file of a client certificate to present (for <c>tls.client_ca_file</c>); null presents none.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM file of the client certificate's private key; null when it is in <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; init; }
}
