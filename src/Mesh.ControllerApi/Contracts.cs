using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.ControllerApi;

/// <summary>One rules file as the operator wrote it; the controller parses and validates it itself.</summary>
/// <param name="Name">The file's path as the operator named it, used in diagnostics.</param>
/// <param name="Content">The file's text.</param>
public sealed record SourceFile(string Name, string Content);

/// <summary>An apply: a bundle of rule files with variable overrides.</summary>
public sealed record ApplyRequest
{
    /// <summary>The files of the bundle.</summary>
    public required IReadOnlyList<SourceFile> Files { get; init; }

    /// <summary><c>-var name=value</c> overrides, values as typed on the command line.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary><c>-var-file</c> overrides, in order.</summary>
    public IReadOnlyList<SourceFile> VariableFiles { get; init; } = [];

    /// <summary>Validate and plan without storing anything.</summary>
    public bool DryRun { get; init; }

    /// <summary>Delete stored resources the bundle does not contain.</summary>
    public bool Prune { get; init; }
}

/// <summary>What an apply did, or (dry run) would do.</summary>
public enum ChangeAction
{
    /// <summary>A new resource.</summary>
    [JsonStringEnumMemberName("create")]
    Create,

    /// <summary>A resource whose content changes.</summary>
    [JsonStringEnumMemberName("update")]
    Update,

    /// <summary>A resource stored exactly as given.</summary>
    [JsonStringEnumMemberName("unchanged")]
    Unchanged,

    /// <summary>A resource removed by prune or delete.</summary>
    [JsonStringEnumMemberName("delete")]
    Delete,
}

/// <summary>The effect of an apply on one resource.</summary>
/// <param name="Kind">The resource kind, e.g. <c>virtual_service</c>.</param>
/// <param name="Name">The resource name.</param>
/// <param name="Action">What happens to it.</param>
/// <param name="Before">The stored resource as HCL before the apply (updates and deletes).</param>
/// <param name="After">The resource as HCL after the apply (creates and updates).</param>
public sealed record ResourceChange(string Kind, string Name, ChangeAction Action, string? Before = null, string? After = null);

/// <summary>The answer to an apply.</summary>
/// <param name="Generation">The desired-state generation after the apply (unchanged for a dry run).</param>
/// <param name="Changes">Every resource of the bundle and every pruned one.</param>
/// <param name="Diagnostics">Warnings (an accepted apply has no errors).</param>
/// <param name="DryRun">True when nothing was stored.</param>
public sealed record ApplyResponse(long Generation, IReadOnlyList<ResourceChange> Changes, IReadOnlyList<DiagnosticDto> Diagnostics, bool DryRun);

/// <summary>A position in a source file, as HCL counts it.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column in grapheme clusters.</param>
/// <param name="Byte">0-based UTF-8 byte offset.</param>
public sealed record PositionDto(int Line, int Column, int Byte);

/// <summary>A range in a source file.</summary>
/// <param name="Filename">The file.</param>
/// <param name="Start">The first position.</param>
/// <param name="End">The position after the last.</param>
public sealed record RangeDto(string Filename, PositionDto Start, PositionDto End);

/// <summary>A diagnostic or validation finding, as <c>meshctl validate -o json</c> prints it.</summary>
/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
/// <param name="Summary">One line.</param>
/// <param name="Detail">The explanation.</param>
/// <param name="Code">The stable finding code (<c>MESH0101</c>) for rule findings; null for syntax errors.</param>
/// <param name="Suggestion">A suggested fix.</param>
/// <param name="Range">Where.</param>
public sealed record DiagnosticDto(string Severity, string Summary, string? Detail, string? Code, string? Suggestion, RangeDto? Range);

/// <summary>A stored resource.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name.</param>
/// <param name="Digest">The digest of its canonical JSON.</param>
/// <param name="Generation">The desired-state generation it was read at.</param>
/// <param name="Spec">The resource as canonical JSON.</param>
/// <param name="Hcl">The resource as HCL.</param>
/// <param name="Status">Acceptance and findings, when the leader has reported them.</param>
public sealed record ResourceView(string Kind, string Name, string Digest, long Generation, JsonElement Spec, string Hcl, ResourceStatusDto? Status)
{
    /// <summary>Who applied it: <c>rules_dir</c> for the controller's rules directory, null for the API.</summary>
    public string? Origin { get; init; }
}

/// <summary>What the controller concluded about one resource.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The name.</param>
/// <param name="Accepted">True when it compiled into snapshots.</param>
/// <param name="Findings">Validation findings against the live catalog and the other resources.</param>
/// <param name="Generation">The desired-state generation this status is for.</param>
public sealed record ResourceStatusDto(string Kind, string Name, bool Accepted, IReadOnlyList<DiagnosticDto> Findings, long Generation);

/// <summary>One proxy's sync state (Istio's proxy-status).</summary>
/// <param name="Node">The agent's node.</param>
/// <param name="Service">The meshed service (or gateway) the proxy serves.</param>
/// <param name="State"><c>synced</c>, <c>stale</c>, <c>rejected</c> or <c>unknown</c>.</param>
/// <param name="AppliedVersion">The snapshot version the proxy serves.</param>
/// <param name="ExpectedVersion">The version the controller compiled last.</param>
/// <param name="LagSeconds">How long the proxy has been behind, when it is.</param>
/// <param name="Error">Why the proxy rejected a snapshot.</param>
public sealed record ProxyStatusDto(string Node, string Service, string State, string? AppliedVersion, string? ExpectedVersion, double? LagSeconds, string? Error)
{
    /// <summary>When the proxy's workload certificate expires, when the agent reported it.</summary>
    public DateTimeOffset? CertificateNotAfter { get; init; }
}

/// <summary>The controller's view of the mesh.</summary>
/// <param name="Generation">The desired-state generation.</param>
/// <param name="Leader">The controller instance that compiles, when known.</param>
/// <param name="Resources">Every resource's status.</param>
/// <param name="Proxies">Every proxy that reported.</param>
public sealed record StatusResponse(long Generation, string? Leader, IReadOnlyList<ResourceStatusDto> Resources, IReadOnlyList<ProxyStatusDto> Proxies)
{
    /// <summary>The reconciliation of <c>rules_dir</c>, when the controller has one and its leader reported.</summary>
    public RulesDirStatus? RulesDir { get; init; }
}

/// <summary>The body of every error answer.</summary>
/// <param name="Error">What went wrong, for an operator.</param>
/// <param name="Diagnostics">The findings that made an apply invalid.</param>
public sealed record ErrorResponse(string Error, IReadOnlyList<DiagnosticDto>? Diagnostics = null);

/// <summary>An agent asks the controller's built-in CA to sign a workload key (the key never leaves the agent).</summary>
/// <param name="Csr">A PKCS#10 certificate signing request, PEM.</param>
/// <param name="Namespace">The workload's namespace (<c>default</c> unless the service says otherwise).</param>
/// <param name="Service">The workload's service name; the certificate names <c>spiffe://&lt;trust-domain&gt;/ns/&lt;ns&gt;/svc/&lt;service&gt;</c>.</param>
/// <param name="TtlSeconds">Requested lifetime; the controller caps it at its configured maximum.</param>
public sealed record CertificateSignRequest(string Csr, string Namespace, string Service, long TtlSeconds);

/// <summary>A signed workload certificate.</summary>
/// <param name="CertificatePem">The leaf certificate, PEM.</param>
/// <param name="ChainPem">Intermediates up to (not including) the root, PEM, possibly empty.</param>
/// <param name="SpiffeId">The identity the certificate carries.</param>
/// <param name="NotAfter">When the certificate expires.</param>
public sealed record CertificateSignResponse(string CertificatePem, string ChainPem, string SpiffeId, DateTimeOffset NotAfter);

/// <summary>The roots workloads must trust.</summary>
/// <param name="TrustDomain">The mesh's SPIFFE trust domain.</param>
/// <param name="RootsPem">Root certificates, PEM, current first.</param>
public sealed record TrustBundleResponse(string TrustDomain, IReadOnlyList<string> RootsPem);

/// <summary>Source-generated JSON for the controller API.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(ApplyRequest))]
[JsonSerializable(typeof(ApplyResponse))]
[JsonSerializable(typeof(IReadOnlyList<ResourceView>))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(CertificateSignRequest))]
[JsonSerializable(typeof(CertificateSignResponse))]
[JsonSerializable(typeof(TrustBundleResponse))]
[JsonSerializable(typeof(TrafficReport))]
[JsonSerializable(typeof(ProxyReport))]
[JsonSerializable(typeof(GraphResponse))]
[JsonSerializable(typeof(RulesDirStatus))]
public sealed partial class ControllerApiJsonContext : JsonSerializerContext;
