namespace Mesh.ControllerApi;

/// <summary>Traffic from one service to another over the last reporting window, summed over nodes and versions.</summary>
/// <param name="Source">The calling service.</param>
/// <param name="Destination">The called service.</param>
/// <param name="Rps">Requests per second.</param>
/// <param name="ErrorRate">Failed requests in percent of all requests (0 when there were none).</param>
/// <param name="LatencyMs">Mean request duration in milliseconds (0 when there were no requests).</param>
public sealed record GraphEdge(string Source, string Destination, double Rps, double ErrorRate, double LatencyMs);
