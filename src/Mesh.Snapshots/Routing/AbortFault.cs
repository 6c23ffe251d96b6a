namespace Mesh.Snapshots.Routing;

/// <summary>Abort a share of the requests with an HTTP status or a gRPC status.</summary>
public sealed record AbortFault
{
    /// <summary>The HTTP status returned.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The gRPC status code returned (in <c>grpc-status</c>, with HTTP 200).</summary>
    public int? GrpcStatus { get; init; }

    /// <summary>Share of requests, 0 to 100 (fractions allowed).</summary>
    public double Percentage { get; init; } = 100;
}
