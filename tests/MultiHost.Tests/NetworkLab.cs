using System.Globalization;

namespace MultiHost.Tests;

/// <summary>
/// Three "hosts" (network namespaces) joined by a bridge in a fourth, hub namespace, on 10.77.N.0/24.
/// Nothing is attached to the root namespace, so no traffic leaves the lab.
/// </summary>
internal sealed class NetworkLab : IAsyncDisposable
{
    private readonly List<string> _namespaces = [];

    private NetworkLab(string prefix, int subnet)
    {
        Prefix = prefix;
        Subnet = subnet;
    }

    public string Prefix { get; }

    public int Subnet { get; }

    /// <summary>Namespace name of host <paramref name="host"/> (1-based).</summary>
    public string Host(int host) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-h{host}");

    /// <summary>The 10.x address of host <paramref name="host"/>.</summary>
    public string Address(int host) => string.Create(CultureInfo.InvariantCulture, $"10.77.{Subnet}.{host}");

    /// <summary>Creates the hub with its bridge and <paramref name="hosts"/> hosts wired to it.</summary>
    public static async Task<NetworkLab> CreateAsync(int hosts)
    {
        await DeleteStaleAsync();
        var pid = Environment.ProcessId;
        var lab = new NetworkLab(string.Create(CultureInfo.InvariantCulture, $"mh{pid}"), pid % 250);
        try
        {
            var hub = lab.Prefix + "-hub";
            await lab.AddNamespaceAsync(hub);
            await CommandRunner.RunCheckedAsync("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
            await CommandRunner.RunCheckedAsync("ip", "-n", hub, "link", "set", "br0", "up");
            for (var i = 1; i <= hosts; i++)
            {
                var ns = lab.Host(i);
                var port = string.Create(CultureInfo.InvariantCulture, $"p{i}");
                await lab.AddNamespaceAsync(ns);
                await CommandRunner.RunCheckedAsync("ip", "-n", hub, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
                await CommandRunner.RunCheckedAsync("ip", "-n", hub, "link", "set", port, "master", "br0");
                await CommandRunner.RunCheckedAsync("ip", "-n", hub, "link", "set", port, "up");
                await CommandRunner.RunCheckedAsync("ip", "-n", ns, "addr", "add", lab.Address(i) + "/24", "dev", "eth0");
                await CommandRunner.RunCheckedAsync("ip", "-n", ns, "link", "set", "eth0", "up");
                await CommandRunner.RunCheckedAsync("ip", "-n", ns, "link", "set", "lo", "up");
            }
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>Deletes every namespace (their veths and the bridge go with them).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            await CommandRunner.RunAsync(["ip", "netns", "delete", ns], TimeSpan.FromSeconds(30));
        }

        _namespaces.Clear();
    }

    /// <summary>Deletes namespaces left by earlier runs whose test process no longer exists (killed before cleanup).</summary>
    private static async Task DeleteStaleAsync()
    {
        var (_, list) = await CommandRunner.RunAsync(["ip", "netns", "list"], TimeSpan.FromSeconds(10));
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (name.StartsWith("mh", StringComparison.Ordinal) && dash > 2
                && int.TryParse(name.AsSpan(2, dash - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var owner)
                && !Directory.Exists($"/proc/{owner}"))
            {
                await CommandRunner.RunAsync(["ip", "netns", "delete", name], TimeSpan.FromSeconds(30));
            }
        }
    }

    private async Task AddNamespaceAsync(string name)
    {
        await CommandRunner.RunCheckedAsync("ip", "netns", "add", name);
        _namespaces.Add(name);
    }
}
