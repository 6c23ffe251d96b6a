using Mesh.Rules.Model;

namespace Mesh.Rules.Loading.Decoders;

/// <summary>Reads <c>http</c> route blocks.</summary>
internal static class HttpRouteDecoder
{
    public static HttpRoute Read(BodyReader r) => new()
    {
        Name = r.Label,
        Match = r.Blocks("match", ReadMatch),
        Route = r.Blocks("route", ReadDestination),
        Redirect = r.Block("redirect", ReadRedirect),
        Rewrite = r.Block("rewrite", ReadRewrite),
        Timeout = r.Duration("timeout"),
        Retries = r.Block("retries", ReadRetries),
        Fault = r.Block("fault", ReadFault),
        Mirror = r.Block("mirror", ReadMirror),
        Cors = r.Block("cors_policy", ReadCors),
        Headers = r.Block("headers", ReadHeaders),
        Ranges = r.Ranges,
    };

    private static HttpMatch ReadMatch(BodyReader r) => new()
    {
        Name = r.String("name"),
        Uri = r.Match("uri"),
        Scheme = r.Match("scheme"),
        Method = r.Match("method"),
        Authority = r.Match("authority"),
        Headers = r.MatchMap("headers"),
        QueryParams = r.MatchMap("query_params"),
        WithoutHeaders = r.MatchMap("without_headers"),
        Port = r.Int("port"),
        SourceLabels = r.StringMap("source_labels"),
        Gateways = r.Strings("gateways"),
        IgnoreUriCase = r.Bool("ignore_uri_case"),
        Ranges = r.Ranges,
    };

    private static HttpRouteDestination ReadDestination(BodyReader r) => new()
    {
        Destination = r.String("destination", required: true) ?? "",
        Subset = r.String("subset"),
        Port = r.Int("port"),
        Weight = r.Int("weight"),
        Headers = r.Block("headers", ReadHeaders),
        Ranges = r.Ranges,
    };

    public static HeaderOperations ReadHeaders(BodyReader r) => new()
    {
        Request = r.Block("request", ReadHeaderOperation),
        Response = r.Block("response", ReadHeaderOperation),
        Ranges = r.Ranges,
    };

    private static HeaderOperation ReadHeaderOperation(BodyReader r) => new()
    {
        Set = r.StringMap("set"),
        Add = r.StringMap("add"),
        Remove = r.Strings("remove"),
        Ranges = r.Ranges,
    };

    private static HttpRedirect ReadRedirect(BodyReader r) => new()
    {
        Uri = r.String("uri"),
        Authority = r.String("authority"),
        Port = r.Int("port"),
        Scheme = r.String("scheme"),
        RedirectCode = r.Int("redirect_code"),
        Ranges = r.Ranges,
    };

    private static HttpRewrite ReadRewrite(BodyReader r) => new()
    {
        Uri = r.String("uri"),
        Authority = r.String("authority"),
        Ranges = r.Ranges,
    };

    private static HttpRetry ReadRetries(BodyReader r) => new()
    {
        Attempts = r.Int("attempts"),
        PerTryTimeout = r.Duration("per_try_timeout"),
        RetryOn = r.Strings("retry_on"),
        RetryRemoteLocalities = r.Bool("retry_remote_localities"),
        Ranges = r.Ranges,
    };

    private static HttpFault ReadFault(BodyReader r) => new()
    {
        Delay = r.Block("delay", ReadDelay),
        Abort = r.Block("abort", ReadAbort),
        Ranges = r.Ranges,
    };

    private static FaultDelay ReadDelay(BodyReader r) => new()
    {
        Fixed = r.Duration("fixed", required: true),
        Percentage = r.Number("percentage"),
        Ranges = r.Ranges,
    };

    private static FaultAbort ReadAbort(BodyReader r) => new()
    {
        HttpStatus = r.Int("http_status"),
        GrpcStatus = r.String("grpc_status"),
        Percentage = r.Number("percentage"),
        Ranges = r.Ranges,
    };

    private static HttpMirror ReadMirror(BodyReader r) => new()
    {
        Destination = r.String("destination", required: true) ?? "",
        Subset = r.String("subset"),
        Port = r.Int("port"),
        Percentage = r.Number("percentage"),
        Ranges = r.Ranges,
    };

    private static CorsPolicy ReadCors(BodyReader r) => new()
    {
        AllowOrigins = r.Strings("allow_origins"),
        AllowOriginRegexes = r.Strings("allow_origin_regexes"),
        AllowMethods = r.Strings("allow_methods"),
        AllowHeaders = r.Strings("allow_headers"),
        ExposeHeaders = r.Strings("expose_headers"),
        MaxAge = r.Duration("max_age"),
        AllowCredentials = r.Bool("allow_credentials"),
        Ranges = r.Ranges,
    };
}
