namespace Mesh.DevCatalog.Catalog;

/// <summary>A check as registered with a service (<c>Check</c> / <c>Checks</c> of <c>/v1/agent/service/register</c>).</summary>
internal sealed class CheckDefinition
{
    /// <summary>Check id; defaults to <c>service:&lt;service id&gt;</c> (with <c>:n</c> when several).</summary>
    public string? CheckID { get; set; }

    /// <summary>Alias of <see cref="CheckID"/> accepted by Consul.</summary>
    public string? ID { get; set; }

    /// <summary>Display name; defaults to <c>Service '&lt;name&gt;' check</c>.</summary>
    public string? Name { get; set; }

    /// <summary>URL probed with an HTTP request.</summary>
    public string? HTTP { get; set; }

    /// <summary>HTTP method, GET by default.</summary>
    public string? Method { get; set; }

    /// <summary>HTTP request headers.</summary>
    public Dictionary<string, string[]>? Header { get; set; }

    /// <summary>host:port probed with a TCP connect.</summary>
    public string? TCP { get; set; }

    /// <summary>TTL (Go duration) for a TTL check.</summary>
    public string? TTL { get; set; }

    /// <summary>Probe interval (Go duration).</summary>
    public string? Interval { get; set; }

    /// <summary>Probe timeout (Go duration), 10s by default.</summary>
    public string? Timeout { get; set; }

    /// <summary>Free-form notes.</summary>
    public string? Notes { get; set; }

    /// <summary>Initial status; critical by default.</summary>
    public string? Status { get; set; }

    /// <summary>Deregister the service after the check has been critical this long (Go duration).</summary>
    public string? DeregisterCriticalServiceAfter { get; set; }

    /// <summary>Consecutive successes needed before passing.</summary>
    public int SuccessBeforePassing { get; set; }

    /// <summary>Consecutive failures needed before critical.</summary>
    public int FailuresBeforeCritical { get; set; }
}
