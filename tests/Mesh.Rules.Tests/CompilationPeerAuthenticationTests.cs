using Mesh.Snapshots.Security;
using static Mesh.Rules.Tests.CompilationFixtures;

namespace Mesh.Rules.Tests;

public sealed class CompilationPeerAuthenticationTests
{
    [Fact]
    public void Compile_MeshWideWorkloadAndPortLevel_PortOverridesWorkloadOverridesMesh()
    {
        var result = Compile("""
            peer_authentication "default" {
              mode = "strict"
            }

            peer_authentication "reviews" {
              selector        = { service = "reviews" }
              mode            = "disable"
              port_level_mtls = { "8080" = "permissive", "9090" = "strict" }
            }
            """);

        var reviews = result.Host("reviews").Inbound;
        Assert.Equal(PeerAuthenticationMode.Disable, reviews.Mode);
        Assert.Equal(PeerAuthenticationMode.Permissive, reviews.ModeFor(8080));
        Assert.Equal(PeerAuthenticationMode.Strict, reviews.ModeFor(9090));
        Assert.Equal(PeerAuthenticationMode.Disable, reviews.ModeFor(9080));
        var ratings = result.Host("ratings").Inbound;
        Assert.Equal(PeerAuthenticationMode.Strict, ratings.ModeFor(8080));
        Assert.Empty(ratings.PortModes);
    }

    [Fact]
    public void Compile_PortModes_SurviveSnapshotJson()
    {
        var snapshot = Compile("""
            peer_authentication "reviews" {
              selector        = { service = "reviews" }
              mode            = "strict"
              port_level_mtls = { "8080" = "permissive" }
            }
            """).Host("reviews");

        var json = Mesh.Snapshots.Serialization.SnapshotSerializer.Serialize(snapshot);
        var inbound = Mesh.Snapshots.Serialization.SnapshotSerializer.Deserialize(json).Inbound;

        Assert.Contains("\"port_modes\":{\"8080\":", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(PeerAuthenticationMode.Permissive, inbound.ModeFor(8080));
        Assert.Equal(PeerAuthenticationMode.Strict, inbound.ModeFor(9080));
    }

    [Fact]
    public void Compile_WorkloadPolicyWithOnlyPortLevel_InheritsMeshWideMode()
    {
        var reviews = Compile("""
            peer_authentication "default" {
              mode = "strict"
            }

            peer_authentication "reviews-metrics" {
              selector        = { version = "v1" }
              port_level_mtls = { "8080" = "permissive", "9091" = "unset" }
            }
            """).Host("reviews").Inbound;

        Assert.Equal(PeerAuthenticationMode.Strict, reviews.Mode);
        Assert.Equal(PeerAuthenticationMode.Permissive, reviews.ModeFor(8080));
        Assert.Equal(PeerAuthenticationMode.Strict, reviews.ModeFor(9091));
    }

    [Fact]
    public void Compile_NoPeerAuthentication_PermissiveEverywhere()
    {
        var reviews = Compile("""
            authorization_policy "x" {
              action = "audit"
            }
            """).Host("reviews").Inbound;

        Assert.Equal(PeerAuthenticationMode.Permissive, reviews.ModeFor(8080));
        Assert.Empty(reviews.PortModes);
    }

    [Fact]
    public void Compile_MeshWidePortLevel_Ignored()
    {
        var bundle = TestFiles.Load("""
            peer_authentication "default" {
              mode            = "strict"
              port_level_mtls = { "8080" = "disable" }
            }
            """);
        var result = Mesh.Rules.Compilation.SnapshotCompiler.Compile(bundle.Rules, Bookinfo(), "v1", new FixedTime(Now));

        Assert.Equal(PeerAuthenticationMode.Strict, result.Host("reviews").Inbound.ModeFor(8080));
    }

    [Fact]
    public void Compile_RemoteIpBlocks_CarriedIntoSnapshot()
    {
        var reviews = Compile("""
            authorization_policy "office" {
              selector = { service = "reviews" }
              rule {
                from {
                  remote_ip_blocks     = ["192.0.2.0/24"]
                  not_remote_ip_blocks = ["192.0.2.9"]
                }
              }
            }
            """).Host("reviews").Inbound;

        var source = reviews.Policies.Single().Rules.Single().From.Single();
        Assert.Equal(["192.0.2.0/24"], source.RemoteIpBlocks);
        Assert.Equal(["192.0.2.9"], source.NotRemoteIpBlocks);
    }
}
