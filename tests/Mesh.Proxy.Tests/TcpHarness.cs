using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Mesh.Proxy.Balancing;
using Mesh.Proxy.Endpoints;
using Mesh.Proxy.Hosting;
using Mesh.Proxy.Routing;
using Mesh.Proxy.Tcp;
using Mesh.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Proxy.Tests;

/// <summary>A proxy engine with a TCP listener for one host port and a meter listener scoped to this proxy.</summary>
internal sealed class TcpHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<(string Name, long Value, Dictionary<string, string?> Tags)> _measurements = new();
    private TcpProxyListener? _listener;

    private TcpHarness(ServiceProvider services)
    {
        _services = services;
        var factory = services.GetRequiredService<IMeterFactory>();
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var map = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((instrument.Name, value, map));
        });
        _meters.Start();
    }

    public IPEndPoint EndPoint => _listener!.LocalEndPoint;

    public TcpProxyListener Listener => _listener!;

    public static TcpHarness Create(int seed = 42, string? locality = null, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new ProxyRandom(seed));
        if (locality is not null)
        {
            services.AddSingleton(new ProxyLocality(locality));
        }

        services.AddMeshProxy();
        configure?.Invoke(services);
        return new TcpHarness(services.BuildServiceProvider());
    }

    public TcpHarness Load(params ProxySnapshot[] snapshots)
    {
        _services.GetRequiredService<RouteTableHolder>().Swap(RouteTable.Build(snapshots));
        return this;
    }

    public TcpHarness Listen(string host, int servicePort = 9000)
    {
        _listener = TcpProxyListener.Start(_services, new TcpProxyOptions { Host = host, ServicePort = servicePort });
        return this;
    }

    public void SetEndpoints(string host, params UpstreamEndpoint[] endpoints) =>
        _services.GetRequiredService<StaticEndpointSource>().Set(host, endpoints);

    public static UpstreamEndpoint At(int port, string locality = "", params (string Key, string Value)[] labels) => new()
    {
        Address = "127.0.0.1",
        Port = port,
        Locality = locality,
        Labels = labels.ToDictionary(l => l.Key, l => l.Value),
    };

    /// <summary>Sums a counter's measurements whose tags include every given pair.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags)
    {
        long total = 0;
        foreach (var (name, value, map) in _measurements)
        {
            if (name == instrument && tags.All(t => map.TryGetValue(t.Key, out var v) && v == t.Value))
            {
                total += value;
            }
        }

        return total;
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the deadline passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, double seconds = 15)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        _meters.Dispose();
        await _services.DisposeAsync();
    }
}
