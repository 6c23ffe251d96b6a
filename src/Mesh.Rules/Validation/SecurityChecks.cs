using System.Globalization;
using System.Net;
using Mesh.Rules.Model;

namespace Mesh.Rules.Validation;

/// <summary>Checks within peer authentications and authorization policies.</summary>
internal static class SecurityChecks
{
    public static void Check(PeerAuthentication pa, Findings f)
    {
        if (pa.PortLevelMtls.Count == 0)
        {
            return;
        }

        var what = Findings.Describe(pa);
        var at = Findings.At(pa, pa.Ranges, "port_level_mtls");
        if (pa.Selector.Count == 0)
        {
            f.Error(RuleCodes.PortLevelWithoutSelector, "Port-level mTLS needs a selector",
                $"{what} has no selector, so it applies mesh-wide, but port_level_mtls names ports of particular workloads; as in Istio, port-level modes require a selector.",
                at, "Add a selector (for example selector = { service = \"reviews\" }), or move port_level_mtls to a peer_authentication that has one.");
        }

        foreach (var key in pa.PortLevelMtls.Keys)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                f.Error(RuleCodes.BadNumber, "Bad port in port_level_mtls",
                    $"In {what}, port_level_mtls has the key \"{key}\", which is not a port number from 1 to 65535.",
                    at, "Use the workload's port number as the key, such as \"8080\" = \"permissive\".");
            }
        }
    }

    public static void Check(AuthorizationPolicy ap, Findings f)
    {
        var what = Findings.Describe(ap);
        foreach (var rule in ap.Rules)
        {
            foreach (var source in rule.From)
            {
                foreach (var (name, values) in new[] { ("ip_blocks", source.IpBlocks), ("not_ip_blocks", source.NotIpBlocks), ("remote_ip_blocks", source.RemoteIpBlocks), ("not_remote_ip_blocks", source.NotRemoteIpBlocks) })
                {
                    foreach (var bad in values.Where(v => !IsAddressOrBlock(v)))
                    {
                        f.Error(RuleCodes.BadConditionValue, "Bad IP block",
                            $"In {what}, \"{name}\" has \"{bad}\", which is neither an IP address nor a CIDR block.",
                            Findings.At(ap, source.Ranges, name), "Write an address such as \"10.0.0.5\" or a block such as \"10.0.0.0/8\" or \"fd00::/8\".");
                    }
                }

                foreach (var (name, values) in new[] { ("request_principals", source.RequestPrincipals), ("not_request_principals", source.NotRequestPrincipals) })
                {
                    if (values.Count > 0)
                    {
                        f.Error(RuleCodes.UnsupportedAuthorization, "Request principals are not supported",
                            $"In {what}, \"{name}\" matches the principal of a validated JWT (Istio's request authentication), which this mesh does not have; the policy could not be enforced as written.",
                            Findings.At(ap, source.Ranges, name), "Match the peer's identity with \"principals\" instead, or remove the attribute.");
                    }
                }
            }

            foreach (var condition in rule.When)
            {
                CheckCondition(ap, condition, what, f);
            }
        }
    }

    private static void CheckCondition(AuthorizationPolicy ap, RuleCondition condition, string what, Findings f)
    {
        var key = condition.Key;
        var at = Findings.At(ap, condition.Ranges, "key");
        switch (ConditionKeys.Classify(key))
        {
            case ConditionKeyKind.Unknown:
                var suggestion = ConditionKeys.Suggest(key);
                f.Error(RuleCodes.UnknownConditionKey, "Unknown condition key",
                    $"In {what}, the condition key \"{key}\" is not one of Istio's authorization condition keys." + (suggestion is null ? "" : $" Did you mean \"{suggestion}\"?"),
                    at, suggestion is null
                        ? "Use one of: request.headers[<name>], source.ip, remote.ip, source.namespace, source.principal, destination.ip, destination.port, connection.sni."
                        : $"Use \"{suggestion}\".");
                return;
            case ConditionKeyKind.Unsupported:
                f.Error(RuleCodes.UnsupportedAuthorization, "Condition key not supported by this mesh",
                    $"In {what}, the condition key \"{key}\" is an Istio key, but this mesh cannot evaluate it ("
                        + (key.StartsWith("request.auth.", StringComparison.Ordinal) ? "it needs JWT request authentication, which this mesh does not have" : "it reads Envoy filter metadata, which this mesh does not have")
                        + "); the policy could not be enforced as written.",
                    at, "Use a supported key (such as source.principal or request.headers[<name>]), or remove the condition.");
                return;
        }

        if (condition.Values.Count == 0 && condition.NotValues.Count == 0)
        {
            f.Error(RuleCodes.BadConditionValue, "Condition without values",
                $"In {what}, the condition on \"{key}\" has neither values nor not_values; Istio requires at least one.",
                condition.Ranges.BlockRange ?? at, "Add values = [...] or not_values = [...].");
            return;
        }

        foreach (var (name, values) in new[] { ("values", condition.Values), ("not_values", condition.NotValues) })
        {
            foreach (var value in values)
            {
                var problem = key switch
                {
                    "source.ip" or "remote.ip" or "destination.ip" when !IsAddressOrBlock(value) => "an IP address or CIDR block",
                    "destination.port" when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535 => "a port number from 1 to 65535",
                    _ => null,
                };
                if (problem is not null)
                {
                    f.Error(RuleCodes.BadConditionValue, "Bad condition value",
                        $"In {what}, the condition on \"{key}\" has the value \"{value}\", but it must be {problem}.",
                        Findings.At(ap, condition.Ranges, name), $"Give {problem}.");
                }
            }
        }
    }

    // Istio (Go's netip.ParsePrefix) accepts host bits after the prefix, such as 10.1.2.3/8.
    private static bool IsAddressOrBlock(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return IPAddress.TryParse(value, out _);
        }

        return IPAddress.TryParse(value.AsSpan(0, slash), out var address)
            && int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            && bits <= (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
    }
}
