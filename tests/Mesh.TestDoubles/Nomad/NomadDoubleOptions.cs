using System.Security.Cryptography.X509Certificates;

namespace Mesh.TestDoubles.Nomad;

/// <summary>How a <see cref="NomadDouble"/> starts.</summary>
public sealed class NomadDoubleOptions
{
    /// <summary>The loopback port; 0 picks a free one. Pass a stopped double's port to "restart" it.</summary>
    public int Port { get; set; }

    /// <summary>When set, every request must carry this token (X-Nomad-Token or Authorization: Bearer), as with ACLs enabled.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>The client node ID that /v1/agent/self reports.</summary>
    public string NodeId { get; set; } = "f7476465-4d6e-c0de-fa03-8a2e5a1b6b6a";

    /// <summary>The agent's region; a request for another region fails as Nomad's does with no path to it.</summary>
    public string Region { get; set; } = "global";

    /// <summary>The agent's datacenter.</summary>
    public string Datacenter { get; set; } = "dc1";

    /// <summary>When set, the double serves HTTPS with this certificate (with its private key), as Nomad's <c>tls { http = true }</c> does.</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>The longest a blocking query is held (Nomad's server cap is 300 s).</summary>
    public TimeSpan MaxBlockingWait { get; set; } = TimeSpan.FromSeconds(300);
}
