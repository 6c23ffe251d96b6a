namespace Mesh.Controller.Hosting;

/// <summary>
/// Cuts this controller off from Consul (tests simulate a crash: the leader's session is neither renewed nor
/// released, and nothing more is written).
/// </summary>
internal sealed class ConsulCutoff
{
    private volatile bool _cut;

    /// <summary>True once <see cref="Cut"/> was called.</summary>
    public bool IsCut => _cut;

    /// <summary>Fails every later Consul request.</summary>
    public void Cut() => _cut = true;
}
