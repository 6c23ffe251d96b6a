using System.Diagnostics.CodeAnalysis;

namespace Mesh.Identity;

/// <summary>
/// A workload identity in the mesh's SPIFFE form <c>spiffe://&lt;trust-domain&gt;/ns/&lt;namespace&gt;/svc/&lt;service&gt;</c>.
/// </summary>
public sealed record SpiffeId
{
    private const string Scheme = "spiffe://";

    /// <summary>Creates an id; each part must be non-empty and free of '/'.</summary>
    public SpiffeId(string trustDomain, string @namespace, string service)
    {
        if (!IsValidTrustDomain(trustDomain))
        {
            throw new ArgumentException($"'{trustDomain}' is not a valid trust domain (lower-case letters, digits, '.', '-', '_').", nameof(trustDomain));
        }

        if (!IsValidSegment(@namespace))
        {
            throw new ArgumentException($"'{@namespace}' is not a valid namespace.", nameof(@namespace));
        }

        if (!IsValidSegment(service))
        {
            throw new ArgumentException($"'{service}' is not a valid service name.", nameof(service));
        }

        TrustDomain = trustDomain;
        Namespace = @namespace;
        Service = service;
    }

    /// <summary>The trust domain, for example <c>mesh.local</c>.</summary>
    public string TrustDomain { get; }

    /// <summary>The namespace, for example <c>default</c>.</summary>
    public string Namespace { get; }

    /// <summary>The service name.</summary>
    public string Service { get; }

    /// <summary>Parses <c>spiffe://td/ns/x/svc/y</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static SpiffeId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a mesh SPIFFE id (spiffe://<trust-domain>/ns/<namespace>/svc/<service>).");

    /// <summary>Parses <c>spiffe://td/ns/x/svc/y</c> without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        if (value is null || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = value[Scheme.Length..].Split('/');
        if (parts.Length != 5 || parts[1] != "ns" || parts[3] != "svc")
        {
            return false;
        }

        var trustDomain = parts[0].ToLowerInvariant();
        if (!IsValidTrustDomain(trustDomain) || !IsValidSegment(parts[2]) || !IsValidSegment(parts[4]))
        {
            return false;
        }

        id = new SpiffeId(trustDomain, parts[2], parts[4]);
        return true;
    }

    /// <summary>
    /// Whether this id matches a policy principal: <c>*</c>; a full <c>spiffe://</c> URI; or the short
    /// <c>&lt;namespace&gt;/&lt;service&gt;</c> form; each may carry one <c>*</c> as a prefix or a suffix (or both).
    /// </summary>
    public bool Matches(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        pattern = pattern.Trim();
        if (pattern == "*")
        {
            return true;
        }

        var subject = pattern.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? ToString() : Namespace + "/" + Service;
        if (pattern.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            pattern = Scheme + pattern[Scheme.Length..];
        }

        var leading = pattern.StartsWith('*');
        var trailing = pattern.Length > 1 && pattern.EndsWith('*');
        var core = pattern[(leading ? 1 : 0)..(pattern.Length - (trailing ? 1 : 0))];
        if (core.Contains('*', StringComparison.Ordinal))
        {
            return false;
        }

        return (leading, trailing) switch
        {
            (true, true) => subject.Contains(core, StringComparison.Ordinal),
            (true, false) => subject.EndsWith(core, StringComparison.Ordinal),
            (false, true) => subject.StartsWith(core, StringComparison.Ordinal),
            _ => string.Equals(subject, core, StringComparison.Ordinal),
        };
    }

    /// <summary>The id as a URI.</summary>
    public Uri ToUri() => new(ToString(), UriKind.Absolute);

    /// <inheritdoc />
    public override string ToString() => $"{Scheme}{TrustDomain}/ns/{Namespace}/svc/{Service}";

    private static bool IsValidTrustDomain(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_');

    private static bool IsValidSegment(string? value) =>
        !string.IsNullOrEmpty(value) && value is not ("." or "..")
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
