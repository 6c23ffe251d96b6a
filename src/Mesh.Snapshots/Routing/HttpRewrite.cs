namespace Mesh.Snapshots.Routing;

/// <summary>Rewrites applied to the forwarded request.</summary>
public sealed record HttpRewrite
{
    /// <summary>Replace the part of the path the <c>uri</c> match matched (its prefix, or the whole path for exact and regex matches) with this.</summary>
    public string? Uri { get; init; }

    /// <summary>Replace the authority (Host header) with this.</summary>
    public string? Authority { get; init; }

    /// <summary>Replace every match of a regular expression in the path.</summary>
    public RegexRewrite? UriRegexRewrite { get; init; }
}
