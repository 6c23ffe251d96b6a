using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;

namespace Mesh.Agent.Endpoints;

/// <summary>
/// The PEM files a destination rule's <c>tls</c> block names (paths on the agent's host): CA bundles and client
/// certificate/key pairs, read when a snapshot is applied and read again when a file's last write time changes.
/// A file that no longer loads keeps its last good content (the error is reported by <see cref="Validate"/> at the
/// next snapshot).
/// </summary>
internal sealed class ClientTlsFiles
{
    private readonly ConcurrentDictionary<string, Entry<X509Certificate2Collection>> _cas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), Entry<X509Certificate2>> _clients = new();

    /// <summary>
    /// Checks that every <c>tls</c> file of the snapshot's clusters (cluster, subset and port level) loads; throws
    /// <see cref="InvalidDataException"/> naming the host and the file otherwise, which rejects the snapshot. A client
    /// certificate named by <c>credential_name</c> is checked by <see cref="VaultClientCertificates"/> instead.
    /// </summary>
    public static void Validate(ProxySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var cluster in snapshot.Clusters)
        {
            foreach (var tls in ClientTlsPolicy.All(cluster))
            {
                if (tls.Mode is not (TlsMode.Simple or TlsMode.Mutual))
                {
                    continue;
                }

                if (tls.CaCertificates is { } ca)
                {
                    Wrap(cluster.Host, "ca_certificates", ca, () => ReadCa(ca).Count);
                }

                if (tls.Mode == TlsMode.Mutual && string.IsNullOrEmpty(tls.CredentialName))
                {
                    if (tls.ClientCertificate is null || tls.PrivateKey is null)
                    {
                        throw new InvalidDataException($"The tls settings of host \"{cluster.Host}\" are mode mutual without client_certificate and private_key (or credential_name).");
                    }

                    Wrap(cluster.Host, "client_certificate", tls.ClientCertificate, () => ReadClient(tls.ClientCertificate, tls.PrivateKey).GetHashCode());
                }
            }
        }
    }

    /// <summary>The CA certificates in <paramref name="path"/>, re-read when the file changed.</summary>
    public X509Certificate2Collection GetCa(string path) =>
        Get(_cas, path, () => File.GetLastWriteTimeUtc(path), () => ReadCa(path));

    /// <summary>The client certificate with its private key, re-read when either file changed.</summary>
    public X509Certificate2 GetClient(string certificate, string key) =>
        Get(_clients, (certificate, key), () => Max(File.GetLastWriteTimeUtc(certificate), File.GetLastWriteTimeUtc(key)), () => ReadClient(certificate, key));

    private static TValue Get<TKey, TValue>(ConcurrentDictionary<TKey, Entry<TValue>> cache, TKey key, Func<DateTime> stamp, Func<TValue> read)
        where TKey : notnull
    {
        var written = stamp();
        if (cache.TryGetValue(key, out var entry) && entry.Written == written)
        {
            return entry.Value;
        }

        try
        {
            var fresh = new Entry<TValue>(written, read());
            cache[key] = fresh;
            return fresh.Value;
        }
        catch (Exception e) when (entry is not null && e is IOException or CryptographicException or UnauthorizedAccessException or InvalidDataException)
        {
            // Keep serving with the last good content while the file is being replaced or is broken.
            return entry.Value;
        }
    }

    private static X509Certificate2Collection ReadCa(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        if (collection.Count == 0)
        {
            throw new InvalidDataException("the file holds no PEM certificate");
        }

        return collection;
    }

    private static X509Certificate2 ReadClient(string certificate, string key)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificate, key);

        // An ephemeral key cannot be used by the platform's TLS on every OS; a PKCS#12 round trip makes it usable.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static void Wrap(string host, string attribute, string path, Func<int> load)
    {
        try
        {
            _ = load();
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"The tls {attribute} file \"{path}\" of host \"{host}\" cannot be loaded: {e.Message}", e);
        }
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private sealed record Entry<TValue>(DateTime Written, TValue Value);
}
