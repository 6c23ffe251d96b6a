using Mesh.Agent.Configuration;

namespace Mesh.Agent.Hosting;

/// <summary>
/// Re-reads <c>agent.hcl</c> and <c>agent.d/*.hcl</c> (on SIGHUP) and applies the <c>service</c> blocks to a running
/// agent: added services are registered and get listeners, removed ones are deregistered and their listeners
/// stopped, changed ones are re-registered. An invalid configuration is refused, its file:line errors logged, and the
/// running configuration kept.
/// </summary>
public sealed partial class ConfigurationReloader
{
    private readonly AgentHost _agent;
    private readonly string _configPath;
    private readonly ILogger _logger;

    /// <summary>Creates a reloader of <paramref name="agent"/> from <paramref name="configPath"/>.</summary>
    public ConfigurationReloader(AgentHost agent, string configPath, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentException.ThrowIfNullOrWhiteSpace(configPath);
        _agent = agent;
        _configPath = configPath;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Reloads now; never throws for a bad configuration (the result says it was refused).</summary>
    public async Task<ConfigurationReloadResult> ReloadAsync(CancellationToken cancellationToken)
    {
        LogReloading(_logger, _configPath);
        AgentOptions next;
        try
        {
            next = AgentConfigLoader.LoadFiles(_configPath);
        }
        catch (AgentConfigException e)
        {
            LogRefused(_logger, _configPath, e.Message);
            return ConfigurationReloadResult.Refused(e.Message);
        }

        var result = await _agent.ApplyConfigurationAsync(next, cancellationToken).ConfigureAwait(false);
        foreach (var setting in result.RestartRequired)
        {
            LogRestartRequired(_logger, setting);
        }

        LogReloaded(_logger, result.Added.Count, result.Removed.Count, result.Changed.Count, result.Failed.Count);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloading the configuration from {Path}")]
    private static partial void LogReloading(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "The new configuration in {Path} is invalid and was not applied; the running configuration stays:\n{Errors}")]
    private static partial void LogRefused(ILogger logger, string path, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The \"{Setting}\" settings changed; they apply on the next restart only")]
    private static partial void LogRestartRequired(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration reloaded: {Added} services added, {Removed} removed, {Changed} changed, {Failed} failed to start")]
    private static partial void LogReloaded(ILogger logger, int added, int removed, int changed, int failed);
}
