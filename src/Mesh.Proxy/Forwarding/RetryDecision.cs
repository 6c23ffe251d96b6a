using Mesh.Proxy.Routing;

namespace Mesh.Proxy.Forwarding;

/// <summary>Which outcomes a <c>retry_on</c> set retries.</summary>
internal static class RetryDecision
{
    /// <summary>True when an upstream status is retriable.</summary>
    public static bool ShouldRetryStatus(RetryConditions on, int status) =>
        ((on & RetryConditions.ServerError) != 0 && status >= 500)
        || ((on & RetryConditions.GatewayError) != 0 && status is 502 or 503 or 504)
        || ((on & RetryConditions.Retriable4xx) != 0 && status == 409);

    /// <summary>True when a failure without a response is retriable.</summary>
    public static bool ShouldRetryFailure(RetryConditions on, bool connectFailure, bool timedOut) =>
        connectFailure
            ? (on & (RetryConditions.ConnectFailure | RetryConditions.ServerError | RetryConditions.GatewayError | RetryConditions.RefusedStream)) != 0
            : timedOut
                ? (on & (RetryConditions.ServerError | RetryConditions.GatewayError)) != 0
                : (on & (RetryConditions.Reset | RetryConditions.ServerError | RetryConditions.GatewayError)) != 0;
}
