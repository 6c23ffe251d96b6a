using System.Collections.Concurrent;
using System.Net.Security;
using Mesh.Agent.Certificates;
using Mesh.Snapshots;
using Mesh.Snapshots.Gateways;

namespace Mesh.Agent.Gateways;

/// <summary>
/// Server certificates of gateway servers whose <c>credential_name</c> is <c>vault:&lt;mount&gt;/roles/&lt;role&gt;</c>,
/// signed by <see cref="VaultCertificateIssuer"/>: CN = the first host, DNS SANs = the hosts of the servers naming the
/// credential. Changing those hosts issues a new certificate. Dispose to stop the renewals (the issuer is not owned).
/// </summary>
internal sealed class GatewayCredentials : IDisposable
{
    private readonly VaultCertificateIssuer _issuer;
    private readonly ConcurrentDictionary<string, RenewingVaultCertificate> _credentials = new(StringComparer.Ordinal);

    public GatewayCredentials(VaultCertificateIssuer issuer)
    {
        _issuer = issuer;
        _issuer.Issued += OnIssued;
    }

    /// <summary>Raised after a server certificate was issued or renewed (credential name).</summary>
    public event Action<string>? Issued;

    /// <summary>Whether the server takes its certificate from here.</summary>
    public static bool Serves(GatewayServer server) =>
        server.Tls is { } tls && string.IsNullOrEmpty(tls.Certificate) && VaultCredentialName.IsVault(tls.CredentialName)
        && tls.Mode is not (GatewayTlsMode.Passthrough or GatewayTlsMode.AutoPassthrough or GatewayTlsMode.MeshMutual);

    /// <summary>Issues the certificates the servers need and do not have yet (hosts changed: issued anew).</summary>
    public async Task EnsureAsync(IReadOnlyList<GatewayServer> servers, CancellationToken cancellationToken)
    {
        foreach (var group in servers.Where(Serves).GroupBy(s => s.Tls!.CredentialName!, StringComparer.Ordinal))
        {
            var hosts = group.SelectMany(s => s.Hosts).Where(h => h != "*" && !h.Contains('/', StringComparison.Ordinal))
                .Select(h => h.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (hosts.Count == 0)
            {
                throw new InvalidDataException($"credential_name \"{group.Key}\" needs servers with host names (not only \"*\") to put in the certificate.");
            }

            if (_credentials.TryGetValue(group.Key, out var existing) && existing.Subject.DnsNames.SequenceEqual(hosts, StringComparer.Ordinal))
            {
                continue;
            }

            var certificate = await _issuer.IssueAsync(group.Key, new VaultCertificateSubject(hosts[0], hosts, []), cancellationToken).ConfigureAwait(false);
            if (_credentials.TryGetValue(group.Key, out var replaced))
            {
                replaced.Dispose();
            }

            _credentials[group.Key] = certificate;
            Issued?.Invoke(group.Key);
        }
    }

    /// <summary>The current certificate (with its chain) of a credential <see cref="EnsureAsync"/> issued.</summary>
    public SslStreamCertificateContext Current(string credentialName) =>
        _credentials.TryGetValue(credentialName, out var credential)
            ? credential.Current.Context
            : throw new InvalidDataException($"No certificate was issued for credential_name \"{credentialName}\".");

    // Renewals of the server certificates held here (the issuer also serves client certificates).
    private void OnIssued(RenewingVaultCertificate certificate)
    {
        if (_credentials.TryGetValue(certificate.CredentialName, out var held) && ReferenceEquals(held, certificate))
        {
            Issued?.Invoke(certificate.CredentialName);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _issuer.Issued -= OnIssued;
        foreach (var credential in _credentials.Values)
        {
            credential.Dispose();
        }
    }
}
