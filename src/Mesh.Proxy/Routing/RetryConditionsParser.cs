namespace Mesh.Proxy.Routing;

/// <summary>Parses Envoy/Istio <c>retry_on</c> names; unknown names are ignored (validation reports them).</summary>
internal static class RetryConditionsParser
{
    /// <summary>Parses the list.</summary>
    public static RetryConditions Parse(IReadOnlyList<string> names)
    {
        var result = RetryConditions.None;
        for (var i = 0; i < names.Count; i++)
        {
            result |= names[i].Trim() switch
            {
                "5xx" => RetryConditions.ServerError,
                "gateway-error" => RetryConditions.GatewayError,
                "connect-failure" => RetryConditions.ConnectFailure,
                "reset" => RetryConditions.Reset,
                "retriable-4xx" => RetryConditions.Retriable4xx,
                "refused-stream" => RetryConditions.RefusedStream,
                "retriable-status-codes" => RetryConditions.RetriableStatusCodes,
                _ => RetryConditions.None,
            };
        }

        return result;
    }
}
