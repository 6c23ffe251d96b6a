namespace Mesh.Rules.Model;

/// <summary>What an authorization policy does with matching requests.</summary>
public enum AuthorizationAction
{
    /// <summary><c>allow</c>.</summary>
    Allow,

    /// <summary><c>deny</c>.</summary>
    Deny,

    /// <summary><c>audit</c>.</summary>
    Audit,

    /// <summary><c>custom</c>.</summary>
    Custom,
}
