using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Mesh.Snapshots.Clusters;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// Client TLS options for a destination rule's <c>simple</c> or <c>mutual</c> TLS (Istio's TLS origination): SNI is
/// <c>sni</c> or the destination host; the server certificate must chain to <c>ca_certificates</c> (else the system
/// roots, or <paramref name="defaultTrust"/> when the agent was given one) and carry one of <c>subject_alt_names</c>
/// (else the SNI name); <c>insecure_skip_verify</c> accepts any certificate (logged once per host); <c>mutual</c>
/// presents the <c>client_certificate</c>/<c>private_key</c> pair, or the certificate Vault signed for
/// <c>credential_name</c> (whose issuing CA chain is then the trust when <c>ca_certificates</c> is not given).
/// </summary>
internal sealed partial class ClientTlsOptionsFactory(ClientTlsFiles files, X509Certificate2Collection? defaultTrust, ILogger logger, VaultClientCertificates? credentials = null)
{
    private readonly ConcurrentDictionary<string, bool> _warnedInsecure = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _warnedMissing = new(StringComparer.Ordinal);

    /// <summary>The options for one connection to <paramref name="host"/> with <paramref name="settings"/> (mode simple or mutual).</summary>
    public SslClientAuthenticationOptions Create(ClientTlsSettings settings, string host)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var serverName = string.IsNullOrEmpty(settings.Sni) ? host : settings.Sni;
        var options = new SslClientAuthenticationOptions { TargetHost = serverName };
        X509Certificate2Collection? credentialTrust = null;
        if (settings.Mode == TlsMode.Mutual && !string.IsNullOrEmpty(settings.CredentialName))
        {
            if (credentials?.Current(settings.CredentialName) is { } issued)
            {
                options.ClientCertificateContext = issued.Context;
                credentialTrust = issued.Authorities;
            }
            else if (_warnedMissing.TryAdd(settings.CredentialName, true))
            {
                LogNoCredential(logger, host, settings.CredentialName);
            }
        }
        else if (settings.Mode == TlsMode.Mutual && settings.ClientCertificate is { } certificate && settings.PrivateKey is { } key)
        {
            options.ClientCertificateContext = SslStreamCertificateContext.Create(files.GetClient(certificate, key), null, offline: true);
        }

        if (settings.InsecureSkipVerify)
        {
            if (_warnedInsecure.TryAdd(host, true))
            {
                LogInsecure(logger, host);
            }

#pragma warning disable CA5359 // insecure_skip_verify = true is the operator's explicit choice, and it is logged.
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
            return options;
        }

        var trust = settings.CaCertificates is { } ca ? files.GetCa(ca) : credentialTrust ?? defaultTrust;
        if (trust is not null)
        {
            options.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            options.CertificateChainPolicy.CustomTrustStore.AddRange(trust);
        }

        if (settings.SubjectAltNames.Count > 0)
        {
            var names = settings.SubjectAltNames;
            options.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None
                && cert is X509Certificate2 server && CarriesAny(server, names);
        }

        return options;
    }

    /// <summary>Whether the certificate carries one of <paramref name="names"/> as a DNS name (wildcards as TLS matches them), IP address or URI.</summary>
    internal static bool CarriesAny(X509Certificate2 certificate, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (name.Contains("://", StringComparison.Ordinal))
            {
                if (Uris(certificate).Contains(name, StringComparer.Ordinal))
                {
                    return true;
                }
            }
            else if (IPAddress.TryParse(name, out _) ? certificate.MatchesHostname(name) : certificate.MatchesHostname(name, allowWildcards: true, allowCommonName: false))
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Uris(X509Certificate2 certificate)
    {
        var uris = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509SubjectAlternativeNameExtension san)
            {
                continue;
            }

            try
            {
                var names = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
                var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
                while (names.HasData)
                {
                    if (names.PeekTag().HasSameClassAndValue(uriTag))
                    {
                        uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                // A malformed extension carries no usable name.
            }
        }

        return uris;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS to {Host} presents no client certificate: none was issued for credential_name {Credential} yet")]
    private static partial void LogNoCredential(ILogger logger, string host, string credential);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS to {Host} does not verify the server certificate (destination_rule tls insecure_skip_verify = true)")]
    private static partial void LogInsecure(ILogger logger, string host);
}
