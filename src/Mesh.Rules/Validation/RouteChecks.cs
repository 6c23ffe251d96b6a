using System.Text.RegularExpressions;
using Mesh.Rules.Model;

namespace Mesh.Rules.Validation;

/// <summary>Checks within one virtual service.</summary>
internal static class RouteChecks
{
    public static void Check(VirtualService vs, Findings f)
    {
        var what = Findings.Describe(vs);
        CheckDuplicates(vs, vs.Http.Select(r => (r.Name, r.Ranges)), "HTTP route", f);
        CheckDuplicates(vs, vs.Tcp.Select(r => (r.Name, r.Ranges)), "TCP route", f);
        foreach (var route in vs.Http)
        {
            var where = $"In {what}, HTTP route \"{route.Name}\"";
            CheckHttp(vs, route, where, f);
        }

        foreach (var route in vs.Tcp)
        {
            var where = $"In {what}, TCP route \"{route.Name}\"";
            CheckWeights(vs, [.. route.Route.Select(d => (d.Weight, d.Ranges))], where, f);
            foreach (var d in route.Route)
            {
                Numbers.Port(vs, d.Ranges, "port", d.Port, where, f);
            }
        }
    }

    private static void CheckHttp(VirtualService vs, HttpRoute route, string where, Findings f)
    {
        if (route.Redirect is not null && route.Route.Count > 0)
        {
            f.Error(RuleCodes.RedirectWithRoute, "Redirect mixed with route",
                $"{where} has both a redirect block and route blocks; a route either redirects or forwards.",
                route.Redirect.Ranges.BlockRange ?? Findings.LabelOf(vs, route.Ranges),
                "Remove the redirect block or the route blocks.");
        }
        else if (route.Redirect is null && route.Route.Count == 0)
        {
            f.Error(RuleCodes.NoAction, "Route without destination",
                $"{where} has neither route blocks nor a redirect block, so matching requests have nowhere to go.",
                Findings.LabelOf(vs, route.Ranges), "Add a route block with a destination, or a redirect block.");
        }

        CheckWeights(vs, [.. route.Route.Select(d => (d.Weight, d.Ranges))], where, f);
        foreach (var d in route.Route)
        {
            Numbers.Port(vs, d.Ranges, "port", d.Port, where, f);
        }

        foreach (var m in route.Match)
        {
            foreach (var (name, match) in MatchesOf(m))
            {
                CheckRegex(match, where, name, f, vs);
            }
        }

        if (route.Cors is { } cors)
        {
            foreach (var pattern in cors.AllowOriginRegexes)
            {
                CheckRegex(new StringMatch { MatchKind = StringMatchKind.Regex, Value = pattern, Ranges = cors.Ranges }, where, "allow_origin_regexes", f, vs, "allow_origin_regexes");
            }
        }

        Numbers.Duration(vs, route.Ranges, "timeout", route.Timeout, where, f);
        if (route.Retries is { } retries)
        {
            Numbers.Duration(vs, retries.Ranges, "per_try_timeout", retries.PerTryTimeout, where, f);
            if (retries.Attempts == 0)
            {
                f.Warning(RuleCodes.ZeroRetries, "Retries with zero attempts",
                    $"{where} sets a retries block with attempts = 0, which turns retries off; the other retry settings have no effect.",
                    Findings.At(vs, retries.Ranges, "attempts"), "Set attempts to at least 1, or remove the retries block.");
            }
            else if (retries.Attempts < 0)
            {
                f.Error(RuleCodes.BadNumber, "Negative retry attempts", $"{where} sets attempts = {retries.Attempts}.",
                    Findings.At(vs, retries.Ranges, "attempts"), "Set attempts to a number of at least 1.");
            }
        }

        if (route.Fault is { } fault)
        {
            if (fault.Delay is null && fault.Abort is null)
            {
                f.Error(RuleCodes.EmptyFault, "Fault without delay or abort",
                    $"{where} has a fault block with neither a delay nor an abort block, so it injects nothing.",
                    fault.Ranges.BlockRange ?? vs.DeclRange, "Add a delay or an abort block, or remove the fault block.");
            }

            if (fault.Delay is { } delay)
            {
                Numbers.Duration(vs, delay.Ranges, "fixed", delay.Fixed, where, f);
                Numbers.Percentage(vs, delay.Ranges, "percentage", delay.Percentage, where, f);
            }

            if (fault.Abort is { } abort)
            {
                Numbers.Percentage(vs, abort.Ranges, "percentage", abort.Percentage, where, f);
                Numbers.Range(vs, abort.Ranges, "http_status", abort.HttpStatus, 200, 599, where, f);
            }
        }

        if (route.Mirror is { } mirror)
        {
            Numbers.Percentage(vs, mirror.Ranges, "percentage", mirror.Percentage, where, f);
            Numbers.Port(vs, mirror.Ranges, "port", mirror.Port, where, f);
        }

        if (route.Redirect is { } redirect)
        {
            Numbers.Port(vs, redirect.Ranges, "port", redirect.Port, where, f);
            Numbers.Range(vs, redirect.Ranges, "redirect_code", redirect.RedirectCode, 300, 399, where, f);
        }

        Numbers.Duration(vs, route.Cors?.Ranges ?? RangeMap.Empty, "max_age", route.Cors?.MaxAge, where, f);
    }

    /// <summary>Weights: none negative, not all zero, and summing to 100 when there are several destinations.</summary>
    private static void CheckWeights(VirtualService vs, List<(int? Weight, RangeMap Ranges)> routes, string where, Findings f)
    {
        var bad = false;
        foreach (var (weight, ranges) in routes)
        {
            if (weight is < 0 or > 100)
            {
                bad = true;
                f.Error(RuleCodes.NegativeWeight, "Weight out of range", $"{where} has a destination with weight {weight}; weights are from 0 to 100.",
                    Findings.At(vs, ranges, "weight"), "Use a weight from 0 to 100.");
            }
        }

        if (bad || routes.Count == 0)
        {
            return;
        }

        if (routes.All(r => r.Weight == 0))
        {
            f.Error(RuleCodes.AllWeightsZero, "All weights are zero", $"{where} gives every destination weight 0, so no traffic can be sent.",
                Findings.At(vs, routes[0].Ranges, "weight"), "Give at least one destination a positive weight.");
            return;
        }

        var sum = routes.Sum(r => r.Weight ?? 0);
        if (routes.Count > 1 && sum != 100)
        {
            f.Error(RuleCodes.WeightSum, "Weights do not add up to 100",
                $"{where} has {routes.Count} destinations whose weights add up to {sum}; with several destinations the weights must add up to 100 (an omitted weight counts as 0).",
                Findings.At(vs, routes[0].Ranges, "weight"), "Adjust the weights so that they add up to 100.");
        }
    }

    private static IEnumerable<(string Name, StringMatch Match)> MatchesOf(HttpMatch m)
    {
        foreach (var (name, match) in new[] { ("uri", m.Uri), ("scheme", m.Scheme), ("method", m.Method), ("authority", m.Authority) })
        {
            if (match is not null)
            {
                yield return (name, match);
            }
        }

        foreach (var (name, map) in new[] { ("headers", m.Headers), ("query_params", m.QueryParams), ("without_headers", m.WithoutHeaders) })
        {
            foreach (var (_, match) in map)
            {
                yield return (name, match);
            }
        }
    }

    private static void CheckRegex(StringMatch match, string where, string name, Findings f, Resource r, string? key = null)
    {
        if (match.MatchKind != StringMatchKind.Regex)
        {
            return;
        }

        try
        {
            _ = new Regex(match.Value, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            f.Error(RuleCodes.BadRegex, "Invalid regular expression",
                $"{where}: the regular expression \"{match.Value}\" in \"{name}\" does not compile: {e.Message}",
                (key is null ? match.Ranges.BlockRange : match.Ranges.Get(key)) ?? r.DeclRange, "Fix the expression, or use exact or prefix matching.");
        }
    }

    /// <summary>Reports names used twice within one resource.</summary>
    public static void CheckDuplicates(Resource r, IEnumerable<(string Name, RangeMap Ranges)> items, string what, Findings f)
    {
        var seen = new Dictionary<string, RangeMap>(StringComparer.Ordinal);
        foreach (var (name, ranges) in items)
        {
            if (seen.TryGetValue(name, out var first))
            {
                var at = Findings.LabelOf(r, first);
                f.Error(RuleCodes.DuplicateName, $"Duplicate {what} name",
                    $"In {Findings.Describe(r)}, the {what} name \"{name}\" is already used at {at.Filename}:{at.Start.Line},{at.Start.Column}.",
                    Findings.LabelOf(r, ranges), $"Give each {what} a unique name.");
                continue;
            }

            seen[name] = ranges;
        }
    }
}
