using System.Text;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Snapshots;
using Mesh.Agent.Tests.Gateways;
using Mesh.Snapshots;
using Mesh.Snapshots.Clusters;
using Mesh.Snapshots.Serialization;

namespace Mesh.Agent.Tests.Listeners;

/// <summary>Which destination rule <c>tls</c> applies to an endpoint, and snapshots whose <c>tls</c> files do not load.</summary>
public sealed class ClientTlsPolicyTests
{
    private static readonly ClientTlsSettings s_cluster = new() { Mode = TlsMode.Simple, Sni = "cluster" };
    private static readonly ClientTlsSettings s_subset = new() { Mode = TlsMode.Simple, Sni = "subset" };
    private static readonly ClientTlsSettings s_port = new() { Mode = TlsMode.Disable };

    private static Cluster Rule(bool portLevel) => new()
    {
        Host = "api",
        TrafficPolicy = new TrafficPolicy
        {
            Tls = s_cluster,
            PortLevelSettings = portLevel ? [new PortTrafficPolicy { Port = 8443, Tls = s_port }] : [],
        },
        Subsets = [new Subset { Name = "v2", Labels = new Dictionary<string, string> { ["version"] = "v2" }, TrafficPolicy = new TrafficPolicy { Tls = s_subset } }],
    };

    private static Dictionary<string, string> Version(string v) => new() { ["version"] = v };

    [Fact]
    public void Effective_EndpointOutsideSubsets_GetsClusterTls() =>
        Assert.Same(s_cluster, ClientTlsPolicy.Effective(Rule(portLevel: true), 443, Version("v1")));

    [Fact]
    public void Effective_EndpointInSubset_SubsetOverridesCluster() =>
        Assert.Same(s_subset, ClientTlsPolicy.Effective(Rule(portLevel: true), 443, Version("v2")));

    [Fact]
    public void Effective_PortLevel_OverridesSubsetAndCluster() =>
        Assert.Same(s_port, ClientTlsPolicy.Effective(Rule(portLevel: true), 8443, Version("v2")));

    [Fact]
    public void Effective_NoTlsInRule_Null() =>
        Assert.Null(ClientTlsPolicy.Effective(new Cluster { Host = "api" }, 443, Version("v1")));

    [Fact]
    public void Load_MissingCaFile_RejectedNamingHostAndFile()
    {
        var snapshot = new ProxySnapshot
        {
            Version = "1",
            Host = "api.external.test",
            Clusters = [new Cluster { Host = "api.external.test", TrafficPolicy = new TrafficPolicy { Tls = new ClientTlsSettings { Mode = TlsMode.Simple, CaCertificates = "/nonexistent/ca.pem" } } }],
        };

        var e = Assert.Throws<InvalidDataException>(() => SnapshotManager.Load("api.external.test", SnapshotSerializer.Serialize(snapshot)));

        Assert.Contains("api.external.test", e.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/ca.pem", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ClientKeyNotPem_RejectedNamingFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mesh-tls-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var certs = new TestCertificates(dir);
            var (certificate, key) = certs.IssueFiles("client", "client.test");
            File.WriteAllText(key, "not a key", Encoding.ASCII);
            var snapshot = new ProxySnapshot
            {
                Version = "1",
                Host = "api",
                Clusters = [new Cluster
                {
                    Host = "api",
                    Subsets = [new Subset { Name = "v1", TrafficPolicy = new TrafficPolicy { Tls = new ClientTlsSettings { Mode = TlsMode.Mutual, ClientCertificate = certificate, PrivateKey = key } } }],
                }],
            };

            var e = Assert.Throws<InvalidDataException>(() => SnapshotManager.Load("api", SnapshotSerializer.Serialize(snapshot)));

            Assert.Contains(certificate, e.Message, StringComparison.Ordinal);
            Assert.Contains("\"api\"", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_ReadableFiles_Accepted()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mesh-tls-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var certs = new TestCertificates(dir);
            var (certificate, key) = certs.IssueFiles("client", "client.test");
            var tls = new ClientTlsSettings { Mode = TlsMode.Mutual, ClientCertificate = certificate, PrivateKey = key, CaCertificates = certs.CaFile };
            var snapshot = new ProxySnapshot
            {
                Version = "1",
                Host = "api",
                Clusters = [new Cluster { Host = "api", TrafficPolicy = new TrafficPolicy { PortLevelSettings = [new PortTrafficPolicy { Port = 443, Tls = tls }] } }],
            };

            var loaded = SnapshotManager.Load("api", SnapshotSerializer.Serialize(snapshot));

            Assert.Equal(certificate, loaded.Clusters[0].TrafficPolicy!.PortLevelSettings[0].Tls!.ClientCertificate);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
