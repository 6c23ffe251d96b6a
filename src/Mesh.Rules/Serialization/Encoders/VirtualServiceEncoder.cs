using Mesh.Rules.Model;

namespace Mesh.Rules.Serialization.Encoders;

/// <summary>Writes virtual services.</summary>
internal static class VirtualServiceEncoder
{
    public static OutBody Write(VirtualService v) => new OutBody()
        .List("hosts", v.Hosts)
        .List("gateways", v.Gateways)
        .List("export_to", v.ExportTo)
        .Blocks("http", v.Http, WriteHttp, r => r.Name)
        .Blocks("tcp", v.Tcp, WriteTcp, r => r.Name);

    private static OutBody WriteHttp(HttpRoute r) => new OutBody()
        .Blocks("match", r.Match, m => new OutBody()
            .Attr("name", m.Name)
            .Match("uri", m.Uri)
            .Match("scheme", m.Scheme)
            .Match("method", m.Method)
            .Match("authority", m.Authority)
            .Matches("headers", m.Headers)
            .Matches("query_params", m.QueryParams)
            .Matches("without_headers", m.WithoutHeaders)
            .Attr("port", m.Port)
            .Map("source_labels", m.SourceLabels)
            .List("gateways", m.Gateways)
            .Attr("ignore_uri_case", m.IgnoreUriCase))
        .Blocks("route", r.Route, d => new OutBody()
            .Attr("destination", d.Destination)
            .Attr("subset", d.Subset)
            .Attr("port", d.Port)
            .Attr("weight", d.Weight)
            .Block("headers", d.Headers, WriteHeaders))
        .Block("redirect", r.Redirect, d => new OutBody()
            .Attr("uri", d.Uri)
            .Attr("authority", d.Authority)
            .Attr("port", d.Port)
            .Attr("scheme", d.Scheme)
            .Attr("redirect_code", d.RedirectCode))
        .Block("rewrite", r.Rewrite, w => new OutBody().Attr("uri", w.Uri).Attr("authority", w.Authority))
        .Attr("timeout", r.Timeout)
        .Block("retries", r.Retries, x => new OutBody()
            .Attr("attempts", x.Attempts)
            .Attr("per_try_timeout", x.PerTryTimeout)
            .List("retry_on", x.RetryOn)
            .Attr("retry_remote_localities", x.RetryRemoteLocalities))
        .Block("fault", r.Fault, f => new OutBody()
            .Block("delay", f.Delay, d => new OutBody().Attr("fixed", d.Fixed).Attr("percentage", d.Percentage))
            .Block("abort", f.Abort, a => new OutBody().Attr("http_status", a.HttpStatus).Attr("grpc_status", a.GrpcStatus).Attr("percentage", a.Percentage)))
        .Block("mirror", r.Mirror, m => new OutBody()
            .Attr("destination", m.Destination)
            .Attr("subset", m.Subset)
            .Attr("port", m.Port)
            .Attr("percentage", m.Percentage))
        .Block("cors_policy", r.Cors, c => new OutBody()
            .List("allow_origins", c.AllowOrigins)
            .List("allow_origin_regexes", c.AllowOriginRegexes)
            .List("allow_methods", c.AllowMethods)
            .List("allow_headers", c.AllowHeaders)
            .List("expose_headers", c.ExposeHeaders)
            .Attr("max_age", c.MaxAge)
            .Attr("allow_credentials", c.AllowCredentials))
        .Block("headers", r.Headers, WriteHeaders);

    private static OutBody WriteHeaders(HeaderOperations h) => new OutBody()
        .Block("request", h.Request, WriteOperation)
        .Block("response", h.Response, WriteOperation);

    private static OutBody WriteOperation(HeaderOperation o) => new OutBody()
        .Map("set", o.Set)
        .Map("add", o.Add)
        .List("remove", o.Remove);

    private static OutBody WriteTcp(TcpRoute r) => new OutBody()
        .Blocks("match", r.Match, m => new OutBody()
            .List("destination_subnets", m.DestinationSubnets)
            .Attr("port", m.Port)
            .Map("source_labels", m.SourceLabels)
            .List("gateways", m.Gateways))
        .Blocks("route", r.Route, d => new OutBody()
            .Attr("destination", d.Destination)
            .Attr("subset", d.Subset)
            .Attr("port", d.Port)
            .Attr("weight", d.Weight));
}
