namespace Mesh.ControllerApi;

/// <summary>How the leader's reconciliation of <c>rules_dir</c> went (<c>GET /v1/status</c>, <c>rulesDir</c>).</summary>
/// <param name="Path">The directory.</param>
/// <param name="LastAppliedGeneration">The desired-state generation after the last successful reconcile; null before the first.</param>
/// <param name="LastAppliedHash">The content hash (SHA-256, hex) of the directory as last applied.</param>
/// <param name="LastError">Why the latest content was not applied (the first error as <c>file:line: summary</c>); null when it was.</param>
/// <param name="Diagnostics">Every finding of the latest content (errors reject it as a whole; warnings do not).</param>
/// <param name="UpdatedAt">When the leader last changed this status.</param>
public sealed record RulesDirStatus(
    string Path,
    long? LastAppliedGeneration,
    string? LastAppliedHash,
    string? LastError,
    IReadOnlyList<DiagnosticDto> Diagnostics,
    DateTimeOffset UpdatedAt);
