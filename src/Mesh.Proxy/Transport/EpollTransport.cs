using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Proxy.Transport;

/// <summary>
/// Whether the proxies move their bytes with the mesh's own epoll transport (the default on Linux) or with the
/// runtime's sockets. <c>MESH_PROXY_TRANSPORT=sockets</c> in the environment selects the runtime's sockets for both the
/// listeners and the upstream connections, for an operator who suspects the transport.
/// </summary>
public static class EpollTransport
{
    /// <summary>The environment variable that selects the transport: <c>epoll</c> (default) or <c>sockets</c>.</summary>
    public const string Variable = "MESH_PROXY_TRANSPORT";

    // An unknown value keeps the default here: mesh-agent refuses to start with it (InvalidValueMessage), and a
    // library's static initializer is no place to fail.
    private static readonly bool s_enabled = TryParse(Environment.GetEnvironmentVariable(Variable), out var epoll) ? epoll : OperatingSystem.IsLinux();

    /// <summary>Whether this process uses the epoll transport.</summary>
    public static bool IsEnabled => s_enabled;

    /// <summary>
    /// Reads a value of <see cref="Variable"/>: unset, empty and <c>epoll</c> select the epoll transport (on Linux),
    /// <c>sockets</c> the runtime's. False for any other value.
    /// </summary>
    public static bool TryParse(string? value, out bool epoll)
    {
        switch (value)
        {
            case null or "" or "epoll":
                epoll = OperatingSystem.IsLinux();
                return true;
            case "sockets":
                epoll = false;
                return true;
            default:
                epoll = false;
                return false;
        }
    }

    /// <summary>The error for a value <see cref="TryParse"/> refused.</summary>
    public static string InvalidValueMessage(string? value) => $"{Variable}={value}: expected \"epoll\" or \"sockets\"";

    /// <summary>
    /// Opens a TCP connection to an upstream with the selected transport: an <see cref="EpollStream"/>, or a
    /// <see cref="NetworkStream"/> over the runtime's socket. Nagle is off either way.
    /// </summary>
    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        if (IsEnabled)
        {
            return await EpollConnector.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Serves <paramref name="builder"/>'s IP endpoints with the epoll transport when it is enabled.</summary>
    public static IWebHostBuilder UseMeshTransport(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return IsEnabled
            ? builder.ConfigureServices(services => services.AddSingleton<IConnectionListenerFactory, EpollTransportFactory>())
            : builder;
    }
}
