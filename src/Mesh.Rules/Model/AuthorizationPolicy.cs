namespace Mesh.Rules.Model;

/// <summary>Access control for workloads.</summary>
public sealed record AuthorizationPolicy : Resource
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.AuthorizationPolicy;

    /// <summary>Labels of the workloads; empty means all.</summary>
    public ValueDictionary<string> Selector { get; init; } = ValueDictionary<string>.Empty;

    /// <summary>What to do with matching requests (allow by default).</summary>
    public AuthorizationAction? Action { get; init; }

    /// <summary>The external authorizer (action custom).</summary>
    public string? Provider { get; init; }

    /// <summary>The rules (<c>rule</c> blocks); a request matches when any rule matches.</summary>
    public ValueList<AuthorizationRule> Rules { get; init; } = ValueList<AuthorizationRule>.Empty;
}
