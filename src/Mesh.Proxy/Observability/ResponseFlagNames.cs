namespace Mesh.Proxy.Observability;

/// <summary>The Envoy spelling of every combination of <see cref="ResponseFlags"/>, computed once.</summary>
internal static class ResponseFlagNames
{
    private static readonly string[] s_codes = ["UF", "UO", "NR", "UH", "FI", "DI", "UT", "URX"];
    private static readonly string[] s_names = Build();

    /// <summary>The flags as Envoy prints them (<c>UT,URX</c>), or <c>-</c>.</summary>
    public static string ToName(ResponseFlags flags) => s_names[(int)flags & (s_names.Length - 1)];

    private static string[] Build()
    {
        var names = new string[1 << s_codes.Length];
        names[0] = "-";
        for (var mask = 1; mask < names.Length; mask++)
        {
            var parts = new List<string>(s_codes.Length);
            for (var bit = 0; bit < s_codes.Length; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    parts.Add(s_codes[bit]);
                }
            }

            names[mask] = string.Join(',', parts);
        }

        return names;
    }
}
