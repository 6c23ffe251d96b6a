using Mesh.Proxy.Routing;

namespace Mesh.Proxy.Forwarding;

/// <summary>Which outcomes a <c>retry_on</c> set retries.</summary>
internal static class RetryDecision
{
    /// <summary>True when an upstream status (and gRPC status of a trailers-only response, -1 if none) is retriable.</summary>
    public static bool ShouldRetryStatus(CompiledRetry retry, int status, int grpcStatus = -1)
    {
        var on = retry.Conditions;
        if (((on & RetryConditions.ServerError) != 0 && status >= 500)
            || ((on & RetryConditions.GatewayError) != 0 && status is 502 or 503 or 504)
            || ((on & RetryConditions.Retriable4xx) != 0 && status == 409)
            || ((on & RetryConditions.RetriableStatusCodes) != 0 && Array.IndexOf(retry.StatusCodes, status) >= 0))
        {
            return true;
        }

        return grpcStatus switch
        {
            1 => (on & RetryConditions.GrpcCancelled) != 0,
            4 => (on & RetryConditions.GrpcDeadlineExceeded) != 0,
            8 => (on & RetryConditions.GrpcResourceExhausted) != 0,
            13 => (on & RetryConditions.GrpcInternal) != 0,
            14 => (on & RetryConditions.GrpcUnavailable) != 0,
            _ => false,
        };
    }

    /// <summary>True when a failure without a response is retriable.</summary>
    public static bool ShouldRetryFailure(RetryConditions on, bool connectFailure, bool timedOut) =>
        connectFailure
            ? (on & (RetryConditions.ConnectFailure | RetryConditions.ServerError | RetryConditions.GatewayError | RetryConditions.RefusedStream)) != 0
            : timedOut
                ? (on & (RetryConditions.ServerError | RetryConditions.GatewayError)) != 0
                : (on & (RetryConditions.Reset | RetryConditions.ServerError | RetryConditions.GatewayError)) != 0;
}
