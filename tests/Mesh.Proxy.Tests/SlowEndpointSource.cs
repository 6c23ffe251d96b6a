using Mesh.Proxy.Endpoints;

namespace Mesh.Proxy.Tests;

/// <summary>A <see cref="StaticEndpointSource"/> whose next read, once armed, blocks its caller for a while.</summary>
internal sealed class SlowEndpointSource(StaticEndpointSource inner) : IEndpointSource
{
    private readonly TaskCompletionSource _slowReadStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _delayTicks;

    public event Action<string>? EndpointsChanged
    {
        add => inner.EndpointsChanged += value;
        remove => inner.EndpointsChanged -= value;
    }

    /// <summary>Completes when the slowed-down read began.</summary>
    public Task SlowReadStarted => _slowReadStarted.Task;

    /// <summary>Makes the next read take <paramref name="delay"/>.</summary>
    public void SlowDownNextRead(TimeSpan delay) => Interlocked.Exchange(ref _delayTicks, delay.Ticks);

    public IReadOnlyList<UpstreamEndpoint> GetEndpoints(string host)
    {
        var delay = Interlocked.Exchange(ref _delayTicks, 0);
        if (delay > 0)
        {
            _slowReadStarted.TrySetResult();
            Thread.Sleep(TimeSpan.FromTicks(delay));
        }

        return inner.GetEndpoints(host);
    }
}
