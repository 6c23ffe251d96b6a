using System.Globalization;

namespace Mesh.Proxy.Routing;

/// <summary>Parses Envoy/Istio <c>retry_on</c> names; unknown names are ignored (validation reports them).</summary>
internal static class RetryConditionsParser
{
    /// <summary>Parses the list (names only; status numbers are read by <see cref="ParseStatusCodes"/>).</summary>
    public static RetryConditions Parse(IReadOnlyList<string> names)
    {
        var result = RetryConditions.None;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (IsStatusCode(name, out _))
            {
                // Istio turns listed codes into retriable-status-codes.
                result |= RetryConditions.RetriableStatusCodes;
                continue;
            }

            result |= name.ToLowerInvariant() switch
            {
                "5xx" => RetryConditions.ServerError,
                "gateway-error" => RetryConditions.GatewayError,
                "connect-failure" => RetryConditions.ConnectFailure,
                "reset" => RetryConditions.Reset,
                "retriable-4xx" => RetryConditions.Retriable4xx,
                "refused-stream" => RetryConditions.RefusedStream,
                "retriable-status-codes" => RetryConditions.RetriableStatusCodes,
                "cancelled" => RetryConditions.GrpcCancelled,
                "deadline-exceeded" => RetryConditions.GrpcDeadlineExceeded,
                "internal" => RetryConditions.GrpcInternal,
                "resource-exhausted" => RetryConditions.GrpcResourceExhausted,
                "unavailable" => RetryConditions.GrpcUnavailable,
                _ => RetryConditions.None,
            };
        }

        return result;
    }

    /// <summary>
    /// The HTTP status codes listed as numbers. When none are listed but <c>retriable-status-codes</c> is, the
    /// result is Istio's default list, 503.
    /// </summary>
    public static int[] ParseStatusCodes(IReadOnlyList<string> names)
    {
        var codes = new List<int>();
        var named = false;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (IsStatusCode(name, out var code))
            {
                if (!codes.Contains(code))
                {
                    codes.Add(code);
                }
            }
            else if (string.Equals(name, "retriable-status-codes", StringComparison.OrdinalIgnoreCase))
            {
                named = true;
            }
        }

        return codes.Count == 0 && named ? [503] : [.. codes];
    }

    private static bool IsStatusCode(string name, out int code) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code is >= 100 and <= 599;
}
