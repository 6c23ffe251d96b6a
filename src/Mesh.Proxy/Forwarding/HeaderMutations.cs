using System.Net.Http.Headers;
using Mesh.Snapshots.Routing;
using Microsoft.AspNetCore.Http;

namespace Mesh.Proxy.Forwarding;

/// <summary>Applies <see cref="HeaderMutation"/>s (remove, then set, then add, as Envoy orders them).</summary>
internal static class HeaderMutations
{
    /// <summary>Mutates upstream request headers.</summary>
    public static void Apply(HeaderMutation? mutation, HttpRequestMessage request)
    {
        if (mutation is null)
        {
            return;
        }

        for (var i = 0; i < mutation.Remove.Count; i++)
        {
            request.Headers.Remove(mutation.Remove[i]);
            request.Content?.Headers.Remove(mutation.Remove[i]);
        }

        foreach (var (name, value) in mutation.Set)
        {
            if (string.Equals(name, "host", StringComparison.OrdinalIgnoreCase) || string.Equals(name, ":authority", StringComparison.Ordinal))
            {
                request.Headers.Host = value;
                continue;
            }

            Remove(request, name);
            Add(request, name, value);
        }

        foreach (var (name, value) in mutation.Add)
        {
            Add(request, name, value);
        }
    }

    /// <summary>Mutates downstream response headers.</summary>
    public static void Apply(HeaderMutation? mutation, HttpResponse response)
    {
        if (mutation is null)
        {
            return;
        }

        for (var i = 0; i < mutation.Remove.Count; i++)
        {
            response.Headers.Remove(mutation.Remove[i]);
        }

        foreach (var (name, value) in mutation.Set)
        {
            response.Headers[name] = value;
        }

        foreach (var (name, value) in mutation.Add)
        {
            response.Headers.Append(name, value);
        }
    }

    private static void Remove(HttpRequestMessage request, string name)
    {
        request.Headers.Remove(name);
        request.Content?.Headers.Remove(name);
    }

    private static void Add(HttpRequestMessage request, string name, string value)
    {
        if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is HttpContent content)
        {
            AddContent(content.Headers, name, value);
        }
    }

    private static void AddContent(HttpContentHeaders headers, string name, string value) =>
        headers.TryAddWithoutValidation(name, value);
}
