using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Proxy.Hosting;

/// <summary>
/// How a proxy's web host logs: through the process' logger factory, except ASP.NET Core's per-request hosting
/// diagnostics. While that category is enabled at any level, the web host starts an <c>Activity</c> and a logging
/// scope for every request, for lines a proxy never writes (its access log is the per-request record): measured at
/// several µs of CPU per proxied request. Errors still reach the log through Kestrel's own categories.
/// </summary>
public static class ProxyHostLogging
{
    /// <summary>The category ASP.NET Core's hosting logs request starts and ends under.</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Makes <paramref name="builder"/> log through <paramref name="loggerFactory"/>, without hosting diagnostics.</summary>
    public static WebApplicationBuilder UseProxyHostLogging(this WebApplicationBuilder builder, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(new WithoutHostingDiagnostics(loggerFactory));
        return builder;
    }

    // The process owns the inner factory: disposing the web host must not dispose it.
    private sealed class WithoutHostingDiagnostics(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) =>
            string.Equals(categoryName, HostingDiagnosticsCategory, StringComparison.Ordinal) ? NullLogger.Instance : inner.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
        }
    }
}
