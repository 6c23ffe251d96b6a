using System.Collections.Concurrent;
using System.Net;
using Mesh.Proxy.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Proxy.Tests.Hosting;

public sealed class ProxyHostLoggingTests
{
    [Fact]
    public async Task ProxiedRequests_WriteNoHostingRequestLines_WhileKestrelStillLogs()
    {
        var log = new CategoryRecorder();
        await using var upstream = await Upstream.StartAsync("api");
        await using var proxy = await TunableProxy.StartAsync(services => services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Trace)));
        proxy.Load(Snap.Host("api"));
        proxy.SetEndpoints("api", upstream);

        for (var i = 0; i < 3; i++)
        {
            using var response = await proxy.SendAsync("api", "/items/" + i);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Kestrel logs each connection at Debug: the provider is live for the web host.
        Assert.Contains(log.Categories, category => category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal));
        Assert.DoesNotContain(ProxyHostLogging.HostingDiagnosticsCategory, log.Categories);
    }

    private sealed class CategoryRecorder : ILoggerProvider
    {
        public ConcurrentBag<string> Categories { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, Categories);

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentBag<string> categories) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                categories.Add(category);
        }
    }
}
