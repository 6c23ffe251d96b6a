namespace Mesh.Proxy.Routing;

/// <summary>Holds the current <see cref="RouteTable"/>; a swap is one atomic reference write.</summary>
public sealed class RouteTableHolder
{
    private RouteTable _current = RouteTable.Empty;

    /// <summary>The table new requests use. Read it once per request.</summary>
    public RouteTable Current => Volatile.Read(ref _current);

    /// <summary>Raised after a swap with the new table.</summary>
    public event Action<RouteTable>? Swapped;

    /// <summary>Installs a new table and returns the previous one.</summary>
    public RouteTable Swap(RouteTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var previous = Interlocked.Exchange(ref _current, table);
        Swapped?.Invoke(table);
        return previous;
    }
}
