using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Mesh.Identity;

/// <summary>
/// The metrics of workload identity (meter <c>Mesh.Identity</c>): when each running rotator's certificate expires
/// (<c>mesh_certificate_expiry_timestamp_seconds</c>, tag <c>identity</c>) and how many renewals failed
/// (<c>mesh_certificate_renewal_failures_total</c>, tag <c>identity</c>).
/// </summary>
public static class IdentityMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Mesh.Identity";

    /// <summary>The gauge of certificate expiry (Unix seconds).</summary>
    public const string ExpiryTimestampName = "mesh_certificate_expiry_timestamp_seconds";

    /// <summary>The counter of failed renewals.</summary>
    public const string RenewalFailuresName = "mesh_certificate_renewal_failures_total";

    private static readonly ConcurrentDictionary<CertificateRotator, byte> Rotators = new();
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> RenewalFailures = Meter.CreateCounter<long>(
        RenewalFailuresName, unit: "{failure}", description: "Certificate renewals that failed (the current certificate stays in use).");

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1823", Justification = "Kept alive for the meter's listeners.")]
    private static readonly ObservableGauge<double> ExpiryTimestamp = Meter.CreateObservableGauge(
        ExpiryTimestampName, ObserveExpiry, unit: "s", description: "When the workload certificate in use expires, as Unix time.");

    internal static void Track(CertificateRotator rotator) => Rotators.TryAdd(rotator, 0);

    internal static void Untrack(CertificateRotator rotator) => Rotators.TryRemove(rotator, out _);

    internal static void RenewalFailed(SpiffeId id) =>
        RenewalFailures.Add(1, new KeyValuePair<string, object?>("identity", id.ToString()));

    private static IEnumerable<Measurement<double>> ObserveExpiry()
    {
        foreach (var rotator in Rotators.Keys)
        {
            if (rotator.TryGetCurrent(out var current))
            {
                yield return new Measurement<double>(
                    current.NotAfter.ToUnixTimeMilliseconds() / 1000.0,
                    new KeyValuePair<string, object?>("identity", current.Id.ToString()));
            }
        }
    }
}
