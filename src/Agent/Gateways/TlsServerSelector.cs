using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.Identity;
using Mesh.Snapshots.Gateways;

namespace Mesh.Agent.Gateways;

/// <summary>
/// The TLS-terminating servers sharing one port: picks the server (certificate, client-certificate requirement) by
/// the SNI of each connection, the most specific host pattern winning; without SNI the first server answers.
/// Certificates are read from their files once, when the listener is built; <c>mesh_mutual</c> servers present the
/// gateway's current mesh identity and accept only mesh clients (sidecars sending egress through the gateway);
/// <c>credential_name</c> servers present the current certificate of <see cref="GatewayCredentials"/>.
/// </summary>
internal sealed class TlsServerSelector : IDisposable
{
    private readonly List<(GatewayServer Server, Func<SslServerAuthenticationOptions> Options, IDisposable[] Owned)> _servers = [];

    public TlsServerSelector(IEnumerable<GatewayServer> servers, Func<MeshTls>? mesh = null, GatewayCredentials? credentials = null)
    {
        foreach (var server in servers)
        {
            if (server.Tls!.Mode == GatewayTlsMode.MeshMutual)
            {
                if (mesh is null)
                {
                    throw new InvalidDataException($"The mesh_mutual server on port {server.Port} needs the gateway's mesh identity.");
                }

                _servers.Add((server, () => MeshOptions(mesh()), []));
            }
            else if (GatewayCredentials.Serves(server) && credentials is not null)
            {
                var name = server.Tls.CredentialName!;
                var (_, template, owned) = Build(server, credentials.Current(name).TargetCertificate);
                _servers.Add((server, () => WithCertificate(template, credentials.Current(name)), owned));
            }
            else
            {
                var (_, options, owned) = Build(server, null);
                _servers.Add((server, () => options, owned));
            }
        }
    }

    /// <summary>The server options for a connection's SNI.</summary>
    public SslServerAuthenticationOptions Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return _servers[0].Options();
        }

        var best = _servers[0];
        var bestScore = -1;
        foreach (var candidate in _servers)
        {
            var score = HostPattern.Score(candidate.Server.Hosts, serverName);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best.Options();
    }

    /// <summary>The gateway's mesh identity, mesh clients only, HTTP/1.1 (the listener speaks HTTP/1.1); built per connection.</summary>
    private static SslServerAuthenticationOptions MeshOptions(MeshTls mesh)
    {
        var options = mesh.CreateHandshakeServerOptions(requireClientCertificate: true);
        options.ApplicationProtocols = [SslApplicationProtocol.Http11];
        return options;
    }

    private static SslServerAuthenticationOptions WithCertificate(SslServerAuthenticationOptions template, SslStreamCertificateContext certificate) => new()
    {
        ServerCertificateContext = certificate,
        ClientCertificateRequired = template.ClientCertificateRequired,
        RemoteCertificateValidationCallback = template.RemoteCertificateValidationCallback,
    };

    private static (GatewayServer, SslServerAuthenticationOptions, IDisposable[]) Build(GatewayServer server, X509Certificate2? issued)
    {
        var tls = server.Tls!;
        var owned = new List<IDisposable>();
        X509Certificate2 certificate;
        if (issued is not null)
        {
            certificate = issued;
        }
        else if (string.IsNullOrEmpty(tls.Certificate) || string.IsNullOrEmpty(tls.PrivateKey))
        {
            throw new InvalidDataException(
                $"The TLS server on port {server.Port} needs certificate and private_key files, or credential_name = \"vault:<mount>/roles/<role>\" with a vault block in the agent configuration.");
        }
        else
        {
            using var pem = X509Certificate2.CreateFromPemFile(tls.Certificate, tls.PrivateKey);
            // Re-import so the key is usable by SslStream on every platform.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            owned.Add(certificate);
        }

        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = false,
        };
        var mutual = tls.Mode is GatewayTlsMode.Mutual or GatewayTlsMode.OptionalMutual;
        if (mutual)
        {
            if (string.IsNullOrEmpty(tls.CaCertificates))
            {
                throw new InvalidDataException($"The mutual TLS server on port {server.Port} needs ca_certificates.");
            }

            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(tls.CaCertificates);
            foreach (var root in roots)
            {
                owned.Add(root);
            }

            var required = tls.Mode == GatewayTlsMode.Mutual;
            options.ClientCertificateRequired = required;
            options.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is null ? !required : ValidateClient(certificate, roots, tls.SubjectAltNames);
        }

        return (server, options, [.. owned]);
    }

    private static bool ValidateClient(X509Certificate certificate, X509Certificate2Collection roots, IReadOnlyList<string> subjectAltNames)
    {
        using var client = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(client))
        {
            return false;
        }

        if (subjectAltNames.Count == 0)
        {
            return true;
        }

        var names = client.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(a => a.ToString())));
        var uris = client.Extensions.Where(e => e.Oid?.Value == "2.5.29.17").Select(e => e.Format(false));
        return names.Any(n => subjectAltNames.Contains(n, StringComparer.OrdinalIgnoreCase)) || uris.Any(u => subjectAltNames.Any(s => u.Contains(s, StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        foreach (var (_, _, owned) in _servers)
        {
            foreach (var item in owned)
            {
                item.Dispose();
            }
        }
    }
}
