using System.Net;
using System.Net.Sockets;

namespace Mesh.Cli.Tests;

/// <summary>Runs meshctl in process with a given environment and captures what it prints.</summary>
internal sealed record MeshctlRun(int Exit, string Stdout, string Stderr)
{
    public static async Task<MeshctlRun> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await MeshctlApp.RunAsync(args, stdout, stderr, new CliEnvironment(environment));
        return new MeshctlRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>An http address on 127.0.0.1 where nothing listens.</summary>
    public static string ClosedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
