using Mesh.Controller.Dashboard;
using Mesh.ControllerApi;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Controller.Tests;

public sealed class TrafficAggregatorTests
{
    private const string Key = "mesh/traffic/node-1/productpage";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void Graph_TwoSamples_ComputesRateErrorRateAndLatencyOverTheWindow()
    {
        var aggregator = new TrafficAggregator(_time);
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v2", 100, 1, 1000)));
        _time.Advance(TimeSpan.FromSeconds(2));
        aggregator.Observe(Key, Report(Start.AddSeconds(2), Edge("productpage", "reviews", "v2", 120, 3, 1500)));

        var graph = aggregator.Graph();

        var edge = Assert.Single(graph.Edges);
        Assert.Equal(("productpage", "reviews"), (edge.Source, edge.Destination));
        Assert.Equal(10, edge.Rps, 3);
        Assert.Equal(10, edge.ErrorRate, 3);
        Assert.Equal(25, edge.LatencyMs, 3);
        Assert.Equal(["productpage", "reviews"], graph.Nodes.Select(n => n.Id));
        Assert.All(graph.Nodes, n => Assert.Equal("service", n.Kind));
        Assert.Equal(["v2"], graph.Nodes.Single(n => n.Id == "reviews").Versions);
        Assert.Equal(Start.AddSeconds(2), graph.GeneratedAt);
    }

    [Fact]
    public void Graph_FirstSampleOnly_ShowsTheEdgeWithoutARate()
    {
        var aggregator = new TrafficAggregator(_time);
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v1", 5000, 10, 9000)));

        var edge = Assert.Single(aggregator.Graph().Edges);

        Assert.Equal(0, edge.Rps);
        Assert.Equal(0, edge.ErrorRate);
    }

    [Fact]
    public void Graph_UsesTheReportTimesNotWhenTheyWereRead()
    {
        var aggregator = new TrafficAggregator(_time);
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v1", 0, 0, 0)));
        _time.Advance(TimeSpan.FromSeconds(1));
        aggregator.Observe(Key, Report(Start.AddSeconds(4), Edge("productpage", "reviews", "v1", 20, 0, 100)));

        Assert.Equal(5, Assert.Single(aggregator.Graph().Edges).Rps, 3);
    }

    [Fact]
    public void Graph_CounterWentDown_TreatsItAsARestartFromZero()
    {
        var aggregator = new TrafficAggregator(_time);
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v1", 900, 9, 9000)));
        _time.Advance(TimeSpan.FromSeconds(2));
        aggregator.Observe(Key, Report(Start.AddSeconds(2), Edge("productpage", "reviews", "v1", 8, 2, 80)));

        var edge = Assert.Single(aggregator.Graph().Edges);

        Assert.Equal(4, edge.Rps, 3);
        Assert.Equal(25, edge.ErrorRate, 3);
        Assert.Equal(10, edge.LatencyMs, 3);
    }

    [Fact]
    public void Graph_SameReportReadAgain_KeepsTheLastWindow()
    {
        var aggregator = new TrafficAggregator(_time);
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v1", 0, 0, 0)));
        _time.Advance(TimeSpan.FromSeconds(2));
        var second = Report(Start.AddSeconds(2), Edge("productpage", "reviews", "v1", 6, 0, 60));
        aggregator.Observe(Key, second);
        _time.Advance(TimeSpan.FromSeconds(2));
        aggregator.Observe(Key, second);

        Assert.Equal(3, Assert.Single(aggregator.Graph().Edges).Rps, 3);
    }

    [Fact]
    public void Graph_SumsNodesAndVersionsIntoOneEdgePerServicePair()
    {
        var aggregator = new TrafficAggregator(_time);
        const string other = "mesh/traffic/node-2/productpage";
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v1", 0, 0, 0), Edge("productpage", "reviews", "v2", 0, 0, 0)));
        aggregator.Observe(other, Report(Start, Edge("productpage", "reviews", "v3", 0, 0, 0)));
        _time.Advance(TimeSpan.FromSeconds(2));
        aggregator.Observe(Key, Report(Start.AddSeconds(2), Edge("productpage", "reviews", "v1", 2, 0, 20), Edge("productpage", "reviews", "v2", 4, 0, 40)));
        aggregator.Observe(other, Report(Start.AddSeconds(2), Edge("productpage", "reviews", "v3", 6, 3, 60)));

        var graph = aggregator.Graph();

        var edge = Assert.Single(graph.Edges);
        Assert.Equal(6, edge.Rps, 3);
        Assert.Equal(25, edge.ErrorRate, 3);
        Assert.Equal(10, edge.LatencyMs, 3);
        Assert.Equal(["v1", "v2", "v3"], graph.Nodes.Single(n => n.Id == "reviews").Versions);
    }

    [Fact]
    public void Graph_EdgeWithoutNewTrafficFor30Seconds_IsDropped()
    {
        var aggregator = new TrafficAggregator(_time);
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v1", 0, 0, 0), Edge("productpage", "ratings", "v1", 0, 0, 0)));
        _time.Advance(TimeSpan.FromSeconds(2));
        aggregator.Observe(Key, Report(Start.AddSeconds(2), Edge("productpage", "reviews", "v1", 10, 0, 0), Edge("productpage", "ratings", "v1", 10, 0, 0)));

        // Only reviews keeps getting traffic; ratings' counter stands still.
        for (var t = 4; t <= 34; t += 2)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            aggregator.Observe(Key, Report(Start.AddSeconds(t), Edge("productpage", "reviews", "v1", 10 + (5 * t), 0, 0), Edge("productpage", "ratings", "v1", 10, 0, 0)));
        }

        var graph = aggregator.Graph();

        Assert.Equal(["productpage->reviews"], graph.Edges.Select(e => $"{e.Source}->{e.Destination}"));
        Assert.Equal(["productpage", "reviews"], graph.Nodes.Select(n => n.Id));
    }

    [Fact]
    public void Graph_ReportNotUpdatedFor30Seconds_IsDropped()
    {
        var aggregator = new TrafficAggregator(_time);
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v1", 0, 0, 0)));
        _time.Advance(TimeSpan.FromSeconds(2));
        aggregator.Observe(Key, Report(Start.AddSeconds(2), Edge("productpage", "reviews", "v1", 10, 0, 0)));

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(aggregator.Graph().Edges);
        _time.Advance(TimeSpan.FromSeconds(1));
        var graph = aggregator.Graph();

        Assert.Empty(graph.Edges);
        Assert.Empty(graph.Nodes);
    }

    [Fact]
    public void Retain_DeletedReport_RemovesItsEdges()
    {
        var aggregator = new TrafficAggregator(_time);
        aggregator.Observe(Key, Report(Start, Edge("productpage", "reviews", "v1", 0, 0, 0)));

        aggregator.Retain([]);

        Assert.Empty(aggregator.Graph().Edges);
    }

    internal static TrafficReport Report(DateTimeOffset at, params TrafficEdge[] edges) => new() { UpdatedAt = at, Edges = edges };

    internal static TrafficEdge Edge(string source, string destination, string? version, long requests, long errors, double durationMsSum) =>
        new() { Source = source, Destination = destination, DestinationVersion = version, Requests = requests, Errors = errors, DurationMsSum = durationMsSum };
}
