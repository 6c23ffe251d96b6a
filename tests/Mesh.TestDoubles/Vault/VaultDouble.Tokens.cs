using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Mesh.TestDoubles.Vault;

/// <summary>Token bookkeeping and the JSON envelope of the double.</summary>
public sealed partial class VaultDouble
{
    private VaultDoubleToken CreateToken(IReadOnlyList<string> policies, string displayName, TimeSpan ttl, TimeSpan maxTtl, bool renewable)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var max = maxTtl > TimeSpan.Zero ? maxTtl : _options.SystemMaxTokenTtl;
        var token = new VaultDoubleToken
        {
            Id = "hvs." + NewId(24),
            Accessor = NewId(24),
            Policies = ["default", .. policies.Where(p => p != "default")],
            DisplayName = displayName,
            IssueTime = now,
            CreationTtl = ttl < max ? ttl : max,
            MaxExpireTime = now + max,
            Renewable = renewable,
            ExpireTime = now + (ttl < max ? ttl : max),
        };
        lock (_lock)
        {
            _tokens[token.Id] = token;
        }

        return token;
    }

    /// <summary>The request's token, or 403 "permission denied" when it is missing, unknown, revoked or expired.</summary>
    private VaultDoubleToken Authenticate(HttpContext context)
    {
        var id = context.Request.Headers["X-Vault-Token"].ToString();
        if (id.Length == 0)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                id = authorization["Bearer ".Length..].Trim();
            }
        }

        lock (_lock)
        {
            if (_tokens.TryGetValue(id, out var token) && !token.Revoked
                && (token.ExpireTime is null || token.ExpireTime > _options.TimeProvider.GetUtcNow()))
            {
                return token;
            }
        }

        throw new VaultDoubleError(HttpStatusCode.Forbidden, "permission denied");
    }

    private JsonObject Auth(VaultDoubleToken token)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var lease = token.ExpireTime is { } expire ? (long)Math.Max(0, Math.Round((expire - now).TotalSeconds)) : 0;
        return new JsonObject
        {
            ["client_token"] = token.Id,
            ["accessor"] = token.Accessor,
            ["policies"] = new JsonArray([.. token.Policies.Select(p => (JsonNode)p)]),
            ["token_policies"] = new JsonArray([.. token.Policies.Select(p => (JsonNode)p)]),
            ["metadata"] = null,
            ["lease_duration"] = lease,
            ["renewable"] = token.Renewable,
            ["entity_id"] = string.Empty,
            ["token_type"] = "service",
            ["orphan"] = true,
        };
    }

    private static JsonObject Envelope(JsonObject? data = null, JsonObject? auth = null, IReadOnlyList<string>? warnings = null) => new()
    {
        ["request_id"] = Guid.NewGuid().ToString(),
        ["lease_id"] = string.Empty,
        ["renewable"] = false,
        ["lease_duration"] = 0,
        ["data"] = data,
        ["wrap_info"] = null,
        ["warnings"] = warnings is { Count: > 0 } ? new JsonArray([.. warnings.Select(w => (JsonNode)w)]) : null,
        ["auth"] = auth,
    };

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new VaultDoubleError(HttpStatusCode.BadRequest, "failed to parse JSON input: not an object");
        }
        catch (JsonException exception)
        {
            throw new VaultDoubleError(HttpStatusCode.BadRequest, "failed to parse JSON input: " + exception.Message);
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonNode body, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string message) =>
        WriteJsonAsync(context, new JsonObject { ["errors"] = new JsonArray(message) }, (int)status);

    private static string NewId(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);
}
