namespace Mesh.Agent.Certificates;

/// <summary>What a certificate signed by Vault PKI names: the common name, DNS names and URI names (a SPIFFE id).</summary>
/// <param name="CommonName">The subject's CN, also sent as Vault's <c>common_name</c>.</param>
/// <param name="DnsNames">DNS subject alternative names (<c>alt_names</c>).</param>
/// <param name="Uris">URI subject alternative names (<c>uri_sans</c>), checked by the role's <c>allowed_uri_sans</c>.</param>
internal sealed record VaultCertificateSubject(string CommonName, IReadOnlyList<string> DnsNames, IReadOnlyList<string> Uris)
{
    /// <inheritdoc />
    public override string ToString() => string.Join(", ", DnsNames.Concat(Uris).Prepend(CommonName).Distinct(StringComparer.Ordinal));
}
