using System.Text;

namespace Mesh.Rules.Model;

/// <summary>The rules language's spelling of enum members: lowercase snake_case (<c>LeastRequest</c> is <c>least_request</c>).</summary>
public static class EnumNames
{
    /// <summary>The snake_case name of a member.</summary>
    public static string ToName<T>(T value)
        where T : struct, Enum => Snake(value.ToString());

    /// <summary>All names of an enum, in declaration order.</summary>
    public static IReadOnlyList<string> Names<T>()
        where T : struct, Enum => [.. Enum.GetValues<T>().Select(v => ToName(v))];

    /// <summary>Finds the member with the given snake_case name (case-sensitive).</summary>
    public static bool TryParse<T>(string name, out T value)
        where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            if (string.Equals(ToName(v), name, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Snake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(pascal[i - 1]))
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
