using Mesh.TestDoubles.Nomad;

namespace Mesh.Nomad.Tests.Watching;

/// <summary>Allocations shaped like the bookinfo example's, for the tests to place on the double.</summary>
internal static class NomadFixture
{
    public const string Token = "8f3c2a52-5e5b-4c47-9a57-1e2f7a0d9c11";

    public static Task<NomadDouble> StartDoubleAsync(int port = 0) =>
        NomadDouble.StartAsync(new NomadDoubleOptions { RequiredToken = Token, Port = port });

    /// <summary>reviews v2: a task-level service opted in by tag, with version meta and two upstreams.</summary>
    public static NomadDoubleAllocation Reviews(string version = "v2", int port = 23456, string ns = "default")
    {
        var allocation = new NomadDoubleAllocation { JobId = "reviews-" + version, TaskGroup = "reviews", Namespace = ns, Ip = "10.0.3.7" };
        allocation.Ports.Add(new NomadDoublePort("http", port, To: 9080));
        var service = new NomadDoubleService { Name = "reviews", PortLabel = "http" };
        service.Tags.AddRange(["mesh", "api"]);
        service.Meta["version"] = version;
        service.Meta["mesh_upstreams"] = "ratings:9191, details:9192";
        var task = new NomadDoubleTask { Name = "app", Driver = "docker" };
        task.Services.Add(service);
        allocation.Tasks.Add(task);
        return allocation;
    }

    /// <summary>A group-level service opted in through meta (mesh = "true") on a static port.</summary>
    public static NomadDoubleAllocation Ratings()
    {
        var allocation = new NomadDoubleAllocation { JobId = "ratings", TaskGroup = "ratings", Ip = "10.0.3.7" };
        allocation.Ports.Add(new NomadDoublePort("http", 9080, Reserved: true));
        var service = new NomadDoubleService { Name = "ratings", PortLabel = "http", Provider = "nomad" };
        service.Meta["mesh"] = "true";
        service.Meta["version"] = "v1";
        allocation.Services.Add(service);
        allocation.Tasks.Add(new NomadDoubleTask { Name = "app" });
        return allocation;
    }

    /// <summary>A service that does not opt in.</summary>
    public static NomadDoubleAllocation Legacy()
    {
        var allocation = new NomadDoubleAllocation { JobId = "legacy", TaskGroup = "web", Ip = "10.0.3.7" };
        allocation.Ports.Add(new NomadDoublePort("http", 28080));
        var service = new NomadDoubleService { Name = "legacy-web", PortLabel = "http" };
        service.Tags.Add("web");
        service.Meta["version"] = "v1";
        var task = new NomadDoubleTask { Name = "server" };
        task.Services.Add(service);
        allocation.Tasks.Add(task);
        return allocation;
    }
}
