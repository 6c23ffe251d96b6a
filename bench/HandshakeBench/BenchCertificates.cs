using System.Net.Security;
using Mesh.Identity;

namespace Mesh.Bench.HandshakeBench;

/// <summary>
/// The certificates of the benchmark: one built-in CA kept in a directory shared by every process of a run, a
/// server identity (ours and haproxy present it) and a client identity, all ECDSA P-256 as the mesh issues them.
/// </summary>
internal static class BenchCertificates
{
    public const string TrustDomain = "bench.mesh";

    /// <summary>The combined PEM (leaf, chain, key) haproxy's <c>crt</c> reads on a listener.</summary>
    public const string HaproxyPemFileName = "server.pem";

    /// <summary>The client's combined PEM, for haproxy's <c>crt</c> on a server line (the mTLS pair of bench/run.sh).</summary>
    public const string HaproxyClientPemFileName = "client.pem";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static SpiffeId ServerId { get; } = new(TrustDomain, "default", "server");

    public static SpiffeId ClientId { get; } = new(TrustDomain, "default", "client");

    /// <summary>Creates (or loads) the CA in <paramref name="directory"/> and writes haproxy's server and client certificates.</summary>
    public static async Task WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        using var ca = new BuiltInCertificateAuthority(TrustDomain, directory, TimeProvider.System);
        foreach (var (id, fileName) in new[] { (ServerId, HaproxyPemFileName), (ClientId, HaproxyClientPemFileName) })
        {
            using var issued = await ca.IssueAsync(id, Lifetime, CancellationToken.None).ConfigureAwait(false);
            var path = Path.Combine(directory, fileName);
            await File.WriteAllTextAsync(path, issued.ExportCertificatePem() + issued.ExportPrivateKeyPem() + "\n").ConfigureAwait(false);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Console.WriteLine($"wrote {path}");
        }

        Console.WriteLine($"wrote {Path.Combine(directory, BuiltInCertificateAuthority.CertificateFileName)}");
    }

    /// <summary>
    /// MeshTls for <paramref name="id"/> with a certificate issued by the CA in <paramref name="directory"/>. Only
    /// HTTP/1.1 is offered in ALPN (haproxy is configured alike); <paramref name="allowResume"/> false makes every
    /// client handshake a full one.
    /// </summary>
    public static async Task<MeshTls> CreateTlsAsync(string directory, SpiffeId id, bool allowResume)
    {
        using var ca = new BuiltInCertificateAuthority(TrustDomain, directory, TimeProvider.System);
        var certificate = await ca.IssueAsync(id, Lifetime, CancellationToken.None).ConfigureAwait(false);
        var anchors = await ca.GetTrustAnchorsAsync(CancellationToken.None).ConfigureAwait(false);
        var options = new MeshTlsOptions { AllowTlsResume = allowResume };
        options.ApplicationProtocols.Clear();
        options.ApplicationProtocols.Add(SslApplicationProtocol.Http11);
        return new MeshTls(() => certificate, anchors, TimeProvider.System, options, null);
    }
}
