using Mesh.Bench.LoadGen;

// Open-loop load at a fixed rate; prints one JSON line with corrected latency percentiles.
var options = LoadOptions.Parse(args);
var result = await new OpenLoopRunner(options).RunAsync().ConfigureAwait(false);
Console.WriteLine(result.ToJson());
