using System.Globalization;

namespace Mesh.Bench.LoadGen;

/// <summary>Command line of the load generator.</summary>
internal sealed class LoadOptions
{
    public string Address { get; private set; } = "127.0.0.1";

    public int Port { get; private set; }

    public string HostHeader { get; private set; } = "bench";

    public string Path { get; private set; } = "/1k";

    public double Rate { get; private set; } = 1000;

    public double DurationSeconds { get; private set; } = 10;

    public double WarmupSeconds { get; private set; } = 2;

    public int Connections { get; private set; } = 32;

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--address": o.Address = value; break;
                case "--port": o.Port = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--host": o.HostHeader = value; break;
                case "--path": o.Path = value; break;
                case "--rate": o.Rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--duration": o.DurationSeconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": o.WarmupSeconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--connections": o.Connections = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException("unknown option " + args[i] + "; usage: --port N [--address A] [--host H] [--path P] [--rate RPS] [--duration S] [--warmup S] [--connections N]");
            }

            i++;
        }

        if (o.Port <= 0 || o.Rate <= 0 || o.Connections <= 0)
        {
            throw new ArgumentException("--port, --rate and --connections must be positive");
        }

        return o;
    }
}
