namespace Mesh.Rules.Model;

/// <summary>One set of conditions of an HTTP route (<c>match</c> block).</summary>
public sealed record HttpMatch
{
    /// <summary>A name for the match, for logs.</summary>
    public string? Name { get; init; }

    /// <summary>The path.</summary>
    public StringMatch? Uri { get; init; }

    /// <summary>The scheme.</summary>
    public StringMatch? Scheme { get; init; }

    /// <summary>The method.</summary>
    public StringMatch? Method { get; init; }

    /// <summary>The authority (host header).</summary>
    public StringMatch? Authority { get; init; }

    /// <summary>Header conditions by header name.</summary>
    public ValueDictionary<StringMatch> Headers { get; init; } = ValueDictionary<StringMatch>.Empty;

    /// <summary>Query parameter conditions.</summary>
    public ValueDictionary<StringMatch> QueryParams { get; init; } = ValueDictionary<StringMatch>.Empty;

    /// <summary>Headers that must not match.</summary>
    public ValueDictionary<StringMatch> WithoutHeaders { get; init; } = ValueDictionary<StringMatch>.Empty;

    /// <summary>The destination port.</summary>
    public int? Port { get; init; }

    /// <summary>Labels of the calling workload.</summary>
    public ValueDictionary<string> SourceLabels { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>Gateways the match is limited to.</summary>
    public ValueList<string> Gateways { get; init; } = ValueList<string>.Empty;

    /// <summary>Whether the path compares case-insensitively.</summary>
    public bool? IgnoreUriCase { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
