namespace Mesh.Nomad.Tests;

internal static class TestContext
{
    /// <summary>A generous bound for anything a test awaits, so a broken watcher fails instead of hanging.</summary>
    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;
}
