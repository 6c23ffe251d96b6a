namespace Mesh.Snapshots.Security;

/// <summary>What an authorization policy does with the requests it matches.</summary>
public enum AuthorizationAction
{
    /// <summary>Allow matching requests; when any allow policy exists, requests no allow policy matches are denied.</summary>
    Allow,

    /// <summary>Deny matching requests; evaluated before allow policies.</summary>
    Deny,

    /// <summary>Only record an audit log line for matching requests; does not change the decision.</summary>
    Audit,
}
