namespace Mesh.Nomad.Client;

/// <summary>Where the Nomad HTTP API is and how to talk to it.</summary>
public sealed class NomadClientOptions
{
    /// <summary>The agent's HTTP address. Default <c>http://127.0.0.1:4646</c> (the local Nomad client).</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:4646");

    /// <summary>The ACL token's SecretID, sent as <c>X-Nomad-Token</c>; null when ACLs are off. Default null.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// The namespace whose allocations are meshed; null or <c>*</c> for every namespace on the node.
    /// Default null.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>The region requests are forwarded to; null for the agent's own region. Default null.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// A PEM file with the CA certificate(s) that sign the Nomad agent's HTTPS certificate (Nomad's
    /// <c>ca_file</c>); when set, only chains ending at these roots are trusted. Default null (the
    /// system trust store).
    /// </summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>A PEM client certificate for agents with <c>verify_https_client</c>. Default null.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="ClientCertificateFile"/>. Default null.</summary>
    public string? ClientKeyFile { get; set; }
}
