using System.Diagnostics.Metrics;

namespace Mesh.Controller.Metrics;

/// <summary>
/// The controller's own metrics, exported on its admin <c>/metrics</c>: <c>mesh_controller_compile_duration_seconds</c>,
/// <c>mesh_controller_snapshot_writes_total</c> (label <c>op</c>: set or delete),
/// <c>mesh_controller_snapshots_unchanged_total</c>, <c>mesh_controller_proxy_convergence_seconds</c> (from a snapshot
/// being written to a proxy reporting it applied) and <c>mesh_controller_leader</c>.
/// </summary>
internal sealed class ControllerMetrics
{
    /// <summary>The meter's name; the admin endpoint exports every meter starting with <c>Mesh</c>.</summary>
    public const string MeterName = "Mesh.Controller";

    private static readonly double[] SecondBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Histogram<double> _compileDuration;
    private readonly Counter<long> _snapshotWrites;
    private readonly Counter<long> _snapshotsUnchanged;
    private readonly Histogram<double> _convergence;

    public ControllerMetrics(IMeterFactory meterFactory, Func<bool> isLeader)
    {
        var meter = meterFactory.Create(MeterName);
        _compileDuration = meter.CreateHistogram("mesh.controller.compile.duration", unit: "s",
            description: "Time to compile desired state and catalog into snapshots and write them.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondBuckets });
        _snapshotWrites = meter.CreateCounter<long>("mesh.controller.snapshot.writes", description: "Snapshot keys written or deleted under mesh/compiled/.");
        _snapshotsUnchanged = meter.CreateCounter<long>("mesh.controller.snapshots.unchanged", description: "Compiled snapshots left in place because their content did not change.");
        _convergence = meter.CreateHistogram("mesh.controller.proxy.convergence", unit: "s",
            description: "Time from a snapshot being written to a proxy reporting it applied.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondBuckets });
        meter.CreateObservableGauge("mesh.controller.leader", () => isLeader() ? 1 : 0, description: "1 while this controller instance leads and compiles.");
    }

    /// <summary>Records one compile pass; <paramref name="accepted"/> is false when the rules failed to compile.</summary>
    public void RecordCompile(TimeSpan duration, bool accepted) =>
        _compileDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("result", accepted ? "ok" : "failed"));

    /// <summary>Records the snapshot keys a compile pass changed and left alone.</summary>
    public void RecordSnapshotWrites(int set, int deleted, int unchanged)
    {
        if (set > 0)
        {
            _snapshotWrites.Add(set, new KeyValuePair<string, object?>("op", "set"));
        }

        if (deleted > 0)
        {
            _snapshotWrites.Add(deleted, new KeyValuePair<string, object?>("op", "delete"));
        }

        if (unchanged > 0)
        {
            _snapshotsUnchanged.Add(unchanged);
        }
    }

    /// <summary>Records how long one proxy took to apply a snapshot version.</summary>
    public void RecordConvergence(TimeSpan delay) => _convergence.Record(Math.Max(0, delay.TotalSeconds));
}
