namespace Mesh.Bench.Apply;

/// <summary>Apply latency for one bundle size: the apply call, and from its return until every touched snapshot is in Consul KV.</summary>
internal sealed record ApplyResult(int Resources, int Services, int BundleBytes, Percentiles Apply, Percentiles Propagate, Percentiles Total);
