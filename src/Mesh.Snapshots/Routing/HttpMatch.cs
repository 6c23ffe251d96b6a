namespace Mesh.Snapshots.Routing;

/// <summary>Conditions that must all hold for a request to match (AND).</summary>
public sealed record HttpMatch
{
    /// <summary>Optional name of the match, appended to the route name in access logs.</summary>
    public string? Name { get; init; }

    /// <summary>Condition on the path (without query string).</summary>
    public StringMatch? Uri { get; init; }

    /// <summary>Condition on the scheme.</summary>
    public StringMatch? Scheme { get; init; }

    /// <summary>Condition on the method.</summary>
    public StringMatch? Method { get; init; }

    /// <summary>Condition on the <c>Host</c>/<c>:authority</c>.</summary>
    public StringMatch? Authority { get; init; }

    /// <summary>Conditions on request headers (names are case-insensitive); a match with no operator only requires presence.</summary>
    public IReadOnlyDictionary<string, StringMatch> Headers { get; init; } = EmptyMatches.Instance;

    /// <summary>Headers that must NOT match (a match with no operator means the header must be absent).</summary>
    public IReadOnlyDictionary<string, StringMatch> WithoutHeaders { get; init; } = EmptyMatches.Instance;

    /// <summary>Conditions on query parameters.</summary>
    public IReadOnlyDictionary<string, StringMatch> QueryParams { get; init; } = EmptyMatches.Instance;

    /// <summary>The port the client addressed; null matches any port.</summary>
    public int? Port { get; init; }

    /// <summary>Compare <see cref="Uri"/> case-insensitively.</summary>
    public bool IgnoreUriCase { get; init; }
}
