using System.IO.Hashing;
using System.Net;
using System.Text;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>The request value a consistent-hash balancer hashes: a header, cookie, query parameter or source IP.</summary>
internal static class ConsistentHashKey
{
    /// <summary>The key, or null when the request has none (the balancer then picks at random).</summary>
    public static string? From(ConsistentHashSettings settings, HttpContext context)
    {
        if (settings.HttpHeaderName is { } header)
        {
            var value = context.Request.Headers[header];
            return value.Count == 0 ? null : value[0];
        }

        if (settings.HttpCookie is { } cookie)
        {
            return context.Request.Cookies[cookie.Name];
        }

        if (settings.HttpQueryParameterName is { } query)
        {
            var value = context.Request.Query[query];
            return value.Count == 0 ? null : value[0];
        }

        if (settings.UseSourceIp)
        {
            return context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();
        }

        return null;
    }

    /// <summary>64-bit hash of a key (xxHash64, as Envoy uses).</summary>
    public static ulong Hash(string key, long seed = 0) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key), seed);
}
