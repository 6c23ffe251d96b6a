using Mesh.Hcl;
using Mesh.Rules.Model;

namespace Mesh.Rules.Validation;

/// <summary>Checks that look at several resources together.</summary>
internal static class CrossChecks
{
    public static void Check(RuleSet rules, ICatalogView? catalog, Findings f)
    {
        var services = rules.OfKind<VirtualService>().ToList();
        var destinationRules = rules.OfKind<DestinationRule>().ToList();
        var rulesByHost = new SubsetIndex(destinationRules);
        var gateways = rules.OfKind<Gateway>().Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var claims = new Dictionary<(string Gateway, string Host), VirtualService>();
        foreach (var vs in services)
        {
            foreach (var gateway in vs.Gateways)
            {
                if (gateway != "mesh" && !gateways.Contains(gateway))
                {
                    var suggestion = DidYouMean.Suggest(gateway, gateways.Append("mesh"));
                    f.Error(RuleCodes.UnknownGateway, "Unknown gateway",
                        $"{Findings.Describe(vs)} is bound to gateway \"{gateway}\", but no gateway of that name exists." + (suggestion is null ? "" : $" Did you mean \"{suggestion}\"?"),
                        Findings.At(vs, vs.Ranges, "gateways"),
                        suggestion is null ? "Define the gateway, or use \"mesh\" for sidecars." : $"Use \"{suggestion}\".");
                }
            }

            foreach (var gateway in (vs.Gateways.Count == 0 ? ["mesh"] : vs.Gateways).Distinct(StringComparer.Ordinal))
            {
                foreach (var host in vs.Hosts.Distinct(StringComparer.Ordinal))
                {
                    if (claims.TryGetValue((gateway, host), out var first))
                    {
                        var at = first.DeclRange;
                        f.Error(RuleCodes.HostConflict, "Host claimed twice",
                            $"{Findings.Describe(vs)} and {Findings.Describe(first)} (at {at.Filename}:{at.Start.Line},{at.Start.Column}) both route host \"{host}\" on gateway \"{gateway}\".",
                            Findings.At(vs, vs.Ranges, "hosts"), "Merge the routes into one virtual service, or bind them to different gateways.");
                        continue;
                    }

                    claims[(gateway, host)] = vs;
                }
            }

            CheckSubsets(vs, rulesByHost, f);
            CheckReachability(vs, f);
        }

        if (catalog is not null)
        {
            var entryHosts = rules.OfKind<ServiceEntry>().SelectMany(s => s.Hosts).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var dr in destinationRules)
            {
                if (!dr.Host.Contains('*', StringComparison.Ordinal) && !entryHosts.Contains(dr.Host) && !catalog.HasService(dr.Host))
                {
                    f.Warning(RuleCodes.UnknownHost, "Destination rule for an unknown service",
                        $"{Findings.Describe(dr)} applies to host \"{dr.Host}\", but no registered service or service entry has that host, so it has no effect.",
                        Findings.At(dr, dr.Ranges, "host"), "Check the host name, register the service, or add a service_entry for it.");
                }
            }
        }
    }

    private static void CheckSubsets(VirtualService vs, SubsetIndex rules, Findings f)
    {
        var references = vs.Http.SelectMany(r => r.Route.Select(d => (r.Name, d.Destination, d.Subset, d.Ranges))
                .Concat(r.Mirror is { } m ? [(r.Name, m.Destination, m.Subset, m.Ranges)] : []))
            .Concat(vs.Tcp.SelectMany(r => r.Route.Select(d => (r.Name, d.Destination, d.Subset, d.Ranges))));
        foreach (var (route, host, subset, ranges) in references)
        {
            if (subset is null)
            {
                continue;
            }

            var defined = rules.SubsetsFor(host);
            if (defined.Contains(subset, StringComparer.Ordinal))
            {
                continue;
            }

            var suggestion = DidYouMean.Suggest(subset, defined);
            var detail = defined.Count == 0
                ? $"In {Findings.Describe(vs)}, route \"{route}\" sends traffic to subset \"{subset}\" of \"{host}\", but no destination rule for \"{host}\" defines subsets."
                : $"In {Findings.Describe(vs)}, route \"{route}\" sends traffic to subset \"{subset}\" of \"{host}\", but the destination rules for \"{host}\" define only {string.Join(", ", defined.Select(s => "\"" + s + "\""))}.";
            f.Error(RuleCodes.UnknownSubset, "Unknown subset", detail, Findings.At(vs, ranges, "subset"),
                suggestion is not null ? $"Use \"{suggestion}\"." : $"Add subset \"{subset}\" to a destination_rule with host \"{host}\".");
        }
    }

    private static void CheckReachability(VirtualService vs, Findings f)
    {
        ReportAfterCatchAll(vs, [.. vs.Http.Select(r => (r.Name, r.Ranges, CatchAll: r.Match.Count == 0 || r.Match.Any(IsCatchAll)))], "HTTP", f);
        ReportAfterCatchAll(vs, [.. vs.Tcp.Select(r => (r.Name, r.Ranges, CatchAll: r.Match.Count == 0))], "TCP", f);
    }

    private static void ReportAfterCatchAll(VirtualService vs, List<(string Name, RangeMap Ranges, bool CatchAll)> routes, string kind, Findings f)
    {
        var first = routes.FindIndex(r => r.CatchAll);
        if (first < 0)
        {
            return;
        }

        foreach (var route in routes.Skip(first + 1))
        {
            f.Warning(RuleCodes.UnreachableRoute, "Unreachable route",
                $"In {Findings.Describe(vs)}, {kind} route \"{route.Name}\" can never match: the earlier route \"{routes[first].Name}\" matches every request, and the first matching route wins.",
                Findings.LabelOf(vs, route.Ranges), $"Move route \"{route.Name}\" before \"{routes[first].Name}\", or give \"{routes[first].Name}\" a narrower match.");
        }
    }

    /// <summary>A match with no condition but, at most, the path prefix "/".</summary>
    private static bool IsCatchAll(HttpMatch m)
        => m.Scheme is null && m.Method is null && m.Authority is null && m.Headers.Count == 0 && m.QueryParams.Count == 0
            && m.WithoutHeaders.Count == 0 && m.Port is null && m.SourceLabels.Count == 0 && m.Gateways.Count == 0
            && (m.Uri is null || (m.Uri.MatchKind == StringMatchKind.Prefix && m.Uri.Value is "/" or ""));

    /// <summary>Whether a destination rule host (possibly <c>*.example.com</c>) covers a route's host.</summary>
    public static bool HostMatches(string ruleHost, string host)
        => string.Equals(ruleHost, host, StringComparison.OrdinalIgnoreCase)
            || (ruleHost.StartsWith('*') && host.EndsWith(ruleHost[1..], StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Destination rules' subset names by host: exact hosts in a dictionary, wildcard hosts in a short list, so checking
    /// every route of a large bundle stays linear (a scan per route made 10,000 resources take seconds).
    /// </summary>
    private sealed class SubsetIndex
    {
        private readonly Dictionary<string, List<string>> _exact = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<DestinationRule> _wildcards = [];

        public SubsetIndex(IEnumerable<DestinationRule> rules)
        {
            foreach (var rule in rules)
            {
                if (rule.Host.StartsWith('*'))
                {
                    _wildcards.Add(rule);
                    continue;
                }

                if (!_exact.TryGetValue(rule.Host, out var names))
                {
                    _exact[rule.Host] = names = [];
                }

                names.AddRange(rule.Subsets.Select(s => s.Name));
            }
        }

        public List<string> SubsetsFor(string host)
        {
            var names = _exact.TryGetValue(host, out var exact) ? new List<string>(exact) : [];
            foreach (var rule in _wildcards)
            {
                if (HostMatches(rule.Host, host))
                {
                    names.AddRange(rule.Subsets.Select(s => s.Name));
                }
            }

            return names;
        }
    }
}
