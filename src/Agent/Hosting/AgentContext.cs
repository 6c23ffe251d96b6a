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
    ILoggerFactory LoggerFactory,
    TimeProvider Time);
