using System.Globalization;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Mesh.Snapshots.Clusters;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Balancing;

/// <summary>The request value a consistent-hash balancer hashes: a header, cookie, query parameter or source IP.</summary>
internal static class ConsistentHashKey
{
    // Retries of one request hash the same generated cookie, so they stay on its endpoint's ring position.
    private static readonly object s_generatedCookie = new();

    /// <summary>
    /// The key, or null when the request has none (the balancer then picks at random). A hash cookie with a
    /// <c>ttl</c> that the request lacks is generated here, as Istio documents: the request hashes on the new value
    /// and the response sets it (<c>Max-Age</c> = ttl; a zero ttl makes a session cookie), so the client's next
    /// requests reach the same endpoint.
    /// </summary>
    public static string? From(ConsistentHashSettings settings, HttpContext context)
    {
        if (settings.HttpHeaderName is { } header)
        {
            var value = context.Request.Headers[header];
            return value.Count == 0 ? null : value[0];
        }

        if (settings.HttpCookie is { } cookie)
        {
            return context.Request.Cookies[cookie.Name] ?? (cookie.Ttl is { } ttl ? GeneratedCookie(context, cookie, ttl) : null);
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

    private static string GeneratedCookie(HttpContext context, HashCookie cookie, TimeSpan ttl)
    {
        if (context.Items.TryGetValue(s_generatedCookie, out var existing) && existing is string generated)
        {
            return generated;
        }

        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[s_generatedCookie] = value;
        var header = new StringBuilder(cookie.Name).Append('=').Append(value);
        header.Append("; Path=").Append(string.IsNullOrEmpty(cookie.Path) ? "/" : cookie.Path);
        if (ttl > TimeSpan.Zero)
        {
            header.Append("; Max-Age=").Append(((long)Math.Ceiling(ttl.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        header.Append("; HttpOnly");
        var setCookie = header.ToString();
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.Append("Set-Cookie", setCookie);
            return Task.CompletedTask;
        });
        return value;
    }

    /// <summary>64-bit hash of a key (xxHash64, as Envoy uses).</summary>
    public static ulong Hash(string key, long seed = 0) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key), seed);
}
