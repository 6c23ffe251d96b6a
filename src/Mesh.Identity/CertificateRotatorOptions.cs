namespace Mesh.Identity;

/// <summary>How a <see cref="CertificateRotator"/> asks for and renews certificates.</summary>
public sealed class CertificateRotatorOptions
{
    /// <summary>The lifetime asked of the provider (default 24 h).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The renewal point is half the lifetime, moved by up to this fraction of it either way (default 0.1).</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>The first delay before retrying a failed renewal (default 1 s); it doubles with each failure.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between retries (default 5 min).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
