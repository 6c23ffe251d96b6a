using System.Net;
using System.Net.Sockets;

namespace Mesh.Proxy.Tests;

/// <summary>
/// A local endpoint that never completes a TCP handshake: a listener with backlog 0 that never accepts, whose accept
/// queue is filled first, so Linux drops further SYNs and connects hang until the caller's timeout.
/// </summary>
internal sealed class Blackhole : IDisposable
{
    private readonly Socket _listener;
    private readonly List<Socket> _fillers = [];

    private Blackhole(Socket listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public static async Task<Blackhole> StartAsync()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var hole = new Blackhole(listener);
        for (var i = 0; i < 16; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            hole._fillers.Add(filler);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                await filler.ConnectAsync(new IPEndPoint(IPAddress.Loopback, hole.Port), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // The queue is full: this SYN was dropped.
                return hole;
            }
        }

        throw new InvalidOperationException("could not fill the accept queue");
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _listener.Dispose();
    }
}
