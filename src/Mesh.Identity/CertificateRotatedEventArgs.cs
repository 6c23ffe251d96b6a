namespace Mesh.Identity;

/// <summary>A new certificate replaced the previous one.</summary>
public sealed class CertificateRotatedEventArgs(WorkloadCertificate? previous, WorkloadCertificate current) : EventArgs
{
    /// <summary>The certificate that was in use before (null for the first one).</summary>
    public WorkloadCertificate? Previous { get; } = previous;

    /// <summary>The certificate now in use.</summary>
    public WorkloadCertificate Current { get; } = current;
}
