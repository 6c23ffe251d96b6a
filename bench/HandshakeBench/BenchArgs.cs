using System.Globalization;

namespace Mesh.Bench.HandshakeBench;

/// <summary>Command line of the handshake benchmark: a mode, then <c>--name value</c> options and flags.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    private BenchArgs(string mode) => Mode = mode;

    public const string Usage = """
        usage: HandshakeBench <mode> [options]
          write-certs <dir>       CA (ca.pem, ca-key.pem) in <dir>, plus server.pem and client.pem (leaf + chain + key) for haproxy
          server --ca-dir D --tls-port P [--plain-port P] [--body-size 1024]
                                  MeshTls server (client certificate required) answering every HTTP/1.1 request
          handshake --port P --ca-dir D [--concurrency 32] [--duration 10] [--warmup 3] [--cpu-pid PID]...
                                  new TCP + full mTLS handshake (no resumption) + one request per connection
          keepalive --port P [--tls --ca-dir D] [--connections 16] [--duration 10] [--warmup 3] [--cpu-pid PID]...
                                  requests over reused connections (mTLS or plaintext)
          report <raw.jsonl> <out.md>
                                  medians of the rounds as a Markdown table
        Client modes print one JSON line; --cpu-pid samples utime+stime of that process around the measured window.
        """;

    public string Mode { get; }

    public IReadOnlyList<string> Positional => _positional;

    /// <summary>Every <c>--cpu-pid</c> given (may repeat).</summary>
    public List<int> CpuPids { get; } = [];

    public static BenchArgs Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException(Usage);
        }

        var parsed = new BenchArgs(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed._positional.Add(arg);
            }
            else if (arg is "--tls")
            {
                parsed._flags.Add(arg);
            }
            else if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{arg} needs a value.\n{Usage}");
            }
            else if (arg is "--cpu-pid")
            {
                parsed.CpuPids.Add(int.Parse(args[++i], CultureInfo.InvariantCulture));
            }
            else
            {
                parsed._options[arg] = args[++i];
            }
        }

        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string Text(string name) =>
        _options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required.\n{Usage}");

    public string? TextOrNull(string name) => _options.GetValueOrDefault(name);

    public int Number(string name, int fallback) =>
        _options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Seconds(string name, double fallback) =>
        _options.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
