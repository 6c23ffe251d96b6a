using System.Globalization;

namespace Mesh.Bench.SidecarHost;

/// <summary>Command line of the benchmark sidecar.</summary>
internal sealed class SidecarOptions
{
    public int Port { get; private set; }

    public int BackendPort { get; private set; }

    public string Host { get; private set; } = "bench";

    /// <summary>Listen with mTLS (the inbound sidecar of the two-proxy path).</summary>
    public bool TlsListen { get; private set; }

    /// <summary>Speak mTLS to the upstream (the outbound sidecar of the two-proxy path).</summary>
    public bool TlsUpstream { get; private set; }

    /// <summary>Where the built-in CA keeps its root; both sidecars of the mTLS path share it.</summary>
    public string? CaDirectory { get; private set; }

    /// <summary>Bare YARP forwarder instead of the mesh pipeline (the floor to compare with).</summary>
    public bool Bare { get; private set; }

    /// <summary>Samples allocations by type (GC AllocationTick events); SIGHUP prints the report.</summary>
    public bool SampleAllocations { get; private set; }

    public static SidecarOptions Parse(string[] args)
    {
        var options = new SidecarOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port":
                    options.Port = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--backend-port":
                    options.BackendPort = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--host":
                    options.Host = args[++i];
                    break;
                case "--tls-listen":
                    options.TlsListen = true;
                    break;
                case "--tls-upstream":
                    options.TlsUpstream = true;
                    break;
                case "--bare":
                    options.Bare = true;
                    break;
                case "--sample-allocations":
                    options.SampleAllocations = true;
                    break;
                case "--ca-dir":
                    options.CaDirectory = args[++i];
                    break;
                default:
                    throw new ArgumentException("unknown option " + args[i] + "; usage: --port N --backend-port N [--host H] [--tls-listen] [--tls-upstream] [--ca-dir DIR] [--bare] [--sample-allocations]");
            }
        }

        if (options.Port <= 0 || options.BackendPort <= 0)
        {
            throw new ArgumentException("--port and --backend-port are required");
        }

        if ((options.TlsListen || options.TlsUpstream) && options.CaDirectory is null)
        {
            throw new ArgumentException("--ca-dir is required with --tls-listen or --tls-upstream");
        }

        return options;
    }
}
