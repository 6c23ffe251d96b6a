using Mesh.Proxy.Routing;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Proxy.Forwarding;

/// <summary>
/// Per-attempt transform: host and URI rewrites, header mutations, and holding back a retriable
/// upstream response so the next attempt can replace it.
/// </summary>
internal sealed class MeshTransformer(CompiledRoute route, RouteMatcher? matcher, RouteDestination destination, bool mayRetry) : HttpTransformer
{
    /// <summary>Upstream status code, 0 when no response arrived.</summary>
    public int UpstreamStatus { get; private set; }

    /// <summary>The <c>grpc-status</c> of a trailers-only response (a header), -1 when absent.</summary>
    public int UpstreamGrpcStatus { get; private set; } = -1;

    /// <summary>True when the response was withheld for a retry.</summary>
    public bool Withheld { get; private set; }

    /// <inheritdoc />
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var request = httpContext.Request;
        var rewrite = route.Source.Rewrite;

        // Envoy keeps the caller's Host (authority) unless a rewrite replaces it.
        proxyRequest.Headers.Host = rewrite?.Authority ?? request.Host.Value;

        var newPath = RewritePath(request.Path.Value ?? "/", rewrite);
        if (newPath is not null)
        {
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString(newPath), request.QueryString);
        }

        HeaderMutations.Apply(route.Source.Headers?.Request, proxyRequest);
        HeaderMutations.Apply(destination.Headers?.Request, proxyRequest);
    }

    /// <inheritdoc />
    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        }

        UpstreamStatus = (int)proxyResponse.StatusCode;
        UpstreamGrpcStatus = ReadGrpcStatus(proxyResponse);
        if (mayRetry && RetryDecision.ShouldRetryStatus(route.Retry, UpstreamStatus, UpstreamGrpcStatus))
        {
            Withheld = true;
            return false;
        }

        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        HeaderMutations.Apply(route.Source.Headers?.Response, httpContext.Response);
        HeaderMutations.Apply(destination.Headers?.Response, httpContext.Response);
        return copy;
    }

    // gRPC answers immediate errors "trailers-only": grpc-status arrives with the headers, which is what Envoy's
    // retry policy inspects (a status in real trailers comes after the body and can no longer be retried).
    private static int ReadGrpcStatus(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("grpc-status", out var values))
        {
            foreach (var value in values)
            {
                if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
                {
                    return code;
                }
            }
        }

        return -1;
    }

    private string? RewritePath(string path, HttpRewrite? rewrite)
    {
        if (rewrite is null)
        {
            return null;
        }

        if (route.UriRegexRewrite is { } regex && rewrite.UriRegexRewrite is { } regexRewrite)
        {
            return regex.Replace(path, regexRewrite.Rewrite);
        }

        if (rewrite.Uri is not { } uri)
        {
            return null;
        }

        // Istio replaces the matched prefix; with an exact or regex match it replaces the whole path.
        if (matcher?.Uri?.Prefix is { } prefix && path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return uri + path[prefix.Length..];
        }

        return uri;
    }
}
