namespace Mesh.Snapshots.Routing;

/// <summary>Answer with a redirect; unset parts keep the request's own.</summary>
public sealed record HttpRedirect
{
    /// <summary>Replace the path (and query) with this.</summary>
    public string? Uri { get; init; }

    /// <summary>Replace the authority (host) with this.</summary>
    public string? Authority { get; init; }

    /// <summary>Replace the port.</summary>
    public int? Port { get; init; }

    /// <summary>Replace the scheme.</summary>
    public string? Scheme { get; init; }

    /// <summary>The redirect status; Istio's default is 301.</summary>
    public int RedirectCode { get; init; } = 301;
}
