using Mesh.Agent.Certificates;
using Mesh.Agent.Configuration;
using Mesh.Agent.Endpoints;
using Mesh.Agent.Reporting;
using Mesh.Agent.Snapshots;
using Mesh.Agent.State;
using Mesh.Consul;
using Mesh.Identity;

namespace Mesh.Agent.Hosting;

/// <summary>What every local service's runtime shares.</summary>
internal sealed record AgentContext(
    AgentOptions Options,
    string NodeName,
    string Version,
    ConsulClient Consul,
    LastKnownGoodStore Store,
    SnapshotManager Snapshots,
    ConsulEndpointSource Endpoints,
    ProxyStatusReporter Reporter,
    TrafficReporter Traffic,
    ICertificateProvider CertificateProvider,
    TrustBundle TrustBundle,
    ILoggerFactory LoggerFactory,
    TimeProvider Time)
{
    /// <summary>Tracing and access logs shared by every proxy of the agent.</summary>
    public AgentTelemetry Telemetry { get; init; } = AgentTelemetry.Disabled;
}
