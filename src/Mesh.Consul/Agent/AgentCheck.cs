using System.Text.Json.Serialization;
using Mesh.Consul.Http;

namespace Mesh.Consul.Agent;

/// <summary>A health check registered with a service (one of HTTP, TCP or TTL).</summary>
public sealed class AgentCheck
{
    /// <summary>The check's id (defaults to the name on the agent).</summary>
    public string? CheckID { get; init; }

    /// <summary>The check's name.</summary>
    public string? Name { get; init; }

    /// <summary>A URL the agent GETs every <see cref="Interval"/>; 2xx is passing, 429 warning, anything else critical.</summary>
#pragma warning disable CA1056 // Consul's field is a string URL.
    public string? HTTP { get; init; }
#pragma warning restore CA1056

    /// <summary>A <c>host:port</c> the agent connects to every <see cref="Interval"/>.</summary>
    public string? TCP { get; init; }

    /// <summary>A TTL check: turns critical unless updated within this time.</summary>
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? TTL { get; init; }

    /// <summary>How often HTTP and TCP checks run.</summary>
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Interval { get; init; }

    /// <summary>The timeout of one HTTP or TCP check.</summary>
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? Timeout { get; init; }

    /// <summary>The initial status: <c>passing</c>, <c>warning</c> or <c>critical</c> (Consul's default).</summary>
    public string? Status { get; init; }

    /// <summary>Deregisters the service after the check has been critical this long.</summary>
    [JsonConverter(typeof(GoDurationConverter))]
    public TimeSpan? DeregisterCriticalServiceAfter { get; init; }

    /// <summary>Free-form notes.</summary>
    public string? Notes { get; init; }
}
