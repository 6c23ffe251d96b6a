namespace Mesh.Bench.Apply;

/// <summary>Compile time for one rule count: <see cref="ValidateMs"/> is one evaluation of the bundle, <see cref="Compile"/> the compiler alone.</summary>
internal sealed record CompileResult(int Resources, int Services, int Snapshots, double ValidateMs, Percentiles Compile);
