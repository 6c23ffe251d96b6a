using Mesh.Hcl.Diagnostics;
using Mesh.Rules.Validation;

namespace Mesh.Rules.Tests;

public sealed class ValidationTests
{
    private const string Subsets = """
        destination_rule "r" {
          host = "reviews"
          subset "v1" { labels = { version = "v1" } }
          subset "v2" { labels = { version = "v2" } }
        }

        """;

    private static void AssertFinding(string text, string code, int line, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var found = TestFiles.Check(text);
        var hit = found.FirstOrDefault(d => d.Code == code);
        Assert.True(hit is not null, $"no {code}; got: " + string.Join("\n", found.Select(d => $"{d.Code} {d}")));
        Assert.Equal(line, hit.Subject!.Value.Start.Line);
        Assert.Equal(severity, hit.Severity);
        Assert.Equal("rules.hcl", hit.Subject.Value.Filename);
        Assert.NotEmpty(hit.Suggestion);
    }

    [Fact]
    public void Validate_FullExample_FindsNothing()
    {
        var bundle = TestFiles.Load(TestFiles.FullExample);

        Assert.Empty(RuleValidator.Validate(bundle.Rules));
    }

    [Theory]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route {\n      destination = \"x\"\n      wieght = 1\n    }\n  }\n}\n", RuleCodes.UnknownItem, 6)]
    [InlineData("virtual_service \"a\" {\n  http \"h\" {\n    route { destination = \"x\" }\n  }\n}\n", RuleCodes.MissingItem, 5)]
    [InlineData("destination_rule \"a\" {\n  host = \"x\"\n  traffic_policy {\n    load_balancer {\n      simple = \"least_requests\"\n    }\n  }\n}\n", RuleCodes.BadEnum, 5)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route { destination = \"x\" }\n    timeout = \"2 seconds\"\n  }\n}\n", RuleCodes.BadDuration, 5)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route { destination = \"x\" }\n    mirror {\n      destination = \"x\"\n      percentage  = 120\n    }\n  }\n}\n", RuleCodes.BadPercentage, 7)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route {\n      destination = \"x\"\n      weight      = \"lots\"\n    }\n  }\n}\n", RuleCodes.WrongType, 6)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route {\n      destination = \"x\"\n      weight      = -10\n    }\n    route {\n      destination = \"x\"\n      weight      = 110\n    }\n  }\n}\n", RuleCodes.NegativeWeight, 6)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route {\n      destination = \"x\"\n      weight      = 0\n    }\n    route {\n      destination = \"x\"\n      weight      = 0\n    }\n  }\n}\n", RuleCodes.AllWeightsZero, 6)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route {\n      destination = \"x\"\n      weight      = 60\n    }\n    route {\n      destination = \"x\"\n      weight      = 30\n    }\n  }\n}\n", RuleCodes.WeightSum, 6)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    match {\n      uri = { regex = \"/a/(b\" }\n    }\n    route { destination = \"x\" }\n  }\n}\n", RuleCodes.BadRegex, 5)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route { destination = \"x\" }\n    fault {\n    }\n  }\n}\n", RuleCodes.EmptyFault, 5)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    redirect { uri = \"/b\" }\n    route { destination = \"x\" }\n  }\n}\n", RuleCodes.RedirectWithRoute, 4)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n}\nvirtual_service \"a\" {\n  hosts = [\"y\"]\n}\n", RuleCodes.DuplicateName, 4)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route { destination = \"x\" }\n  }\n  http \"h\" {\n    route { destination = \"x\" }\n  }\n}\n", RuleCodes.DuplicateName, 6)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    timeout = \"1s\"\n  }\n}\n", RuleCodes.NoAction, 3)]
    [InlineData("gateway \"g\" {\n  server {\n    port     = 70000\n    protocol = \"http\"\n    hosts    = [\"x\"]\n  }\n}\n", RuleCodes.BadNumber, 3)]
    [InlineData(Subsets + "virtual_service \"a\" {\n  hosts = [\"reviews\"]\n  http \"h\" {\n    route {\n      destination = \"reviews\"\n      subset      = \"v3\"\n    }\n  }\n}\n", RuleCodes.UnknownSubset, 11)]
    [InlineData("virtual_service \"a\" {\n  hosts = [\"x\"]\n}\nvirtual_service \"b\" {\n  hosts = [\"x\"]\n}\n", RuleCodes.HostConflict, 5)]
    [InlineData("virtual_service \"a\" {\n  hosts    = [\"x\"]\n  gateways = [\"public\"]\n}\n", RuleCodes.UnknownGateway, 3)]
    public void Validate_BadRule_ReportsCodeAtLine(string text, string code, int line)
        => AssertFinding(text, code, line);

    [Fact]
    public void Validate_RetriesWithZeroAttempts_Warns()
        => AssertFinding("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"h\" {\n    route { destination = \"x\" }\n    retries {\n      attempts = 0\n    }\n  }\n}\n",
            RuleCodes.ZeroRetries, 6, DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_RouteAfterCatchAll_WarnsUnreachable()
        => AssertFinding("virtual_service \"a\" {\n  hosts = [\"x\"]\n  http \"all\" {\n    match {\n      uri = { prefix = \"/\" }\n    }\n    route { destination = \"x\" }\n  }\n  http \"later\" {\n    route { destination = \"x\" }\n  }\n}\n",
            RuleCodes.UnreachableRoute, 9, DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_FailoverWithoutOutlierDetection_Warns()
        => AssertFinding("destination_rule \"a\" {\n  host = \"x\"\n  traffic_policy {\n    load_balancer {\n      locality {\n        failover {\n          from = \"eu-west\"\n          to   = \"eu-central\"\n        }\n      }\n    }\n  }\n}\n",
            RuleCodes.FailoverWithoutOutlier, 6, DiagnosticSeverity.Warning);

    [Fact]
    public void Validate_DestinationRuleForUnknownHost_WarnsOnlyWithCatalog()
    {
        const string Text = "destination_rule \"a\" {\n  host = \"ghost\"\n}\ndestination_rule \"b\" {\n  host = \"api.payments.example\"\n}\nservice_entry \"p\" {\n  hosts = [\"api.payments.example\"]\n}\n";

        Assert.DoesNotContain(TestFiles.Check(Text), d => d.Code == RuleCodes.UnknownHost);
        var found = TestFiles.Check(Text, new Catalog("reviews")).Where(d => d.Code == RuleCodes.UnknownHost).ToList();

        var only = Assert.Single(found);
        Assert.Equal(2, only.Subject!.Value.Start.Line);
    }

    [Fact]
    public void Load_UnsupportedArgument_SuggestsTheRightName()
    {
        var found = TestFiles.Check("destination_rule \"a\" {\n  hots = \"x\"\n}\n");

        var d = Assert.Single(found, d => d.Summary == "Unsupported argument");
        Assert.Equal(RuleCodes.UnknownItem, d.Code);
        Assert.Contains("Did you mean \"host\"?", d.Detail, StringComparison.Ordinal);
        Assert.Equal("Use \"host\".", d.Suggestion);
        Assert.Equal(2, d.Subject!.Value.Start.Line);
        Assert.Equal(3, d.Subject.Value.Start.Column);
    }

    [Fact]
    public void Load_BareKeywordEnum_IsAccepted()
    {
        var bundle = TestFiles.Load("peer_authentication \"p\" {\n  mode = permissive\n}\n");

        Assert.Empty(bundle.Diagnostics);
        Assert.Equal(Model.MtlsMode.Permissive, Assert.IsType<Model.PeerAuthentication>(bundle.Rules.Resources[0]).Mode);
    }

    private sealed class Catalog(params string[] hosts) : ICatalogView
    {
        public bool HasService(string host) => hosts.Contains(host);
    }
}
