namespace Mesh.Agent.Configuration;

/// <summary>Whether two <c>service</c> blocks describe the same workload (a reload re-registers a service only when they do not).</summary>
internal static class ServiceOptionsComparer
{
    public static bool Same(LocalServiceOptions a, LocalServiceOptions b)
    {
        if (a.Name != b.Name || a.Port != b.Port || a.Address != b.Address || a.Namespace != b.Namespace
            || a.InboundPort != b.InboundPort || a.InboundAddress != b.InboundAddress || a.AdvertiseAddress != b.AdvertiseAddress
            || a.CheckHttp != b.CheckHttp || a.Protocol != b.Protocol || a.CheckInterval != b.CheckInterval
            || !a.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal)
            || a.Meta.Count != b.Meta.Count || a.Upstreams.Count != b.Upstreams.Count)
        {
            return false;
        }

        foreach (var (key, value) in a.Meta)
        {
            if (!b.Meta.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        for (var i = 0; i < a.Upstreams.Count; i++)
        {
            var x = a.Upstreams[i];
            var y = b.Upstreams[i];
            if (x.Host != y.Host || x.LocalPort != y.LocalPort || x.LocalAddress != y.LocalAddress || x.Protocol != y.Protocol)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The settings outside <c>service</c> blocks that differ (a reload cannot apply them; they need a restart).</summary>
    public static IReadOnlyList<string> RestartRequired(AgentOptions running, AgentOptions next)
    {
        var changed = new List<string>();
        Check(changed, "node_name", running.NodeName, next.NodeName);
        Check(changed, "data_dir", running.DataDir, next.DataDir);
        Check(changed, "consul", $"{running.Consul.Address}|{running.Consul.Datacenter}|{running.Consul.Token}", $"{next.Consul.Address}|{next.Consul.Datacenter}|{next.Consul.Token}");
        Check(changed, "certificates", $"{running.Certificates.Provider}|{running.Certificates.TrustDomain}|{running.Certificates.Ttl}|{running.Certificates.TrustBundleRefresh}", $"{next.Certificates.Provider}|{next.Certificates.TrustDomain}|{next.Certificates.Ttl}|{next.Certificates.TrustBundleRefresh}");
        Check(changed, "controller", $"{running.Controller.Address}|{running.Controller.Token}", $"{next.Controller.Address}|{next.Controller.Token}");
        Check(changed, "vault", $"{running.Vault.Address}|{running.Vault.PkiMount}|{running.Vault.Role}|{running.Vault.Token}|{running.Vault.AppRoleRoleId}", $"{next.Vault.Address}|{next.Vault.PkiMount}|{next.Vault.Role}|{next.Vault.Token}|{next.Vault.AppRoleRoleId}");
        Check(changed, "nomad", $"{running.Nomad.Enabled}|{running.Nomad.Address}|{running.Nomad.NodeId}|{running.Nomad.Token}", $"{next.Nomad.Enabled}|{next.Nomad.Address}|{next.Nomad.NodeId}|{next.Nomad.Token}");
        Check(changed, "admin", running.AdminAddress, next.AdminAddress);
        Check(changed, "locality", running.Locality, next.Locality);
        Check(changed, "tls", running.Tls.MinVersion, next.Tls.MinVersion);
        Check(changed, "audit_log", running.AuditLog.Path, next.AuditLog.Path);
        Check(changed, "telemetry", Describe(running.Telemetry), Describe(next.Telemetry));
        return changed;
    }

    private static string Describe(TelemetrySettings t) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{t.Tracing.OtlpEndpoint}|{t.Tracing.Protocol}|{t.Tracing.SamplingPercent}|{t.Tracing.ServiceName}|{t.AccessLog.Enabled}|{t.AccessLog.Path}|{t.AccessLog.SamplePercent}|{t.AccessLog.MinimumStatus}|{t.AccessLog.AlwaysLogFlagged}");

    private static void Check(List<string> changed, string name, string running, string next)
    {
        if (!string.Equals(running, next, StringComparison.Ordinal))
        {
            changed.Add(name);
        }
    }
}
