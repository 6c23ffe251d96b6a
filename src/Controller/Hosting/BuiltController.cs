using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Controller.Hosting;

/// <summary>A built, not yet started controller and its listeners (their endpoints are bound once it starts).</summary>
internal sealed record BuiltController(WebApplication App, ListenOptions Api, ListenOptions? Admin);
