using System.Globalization;

namespace Mesh.Bench.Apply;

/// <summary>
/// <c>--sizes 1,100,1000</c>, <c>--reps 7</c>, <c>--compile-sizes 10,100,1000,5000</c>, <c>--compile-reps 5</c>,
/// <c>--out [directory]</c> (default directory bench/results).
/// </summary>
internal sealed record BenchArguments(int[] Sizes, int Repetitions, int[] CompileSizes, int CompileRepetitions, string? OutDirectory)
{
    public static BenchArguments Parse(string[] args)
    {
        var result = new BenchArguments([1, 100, 1000], 7, [10, 100, 1000, 5000], 5, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            result = args[i] switch
            {
                "--sizes" => result with { Sizes = Numbers(Next()) },
                "--reps" => result with { Repetitions = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--compile-sizes" => result with { CompileSizes = Numbers(Next()) },
                "--compile-reps" => result with { CompileRepetitions = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--out" => result with { OutDirectory = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : DefaultOut() },
                _ => throw new ArgumentException($"Unknown argument {args[i]}; see bench/README.md (ApplyBench)."),
            };
        }

        return result;
    }

    private static int[] Numbers(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();

    // bench/results of the repository this runs in (found by walking up to Mesh.slnx), else ./bench/results.
    private static string DefaultOut()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "Mesh.slnx")))
            {
                return Path.Join(dir.FullName, "bench", "results");
            }
        }

        return Path.Join("bench", "results");
    }
}
