namespace Mesh.Consul.Watch;

/// <summary>How a <see cref="ConsulWatch{T}"/> blocks and backs off.</summary>
public sealed class ConsulWatchOptions
{
    /// <summary>The <c>wait</c> of each blocking query; default 5 minutes (Consul's default; max 10).</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The read consistency mode.</summary>
    public ConsistencyMode Consistency { get; init; }

    /// <summary>The backoff after the first consecutive error; default 1 second, doubled per further error.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest backoff; default 30 seconds.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The source of jitter (each delay is drawn between half and all of the backoff); <see cref="Random.Shared"/> when null.</summary>
    public Random? Random { get; init; }
}
