namespace Mesh.Consul.Tests;

/// <summary>A random source with a fixed <see cref="NextDouble"/>, to pin the jitter.</summary>
public sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
