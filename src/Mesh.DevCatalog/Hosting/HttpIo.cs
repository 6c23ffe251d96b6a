using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Mesh.DevCatalog.Hosting;

/// <summary>Request parsing and response writing shared by the endpoints: plain-text errors, JSON bodies, query meta headers, blocking parameters.</summary>
internal static class HttpIo
{
    /// <summary>Consul's default KV value limit (kv_max_value_size).</summary>
    public const int MaxValueSize = 512 * 1024;

    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    /// <summary>True when the query string has the parameter, with or without a value (Go's <c>params["x"]</c>).</summary>
    public static bool Has(HttpRequest request, string name) => request.Query.ContainsKey(name);

    /// <summary>The parameter's value or null.</summary>
    public static string? Get(HttpRequest request, string name) => request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>Parses an unsigned integer parameter; a bad value is a 400.</summary>
    public static ulong? GetUInt64(HttpRequest request, string name)
    {
        var text = Get(request, name);
        if (text is null)
        {
            return null;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new StoreException(400, $"Invalid {name}: strconv.ParseUint: parsing \"{text}\": invalid syntax");
    }

    /// <summary>Reads <c>?index=</c> and <c>?wait=</c> (default 5m, capped at 10m, plus up to wait/16 of jitter).</summary>
    public static (ulong Index, TimeSpan Wait) Blocking(HttpRequest request)
    {
        var index = GetUInt64(request, "index") ?? 0;
        var wait = DefaultWait;
        if (Get(request, "wait") is { Length: > 0 } text)
        {
            if (!GoDuration.TryParse(text, out wait) || wait < TimeSpan.Zero)
            {
                throw new StoreException(400, "Invalid wait time");
            }
        }

        if (wait > MaxWait)
        {
            wait = MaxWait;
        }

        var jitter = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * (wait.Ticks / 16)));
        return (index, wait + jitter);
    }

    /// <summary>Sets X-Consul-Index, X-Consul-KnownLeader and X-Consul-LastContact.</summary>
    public static void SetQueryMeta(HttpResponse response, ulong index)
    {
        response.Headers["X-Consul-Index"] = index.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Consul-KnownLeader"] = "true";
        response.Headers["X-Consul-LastContact"] = "0";
    }

    /// <summary>Writes a plain-text body with a status.</summary>
    public static Task WriteText(HttpResponse response, int status, string text)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(text, Encoding.UTF8);
    }

    /// <summary>Writes a JSON body.</summary>
    public static Task WriteJson<T>(HttpResponse response, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(response.Body, value, type, response.HttpContext.RequestAborted);
    }

    /// <summary>Writes a query result: meta headers then the JSON body.</summary>
    public static Task WriteQuery<T>(HttpResponse response, ulong index, T value, JsonTypeInfo<T> type)
    {
        SetQueryMeta(response, index);
        return WriteJson(response, value, type);
    }

    /// <summary>Reads the raw body, refusing more than <paramref name="limit"/> bytes with a 413.</summary>
    public static async Task<byte[]> ReadBody(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(request.ContentLength.Value, limit);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return buffer.Length > limit ? throw TooLarge(buffer.Length, limit) : buffer.ToArray();
    }

    /// <summary>Reads a JSON body; an empty body gives null and a malformed one a 400.</summary>
    public static async Task<T?> ReadJson<T>(HttpRequest request, JsonTypeInfo<T> type)
    {
        var body = await ReadBody(request, 4 * 1024 * 1024).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            throw new StoreException(400, $"Request decode failed: {e.Message}");
        }
    }

    private static StoreException TooLarge(long size, int limit) => new(
        StatusCodes.Status413RequestEntityTooLarge,
        string.Create(CultureInfo.InvariantCulture, $"Request body({size} bytes) too large, max size: {limit} bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size."));
}
