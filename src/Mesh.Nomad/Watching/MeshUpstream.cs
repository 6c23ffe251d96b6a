namespace Mesh.Nomad.Watching;

/// <summary>An upstream a meshed task declared: the service it calls and the local port it calls it on.</summary>
/// <param name="ServiceName">The upstream service's name in the mesh.</param>
/// <param name="LocalPort">The loopback port the agent listens on for the task (NOMAD_UPSTREAM_PORT_&lt;name&gt;).</param>
public sealed record MeshUpstream(string ServiceName, int LocalPort);
