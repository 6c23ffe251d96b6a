using Mesh.Rules.Validation;
using S = Mesh.Snapshots.Clusters;

namespace Mesh.Rules.Compilation;

/// <summary>Builds the cluster of a destination host from its destination rule and the catalog.</summary>
internal static class ClusterBuilder
{
    /// <summary>Clusters for the given canonical hosts, in ordinal host order.</summary>
    public static List<S.Cluster> Build(IEnumerable<string> hosts, CompileContext ctx)
        => [.. hosts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(h => Build(h, ctx))];

    private static S.Cluster Build(string host, CompileContext ctx)
    {
        var service = ctx.Service(host);
        var rule = ctx.DestinationRuleFor(host);
        var policy = PolicyConverter.Convert(rule?.TrafficPolicy);
        var subsets = new List<S.Subset>();
        if (rule is not null)
        {
            var instances = ctx.Labels(host);
            foreach (var subset in rule.Subsets)
            {
                var labels = new Dictionary<string, string>(subset.Labels, StringComparer.Ordinal);
                subsets.Add(new S.Subset
                {
                    Name = subset.Name,
                    Labels = labels,
                    TrafficPolicy = PolicyConverter.Merge(policy, PolicyConverter.Convert(subset.TrafficPolicy)),
                });

                if (service is not null && !instances.Any(i => labels.All(l => i.TryGetValue(l.Key, out var v) && string.Equals(v, l.Value, StringComparison.Ordinal))))
                {
                    var selector = string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}"));
                    ctx.Warn(CompileCodes.EmptySubset, "Subset selects no instance",
                        $"Subset \"{subset.Name}\" of {Findings.Describe(rule)} selects no instance of service \"{service.Name}\" ({selector}); traffic routed to it fails with 503.",
                        Findings.LabelOf(rule, subset.Ranges), "Check the subset's labels against the instances' meta (or key=value tags), or deploy the missing version.");
                }
            }
        }

        return new S.Cluster
        {
            Host = host,
            Service = service?.Name,
            TrafficPolicy = policy,
            Subsets = subsets,
        };
    }
}
