using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Mesh.TestDoubles.Vault;

/// <summary>The PKI mount: a real ECDSA root CA and Vault's role checks for sign and issue.</summary>
internal sealed class VaultDoublePki : IDisposable
{
    private static readonly TimeSpan NotBeforeDuration = TimeSpan.FromSeconds(30);
    private readonly VaultDoubleOptions _options;

    public VaultDoublePki(VaultDoubleOptions options)
    {
        _options = options;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Vault Double Root CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = options.TimeProvider.GetUtcNow();
        Ca = request.CreateSelfSigned(now - NotBeforeDuration, now.AddYears(10));
    }

    public X509Certificate2 Ca { get; }

    public string CaPem => Ca.ExportCertificatePem() + "\n";

    /// <summary>Signs (csr given) or issues (csr null); returns the JSON data block and warnings, or throws <see cref="VaultDoubleError"/>.</summary>
    public (JsonObject Data, List<string> Warnings) Sign(string roleName, JsonObject body, bool withCsr)
    {
        var role = _options.PkiRoles.FirstOrDefault(r => r.Name == roleName)
            ?? throw new VaultDoubleError(HttpStatusCode.BadRequest, $"unknown role: {roleName}");
        var warnings = new List<string>();
        CertificateRequest? csr = null;
        if (withCsr)
        {
            var csrText = body["csr"]?.GetValue<string>() ?? throw new VaultDoubleError(HttpStatusCode.BadRequest, "\"csr\" is empty");
            try
            {
                csr = CertificateRequest.LoadSigningRequestPem(csrText, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
            }
            catch (CryptographicException)
            {
                throw new VaultDoubleError(HttpStatusCode.BadRequest, "certificate request could not be parsed");
            }
        }

        var commonName = body["common_name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(commonName) && csr is not null)
        {
            commonName = csr.SubjectName.EnumerateRelativeDistinguishedNames()
                .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.3")
                .Select(rdn => rdn.GetSingleElementValue())
                .FirstOrDefault();
        }

        if (string.IsNullOrEmpty(commonName) && role.RequireCn)
        {
            throw new VaultDoubleError(HttpStatusCode.BadRequest,
                "the common_name field is required, or must be provided in a CSR with \"use_csr_common_name\" set to true, unless \"require_cn\" is set to false");
        }

        var dnsNames = List(body["alt_names"]);
        var uris = List(body["uri_sans"]);
        var ips = List(body["ip_sans"]);
        if (csr is not null)
        {
            AddCsrSans(csr, dnsNames, uris, ips);
        }

        foreach (var name in (string.IsNullOrEmpty(commonName) ? [] : new[] { commonName }).Concat(dnsNames))
        {
            if (!NameAllowed(role, name))
            {
                throw new VaultDoubleError(HttpStatusCode.BadRequest, name == commonName
                    ? $"common name {name} not allowed by this role"
                    : $"subject alternate name {name} not allowed by this role");
            }
        }

        foreach (var uri in uris)
        {
            if (!role.AllowedUriSans.Any(glob => Glob(glob, uri)))
            {
                throw new VaultDoubleError(HttpStatusCode.BadRequest, $"URI Subject Alternative Name {uri} not allowed by this role");
            }
        }

        var ttl = TtlOf(body["ttl"]) ?? role.Ttl ?? _options.PkiMaxLeaseTtl;
        var maxTtl = role.MaxTtl ?? _options.PkiMaxLeaseTtl;
        if (ttl > maxTtl)
        {
            warnings.Add($"TTL \"{Go(ttl)}\" is longer than permitted maxTTL \"{Go(maxTtl)}\", so we are truncating it to maxTTL");
            ttl = maxTtl;
        }

        var now = _options.TimeProvider.GetUtcNow();
        var notAfter = now + ttl;
        if (notAfter > Ca.NotAfter.ToUniversalTime())
        {
            throw new VaultDoubleError(HttpStatusCode.BadRequest,
                $"cannot satisfy request, as TTL would result in notAfter of {notAfter:O} that is beyond the expiration of the CA certificate at {Ca.NotAfter.ToUniversalTime():O}");
        }

        using var rsa = !withCsr && role.KeyType == "rsa" ? RSA.Create(2048) : null;
        using var ec = !withCsr && rsa is null ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        var subject = string.IsNullOrEmpty(commonName) ? new X500DistinguishedName(string.Empty) : new X500DistinguishedName("CN=" + commonName);
        var request = csr is not null ? new CertificateRequest(subject, csr.PublicKey, HashAlgorithmName.SHA256)
            : rsa is not null ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, ec!, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames.Append(commonName).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal))
        {
            san.AddDnsName(name!);
        }

        foreach (var ip in ips)
        {
            san.AddIpAddress(IPAddress.Parse(ip));
        }

        foreach (var uri in uris)
        {
            san.AddUri(new Uri(uri));
        }

        if (dnsNames.Count + uris.Count + ips.Count > 0 || !string.IsNullOrEmpty(commonName))
        {
            request.CertificateExtensions.Add(san.Build(critical: string.IsNullOrEmpty(commonName)));
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        // Signed with the CA's key whatever the leaf's key type (an RSA leaf under this ECDSA root, as Vault does).
        using var caKey = Ca.GetECDsaPrivateKey()!;
        using var certificate = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now - NotBeforeDuration, notAfter, serial);
        var data = new JsonObject
        {
            ["certificate"] = certificate.ExportCertificatePem(),
            ["issuing_ca"] = Ca.ExportCertificatePem(),
            ["ca_chain"] = new JsonArray(Ca.ExportCertificatePem()),
            ["serial_number"] = string.Join(':', serial.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))),
            ["expiration"] = certificate.NotAfter.ToUniversalTime() is var expiry ? new DateTimeOffset(expiry, TimeSpan.Zero).ToUnixTimeSeconds() : 0,
        };
        if (rsa is not null)
        {
            data["private_key"] = rsa.ExportRSAPrivateKeyPem();
            data["private_key_type"] = "rsa";
        }
        else if (ec is not null)
        {
            data["private_key"] = ec.ExportECPrivateKeyPem();
            data["private_key_type"] = "ec";
        }

        return (data, warnings);
    }

    public void Dispose() => Ca.Dispose();

    /// <summary>Vault's glob (ryanuber/go-glob): '*' matches any run of characters, '/' included.</summary>
    internal static bool Glob(string pattern, string value)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        if (!value.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = value.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return value.Length - position >= parts[^1].Length && value.EndsWith(parts[^1], StringComparison.Ordinal);
    }

    private static bool NameAllowed(VaultDoublePkiRole role, string name) =>
        role.AllowAnyName || role.AllowedDomains.Any(domain =>
            string.Equals(name, domain, StringComparison.OrdinalIgnoreCase)
            || (role.AllowSubdomains && name.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
            || Glob(domain, name));

    private static void AddCsrSans(CertificateRequest csr, List<string> dnsNames, List<string> uris, List<string> ips)
    {
        foreach (var extension in csr.CertificateExtensions)
        {
            if (extension.Oid?.Value == "2.5.29.17")
            {
                var san = new X509SubjectAlternativeNameExtension(extension.RawData);
                dnsNames.AddRange(san.EnumerateDnsNames().Except(dnsNames));
                ips.AddRange(san.EnumerateIPAddresses().Select(ip => ip.ToString()).Except(ips));
                uris.AddRange(SanUris.Read(extension.RawData).Except(uris));
            }
        }
    }

    private static List<string> List(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.Select(n => n!.GetValue<string>().Trim()).Where(s => s.Length > 0)],
        _ => [.. node.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
    };

    internal static TimeSpan? TtlOf(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            return TimeSpan.FromSeconds(node.GetValue<double>());
        }

        var text = node.GetValue<string>();
        if (text.Length == 0)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return Nomad.GoDuration.TryParse(text, out var duration) ? duration
            : throw new VaultDoubleError(HttpStatusCode.BadRequest, $"error parsing ttl: time: invalid duration \"{text}\"");
    }

    internal static string Go(TimeSpan value) =>
        $"{(int)value.TotalHours}h{value.Minutes}m{value.Seconds}s";
}
