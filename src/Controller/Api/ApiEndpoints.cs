using System.Text.Json;
using Mesh.Controller.Certificates;
using Mesh.Controller.Compilation;
using Mesh.Controller.Storage;
using Mesh.ControllerApi;

namespace Mesh.Controller.Api;

/// <summary>The controller's HTTP API, as <see cref="ControllerClient"/> speaks it.</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapControllerApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/apply", ApplyAsync);
        endpoints.MapGet("/v1/resources", (DesiredStateStore store, StatusReader status, CancellationToken ct) => ListAsync(store, status, null, null, ct));
        endpoints.MapGet("/v1/resources/{kind}", (string kind, DesiredStateStore store, StatusReader status, CancellationToken ct) => ListAsync(store, status, kind, null, ct));
        endpoints.MapGet("/v1/resources/{kind}/{name}", (string kind, string name, DesiredStateStore store, StatusReader status, CancellationToken ct) => ListAsync(store, status, kind, name, ct));
        endpoints.MapDelete("/v1/resources/{kind}/{name}", DeleteAsync);
        endpoints.MapGet("/v1/status", async (StatusReader status, CancellationToken ct) =>
            Results.Json(await status.ReadAsync(ct).ConfigureAwait(false), ControllerApiJsonContext.Default.StatusResponse));
        endpoints.MapPost("/v1/ca/sign", SignAsync);
        endpoints.MapGet("/v1/ca/roots", (IServiceProvider services) =>
            services.GetService<CertificateAuthorityService>() is { } ca
                ? Results.Json(ca.Roots(), ControllerApiJsonContext.Default.TrustBundleResponse)
                : CaDisabled());
        return endpoints;
    }

    private static async Task<IResult> ApplyAsync(HttpRequest http, DesiredStateStore store, IBundleEvaluator evaluator, CancellationToken ct)
    {
        ApplyRequest? request;
        try
        {
            request = await http.ReadFromJsonAsync(ControllerApiJsonContext.Default.ApplyRequest, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Error(StatusCodes.Status400BadRequest, $"The body is not an apply request: {e.Message}");
        }

        if (request?.Files is null)
        {
            return Error(StatusCodes.Status400BadRequest, "The body is not an apply request: files are required.");
        }

        var current = await store.ReadAsync(ct).ConfigureAwait(false);
        var evaluation = evaluator.Evaluate(request, current.Resources);
        if (evaluation.HasErrors)
        {
            return Results.Json(
                new ErrorResponse("The bundle is invalid; nothing was stored.", evaluation.Diagnostics),
                ControllerApiJsonContext.Default.ErrorResponse,
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        try
        {
            var outcome = await store.ApplyAsync(current, evaluation.Resources, request.Prune, request.DryRun, ct).ConfigureAwait(false);
            return Results.Json(
                new ApplyResponse(outcome.Generation, outcome.Changes, evaluation.Diagnostics, request.DryRun),
                ControllerApiJsonContext.Default.ApplyResponse);
        }
        catch (ApplyConflictException e)
        {
            return Error(StatusCodes.Status409Conflict, e.Message);
        }
        catch (ArgumentException e)
        {
            return Results.Json(new ErrorResponse(e.Message, []), ControllerApiJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<IResult> ListAsync(DesiredStateStore store, StatusReader status, string? kind, string? name, CancellationToken ct)
    {
        var current = await store.ReadAsync(ct).ConfigureAwait(false);
        var selected = current.Resources
            .Where(r => kind is null || string.Equals(r.Kind, kind, StringComparison.Ordinal))
            .Where(r => name is null || string.Equals(r.Name, name, StringComparison.Ordinal))
            .ToList();
        if (name is not null && selected.Count == 0)
        {
            return Error(StatusCodes.Status404NotFound, $"{kind} \"{name}\" does not exist.");
        }

        var statuses = await status.ReadStatusesAsync(ct).ConfigureAwait(false);
        var views = selected.Select(r =>
        {
            using var spec = JsonDocument.Parse(r.CanonicalJson);
            return new ResourceView(r.Kind, r.Name, r.Digest, current.Generation, spec.RootElement.Clone(), r.Hcl, statuses.GetValueOrDefault((r.Kind, r.Name))) { Origin = r.Origin };
        }).ToList();
        return Results.Json<IReadOnlyList<ResourceView>>(views, ControllerApiJsonContext.Default.IReadOnlyListResourceView);
    }

    private static async Task<IResult> DeleteAsync(string kind, string name, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "dry_run")] bool? dryRun, DesiredStateStore store, CancellationToken ct)
    {
        var current = await store.ReadAsync(ct).ConfigureAwait(false);
        try
        {
            var outcome = await store.DeleteAsync(current, kind, name, dryRun ?? false, ct).ConfigureAwait(false);
            return outcome is null
                ? Error(StatusCodes.Status404NotFound, $"{kind} \"{name}\" does not exist.")
                : Results.Json(new ApplyResponse(outcome.Generation, outcome.Changes, [], dryRun ?? false), ControllerApiJsonContext.Default.ApplyResponse);
        }
        catch (ApplyConflictException e)
        {
            return Error(StatusCodes.Status409Conflict, e.Message);
        }
    }

    private static async Task<IResult> SignAsync(HttpRequest http, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<CertificateAuthorityService>() is not { } ca)
        {
            return CaDisabled();
        }

        CertificateSignRequest? request;
        try
        {
            request = await http.ReadFromJsonAsync(ControllerApiJsonContext.Default.CertificateSignRequest, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Error(StatusCodes.Status400BadRequest, $"The body is not a signing request: {e.Message}");
        }

        if (request is null)
        {
            return Error(StatusCodes.Status400BadRequest, "The body is not a signing request.");
        }

        try
        {
            return Results.Json(ca.Sign(request), ControllerApiJsonContext.Default.CertificateSignResponse);
        }
        catch (ArgumentException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static IResult CaDisabled() =>
        Error(StatusCodes.Status404NotFound, "The built-in CA is disabled (certificates.provider is not \"builtin\").");

    private static IResult Error(int status, string message) =>
        Results.Json(new ErrorResponse(message), ControllerApiJsonContext.Default.ErrorResponse, statusCode: status);
}
