namespace Mesh.Vault;

/// <summary>The fields of <c>POST /v1/&lt;mount&gt;/sign/&lt;role&gt;</c>: the caller keeps the key and sends a CSR.</summary>
public sealed class PkiSignRequest : PkiIssueRequest
{
    /// <summary>The PEM-encoded PKCS#10 certificate signing request.</summary>
    public required string Csr { get; init; }
}
