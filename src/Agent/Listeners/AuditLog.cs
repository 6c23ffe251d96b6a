using Mesh.Hosting.Logging;

namespace Mesh.Agent.Listeners;

/// <summary>
/// The audit trail of inbound authorization: one structured event per request that was denied or that an
/// <c>audit</c> policy matched, on the dedicated logger category <see cref="Category"/> so operators can route it
/// apart from the rest (see docs/security.md). Allowed requests no audit policy matched write nothing; the
/// <c>Decision</c> field is <c>deny</c> for denied requests and <c>audit</c> for allowed ones an audit policy matched.
/// </summary>
internal sealed partial class AuditLog(ILoggerFactory loggerFactory, string service)
{
    /// <summary>The logger category of audit events.</summary>
    public const string Category = "Mesh.Audit";

    private static readonly Dictionary<string, object> AuditScope = new() { [MeshLogging.AuditProperty] = true };

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    /// <summary>Writes the event for a decision, when it needs one.</summary>
    public void Record(AuthorizationDecision decision, AuthorizationRequest request, string? requestId)
    {
        if ((decision.Allowed && decision.Audited.Count == 0) || !_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var policies = decision.Policy is { } p && !decision.Audited.Contains(p) ? [p, .. decision.Audited] : decision.Audited;
        var joined = string.Join(',', policies);
        var principal = request.Principal?.ToString() ?? "";
        var sourceIp = request.SourceIp?.ToString() ?? "";

        // The scope property keeps the older routing by property (MeshAudit = true) working.
        using var scope = _logger.BeginScope(AuditScope);
        LogDecision(
            _logger,
            decision.Allowed ? "audit" : "deny",
            joined,
            principal,
            sourceIp,
            service,
            request.Port,
            request.Method,
            request.Host,
            request.Path,
            requestId ?? "");
    }

    [LoggerMessage(EventId = 1, EventName = "AuthorizationAudit", Level = LogLevel.Information,
        Message = "authz decision={Decision} policies={Policies} source_principal={SourcePrincipal} source_ip={SourceIp} destination={DestinationService} port={Port} method={Method} host={Host} path={Path} request_id={RequestId}")]
    private static partial void LogDecision(
        ILogger logger, string decision, string policies, string sourcePrincipal, string sourceIp, string destinationService, int port, string method, string host, string path, string requestId);
}
