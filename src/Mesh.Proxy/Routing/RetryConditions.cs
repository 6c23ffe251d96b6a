namespace Mesh.Proxy.Routing;

/// <summary>The <c>retry_on</c> conditions Envoy understands, as flags.</summary>
[Flags]
internal enum RetryConditions
{
    None = 0,
    ServerError = 1,
    GatewayError = 2,
    ConnectFailure = 4,
    Reset = 8,
    Retriable4xx = 16,
    RefusedStream = 32,
    RetriableStatusCodes = 64,
    GrpcCancelled = 128,
    GrpcDeadlineExceeded = 256,
    GrpcInternal = 512,
    GrpcResourceExhausted = 1024,
    GrpcUnavailable = 2048,
}
