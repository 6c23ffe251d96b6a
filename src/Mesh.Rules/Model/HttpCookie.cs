namespace Mesh.Rules.Model;

/// <summary>A hash cookie (<c>http_cookie</c> block).</summary>
public sealed record HttpCookie
{
    /// <summary>The cookie name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The cookie path.</summary>
    public string? Path { get; init; }

    /// <summary>The cookie lifetime; the proxy sets the cookie when it is missing.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
