namespace Mesh.Proxy.Forwarding;

/// <summary>
/// A request feature the host of the proxy sets to choose the reply when the route table has no entry for the request's
/// host (by default 404 "no route for host"): a sidecar refusing a host under <c>registry_only</c> answers 502 with the
/// policy's explanation, as Istio's BlackHoleCluster does. The request is still flagged <c>NR</c> and observed.
/// </summary>
/// <param name="StatusCode">The status of the reply.</param>
/// <param name="Message">The plain-text body of the reply.</param>
public sealed record NoRouteReply(int StatusCode, string Message);
