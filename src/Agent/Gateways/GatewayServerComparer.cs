using Mesh.Snapshots.Gateways;

namespace Mesh.Agent.Gateways;

/// <summary>Compares servers by value (records compare lists by reference).</summary>
internal sealed class GatewayServerComparer : IEqualityComparer<GatewayServer>
{
    public static GatewayServerComparer Instance { get; } = new();

    public bool Equals(GatewayServer? x, GatewayServer? y) =>
        x is not null && y is not null
        && x.Port == y.Port && x.Protocol == y.Protocol && x.Bind == y.Bind && x.HttpsRedirect == y.HttpsRedirect
        && x.Hosts.SequenceEqual(y.Hosts, StringComparer.Ordinal)
        && (x.Tls is null ? y.Tls is null : y.Tls is not null && TlsEquals(x.Tls, y.Tls));

    private static bool TlsEquals(GatewayTls x, GatewayTls y) =>
        x.Mode == y.Mode && x.Certificate == y.Certificate && x.PrivateKey == y.PrivateKey && x.CaCertificates == y.CaCertificates
        && x.CredentialName == y.CredentialName && x.SubjectAltNames.SequenceEqual(y.SubjectAltNames, StringComparer.Ordinal);

    public int GetHashCode(GatewayServer obj) => HashCode.Combine(obj.Port, obj.Protocol, obj.Bind);
}
