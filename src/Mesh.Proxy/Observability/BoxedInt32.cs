namespace Mesh.Proxy.Observability;

/// <summary>Boxed status codes and small counts, allocated once: span attributes take <see cref="object"/> values.</summary>
internal static class BoxedInt32
{
    private const int Max = 600;
    private static readonly object[] s_values = Create();

    /// <summary><paramref name="value"/> boxed, shared for 0 to 599.</summary>
    public static object Get(int value) => (uint)value < Max ? s_values[value] : value;

    private static object[] Create()
    {
        var values = new object[Max];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        return values;
    }
}
