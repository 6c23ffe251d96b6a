namespace Mesh.Agent.Listeners;

/// <summary>The outcome of authorization: allowed or not, the deciding policy, and the audit policies that matched.</summary>
internal sealed record AuthorizationDecision(bool Allowed, string? Policy, IReadOnlyList<string> Audited);
