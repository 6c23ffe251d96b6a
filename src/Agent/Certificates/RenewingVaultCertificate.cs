namespace Mesh.Agent.Certificates;

/// <summary>
/// One certificate from <see cref="VaultCertificateIssuer"/> and its renewals: <see cref="Current"/> is replaced at
/// each renewal. Dispose to stop renewing.
/// </summary>
internal sealed class RenewingVaultCertificate : IDisposable
{
    private VaultSignedCertificate _current;

    public RenewingVaultCertificate(string credentialName, VaultCertificateSubject subject, VaultSignedCertificate first, CancellationTokenSource renewals)
    {
        CredentialName = credentialName;
        Subject = subject;
        _current = first;
        Renewals = renewals;
    }

    /// <summary>The <c>credential_name</c> as written in the rule.</summary>
    public string CredentialName { get; }

    /// <summary>What the certificate names.</summary>
    public VaultCertificateSubject Subject { get; }

    /// <summary>The latest certificate.</summary>
    public VaultSignedCertificate Current
    {
        get => Volatile.Read(ref _current);
        internal set => Volatile.Write(ref _current, value);
    }

    /// <summary>Cancelled to stop the renewals.</summary>
    internal CancellationTokenSource Renewals { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Renewals.Cancel();
        Renewals.Dispose();
    }
}
