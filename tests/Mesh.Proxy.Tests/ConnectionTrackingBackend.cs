using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Tests;

/// <summary>A Kestrel upstream on 127.0.0.1 that answers with the id of the connection a request came on and notes when each connection closes.</summary>
internal sealed class ConnectionTrackingBackend : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _closed;

    private ConnectionTrackingBackend(WebApplication app, ConcurrentDictionary<string, TaskCompletionSource> closed, int port)
    {
        _app = app;
        _closed = closed;
        Port = port;
    }

    public int Port { get; }

    public static async Task<ConnectionTrackingBackend> StartAsync()
    {
        var closed = new ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        ListenOptions? listen = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, options =>
        {
            listen = options;
            options.Use(next => async connection =>
            {
                try
                {
                    await next(connection);
                }
                finally
                {
                    Closed(closed, connection.ConnectionId).TrySetResult();
                }
            });
        }));
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(context.Connection.Id));
        await app.StartAsync();
        return new ConnectionTrackingBackend(app, closed, listen!.IPEndPoint!.Port);
    }

    /// <summary>Completes when the connection with this id has closed; fails after <paramref name="timeout"/>.</summary>
    public Task WaitForCloseAsync(string connectionId, TimeSpan timeout) => Closed(_closed, connectionId).Task.WaitAsync(timeout);

    /// <summary>Whether the connection with this id has closed.</summary>
    public bool HasClosed(string connectionId) => Closed(_closed, connectionId).Task.IsCompleted;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource Closed(ConcurrentDictionary<string, TaskCompletionSource> closed, string connectionId) =>
        closed.GetOrAdd(connectionId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
