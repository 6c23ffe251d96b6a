using Mesh.Hcl.Diagnostics;
using Mesh.Snapshots.Clusters;

namespace Mesh.Rules.Tests;

/// <summary>A destination rule's <c>tls</c> block: validation of its files and credential, and what the snapshot carries.</summary>
public sealed class DestinationTlsTests
{
    private static string Rule(string tls) => $$"""
        destination_rule "r" {
          host = "reviews"
          traffic_policy {
            tls {
        {{tls}}
            }
          }
        }

        """;

    [Fact]
    public void Validate_RelativeCaPath_MESH0211OnThatLine()
    {
        var found = TestFiles.Check(Rule("""
                  mode = "simple"
                  ca_certificates = "certs/ca.pem"
            """));

        var hit = Assert.Single(found, d => d.Code == "MESH0211");
        Assert.Equal(DiagnosticSeverity.Error, hit.Severity);
        Assert.Equal(6, hit.Subject!.Value.Start.Line);
        Assert.Contains("certs/ca.pem", hit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertificateWithoutKey_MESH0211()
    {
        var found = TestFiles.Check(Rule("""
                  mode = "mutual"
                  client_certificate = "/etc/mesh/client.pem"
            """));

        Assert.Contains(found, d => d.Code == "MESH0211" && d.Detail.Contains("private_key", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MutualWithoutClientCertificate_MESH0211()
    {
        var found = TestFiles.Check(Rule("""
                  mode = "mutual"
            """));

        Assert.Contains(found, d => d.Code == "MESH0211" && d.Summary.Contains("Mutual", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pki/roles/client")]
    [InlineData("vault:pki/client")]
    [InlineData("vault:pki/roles/")]
    [InlineData("vault:pki/roles/a/b")]
    public void Validate_CredentialNameNotAVaultRole_MESH0212OnItsLine(string credential)
    {
        var found = TestFiles.Check(Rule($$"""
                  mode = "mutual"
                  credential_name = "{{credential}}"
            """));

        var hit = Assert.Single(found, d => d.Code == "MESH0212");
        Assert.Equal(DiagnosticSeverity.Error, hit.Severity);
        Assert.Equal(6, hit.Subject!.Value.Start.Line);
        Assert.Contains("credential_name", hit.Detail, StringComparison.Ordinal);
        Assert.Contains("vault:<mount>/roles/<role>", hit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CredentialNameWithClientCertificateFiles_MESH0212()
    {
        var found = TestFiles.Check(Rule("""
                  mode = "mutual"
                  credential_name = "vault:pki/roles/client"
                  client_certificate = "/etc/mesh/client.pem"
                  private_key = "/etc/mesh/client.key"
            """));

        var hit = Assert.Single(found, d => d.Code == "MESH0212");
        Assert.Contains("client_certificate", hit.Detail, StringComparison.Ordinal);
        Assert.Equal(6, hit.Subject!.Value.Start.Line);
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("mesh_mutual")]
    public void Validate_CredentialNameWithoutModeMutual_MESH0212(string mode)
    {
        var found = TestFiles.Check(Rule($$"""
                  mode = "{{mode}}"
                  credential_name = "vault:pki/roles/client"
            """));

        var hit = Assert.Single(found, d => d.Code == "MESH0212");
        Assert.Contains("mode = \"mutual\"", hit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MutualWithVaultCredentialAndCa_NoFinding()
    {
        var found = TestFiles.Check(Rule("""
                  mode = "mutual"
                  credential_name = "vault:pki_int/issuers/roles/payments-client"
                  ca_certificates = "/etc/mesh/ca.pem"
            """));

        Assert.DoesNotContain(found, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Compile_CredentialName_SnapshotCarriesIt()
    {
        var result = CompilationFixtures.Compile(Rule("""
                  mode = "mutual"
                  credential_name = "vault:pki/roles/client"
            """));

        var tls = result.Host("reviews").Clusters.Single(c => c.Host == "reviews").TrafficPolicy!.Tls!;
        Assert.Equal((TlsMode.Mutual, "vault:pki/roles/client"), (tls.Mode, tls.CredentialName));
        Assert.Null(tls.ClientCertificate);
    }

    [Fact]
    public void Validate_CompleteMutualBlock_NoFinding()
    {
        var found = TestFiles.Check(Rule("""
                  mode = "mutual"
                  client_certificate = "/etc/mesh/client.pem"
                  private_key = "/etc/mesh/client.key"
                  ca_certificates = "/etc/mesh/ca.pem"
                  subject_alt_names = ["reviews.example.com"]
                  sni = "reviews.example.com"
            """));

        Assert.DoesNotContain(found, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Compile_TlsBlock_SnapshotCarriesEveryField()
    {
        var result = CompilationFixtures.Compile(Rule("""
                  mode = "mutual"
                  client_certificate = "/etc/mesh/client.pem"
                  private_key = "/etc/mesh/client.key"
                  ca_certificates = "/etc/mesh/ca.pem"
                  subject_alt_names = ["reviews.example.com"]
                  sni = "reviews.example.com"
                  insecure_skip_verify = true
            """));

        var tls = result.Host("reviews").Clusters.Single(c => c.Host == "reviews").TrafficPolicy!.Tls!;
        Assert.Equal(TlsMode.Mutual, tls.Mode);
        Assert.Equal(("/etc/mesh/client.pem", "/etc/mesh/client.key", "/etc/mesh/ca.pem"), (tls.ClientCertificate, tls.PrivateKey, tls.CaCertificates));
        Assert.Equal("reviews.example.com", tls.Sni);
        Assert.Equal(["reviews.example.com"], tls.SubjectAltNames);
        Assert.True(tls.InsecureSkipVerify);
    }
}
