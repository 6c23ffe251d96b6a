using System.Globalization;
using System.Text.Json.Nodes;

namespace Mesh.TestDoubles.Nomad;

/// <summary>Renders the double's allocations in Nomad's JSON shape (PascalCase, nulls where Nomad sends null).</summary>
internal static class NomadDoubleJson
{
    public static JsonObject AgentSelf(NomadDoubleOptions options, int allocations) => new()
    {
        ["config"] = new JsonObject { ["Region"] = options.Region, ["Datacenter"] = options.Datacenter, ["NodeName"] = "nomad-double" },
        ["member"] = new JsonObject
        {
            ["Name"] = "nomad-double." + options.Region,
            ["Addr"] = "127.0.0.1",
            ["Port"] = 4648,
            ["Tags"] = new JsonObject { ["region"] = options.Region, ["dc"] = options.Datacenter },
        },
        ["stats"] = new JsonObject
        {
            ["client"] = new JsonObject
            {
                ["node_id"] = options.NodeId,
                ["known_servers"] = "127.0.0.1:4647",
                ["num_allocations"] = allocations.ToString(CultureInfo.InvariantCulture),
                ["last_heartbeat"] = "1.5s",
                ["heartbeat_ttl"] = "15s",
            },
        },
    };

    public static JsonObject ServiceRegistration(NomadDoubleAllocation allocation, NomadDoubleService service, int port, NomadDoubleOptions options) => new()
    {
        ["ID"] = $"_nomad-task-{allocation.Id}-{allocation.TaskGroup}-{service.Name}-{service.PortLabel}",
        ["ServiceName"] = service.Name,
        ["Namespace"] = allocation.Namespace,
        ["NodeID"] = allocation.NodeId ?? options.NodeId,
        ["Datacenter"] = options.Datacenter,
        ["JobID"] = allocation.JobId,
        ["AllocID"] = allocation.Id,
        ["Tags"] = new JsonArray([.. service.Tags.Select(t => (JsonNode)t)]),
        ["Address"] = allocation.Ip,
        ["Port"] = port,
        ["CreateIndex"] = allocation.CreateIndex,
        ["ModifyIndex"] = allocation.ModifyIndex,
    };

    public static JsonObject Allocation(NomadDoubleAllocation allocation, string nodeId, bool withJob, bool withResources)
    {
        var json = new JsonObject
        {
            ["ID"] = allocation.Id,
            ["EvalID"] = Guid.Empty.ToString(),
            ["Name"] = allocation.Name,
            ["Namespace"] = allocation.Namespace,
            ["NodeID"] = allocation.NodeId ?? nodeId,
            ["JobID"] = allocation.JobId,
            ["TaskGroup"] = allocation.TaskGroup,
            ["DesiredStatus"] = allocation.DesiredStatus,
            ["DesiredDescription"] = allocation.DesiredStatus == "run" ? string.Empty : "alloc is being stopped",
            ["ClientStatus"] = allocation.ClientStatus,
            ["ClientDescription"] = string.Empty,
            ["TaskStates"] = TaskStates(allocation),
            ["CreateIndex"] = allocation.CreateIndex,
            ["ModifyIndex"] = allocation.ModifyIndex,
            ["AllocModifyIndex"] = allocation.ModifyIndex,
        };
        if (withResources)
        {
            json["AllocatedResources"] = Resources(allocation);
        }

        if (withJob)
        {
            json["Job"] = Job(allocation);
        }

        return json;
    }

    private static JsonObject? TaskStates(NomadDoubleAllocation allocation)
    {
        if (allocation.Tasks.Count == 0)
        {
            return null;
        }

        var states = new JsonObject();
        foreach (var task in allocation.Tasks)
        {
            states[task.Name] = new JsonObject
            {
                ["State"] = task.State,
                ["Failed"] = allocation.ClientStatus == "failed",
                ["Restarts"] = 0,
                ["Events"] = new JsonArray(),
            };
        }

        return states;
    }

    private static JsonObject Resources(NomadDoubleAllocation allocation)
    {
        var ports = new JsonArray();
        var reserved = new JsonArray();
        var dynamic = new JsonArray();
        foreach (var port in allocation.Ports)
        {
            ports.Add(new JsonObject { ["Label"] = port.Label, ["Value"] = port.Value, ["To"] = port.To, ["HostIP"] = allocation.Ip });
            var networkPort = new JsonObject { ["Label"] = port.Label, ["Value"] = port.Value, ["To"] = port.To, ["HostNetwork"] = "default" };
            (port.Reserved ? reserved : dynamic).Add(networkPort);
        }

        var tasks = new JsonObject();
        foreach (var task in allocation.Tasks)
        {
            tasks[task.Name] = new JsonObject { ["Cpu"] = new JsonObject { ["CpuShares"] = 100 }, ["Memory"] = new JsonObject { ["MemoryMB"] = 300 }, ["Networks"] = null };
        }

        return new JsonObject
        {
            ["Tasks"] = tasks,
            ["Shared"] = new JsonObject
            {
                ["DiskMB"] = 300,
                ["Networks"] = new JsonArray(new JsonObject
                {
                    ["Mode"] = "host",
                    ["Device"] = string.Empty,
                    ["CIDR"] = string.Empty,
                    ["IP"] = allocation.Ip,
                    ["ReservedPorts"] = reserved.Count == 0 ? null : reserved,
                    ["DynamicPorts"] = dynamic.Count == 0 ? null : dynamic,
                }),
                ["Ports"] = ports.Count == 0 ? null : ports,
            },
        };
    }

    private static JsonObject Job(NomadDoubleAllocation allocation)
    {
        var tasks = new JsonArray();
        foreach (var task in allocation.Tasks)
        {
            tasks.Add(new JsonObject
            {
                ["Name"] = task.Name,
                ["Driver"] = task.Driver,
                ["Services"] = Services(task.Services, task.Name),
            });
        }

        return new JsonObject
        {
            ["ID"] = allocation.JobId,
            ["Name"] = allocation.JobId,
            ["Namespace"] = allocation.Namespace,
            ["Type"] = "service",
            ["Version"] = 0,
            ["TaskGroups"] = new JsonArray(new JsonObject
            {
                ["Name"] = allocation.TaskGroup,
                ["Count"] = 1,
                ["Services"] = Services(allocation.Services, taskName: null),
                ["Tasks"] = tasks,
            }),
        };
    }

    private static JsonArray? Services(List<NomadDoubleService> services, string? taskName)
    {
        if (services.Count == 0)
        {
            return null;
        }

        var array = new JsonArray();
        foreach (var service in services)
        {
            JsonObject? meta = null;
            if (service.Meta.Count > 0)
            {
                meta = [];
                foreach (var (key, value) in service.Meta)
                {
                    meta[key] = value;
                }
            }

            var tags = new JsonArray();
            foreach (var tag in service.Tags)
            {
                tags.Add(tag);
            }

            array.Add(new JsonObject
            {
                ["Name"] = service.Name,
                ["TaskName"] = taskName ?? string.Empty,
                ["PortLabel"] = service.PortLabel ?? string.Empty,
                ["AddressMode"] = "auto",
                ["Tags"] = service.Tags.Count == 0 ? null : tags,
                ["Meta"] = meta,
                ["Provider"] = service.Provider,
                ["Checks"] = null,
            });
        }

        return array;
    }
}
