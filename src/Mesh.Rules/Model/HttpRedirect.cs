namespace Mesh.Rules.Model;

/// <summary>An HTTP redirect (<c>redirect</c> block).</summary>
public sealed record HttpRedirect
{
    /// <summary>The replacement path.</summary>
    public string? Uri { get; init; }

    /// <summary>The replacement authority.</summary>
    public string? Authority { get; init; }

    /// <summary>The replacement port.</summary>
    public int? Port { get; init; }

    /// <summary>The replacement scheme.</summary>
    public string? Scheme { get; init; }

    /// <summary>The status code, 301 by default.</summary>
    public int? RedirectCode { get; init; }

    /// <summary>Where the block and its attributes were written (not part of the value).</summary>
    public RangeMap Ranges { get; init; } = RangeMap.Empty;
}
