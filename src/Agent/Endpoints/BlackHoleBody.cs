namespace Mesh.Agent.Endpoints;

/// <summary>
/// The response body of a request refused by <c>registry_only</c> (Istio's BlackHoleCluster) while the proxy handles it:
/// the proxy finds no route for the host and flags the request <c>NR</c> (metrics, access log, span); this stream
/// swallows the proxy's own "no route" text and turns its status into 502 before anything is sent, so the caller
/// gets the 502 and the explanation <see cref="SidecarEgress"/> writes afterwards.
/// </summary>
internal sealed class BlackHoleBody(HttpResponse response) : Stream
{
    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Flush() => Refuse();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Refuse();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Refuse();

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Refuse();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Refuse();
        return Task.CompletedTask;
    }

    private void Refuse()
    {
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status502BadGateway;
        }
    }
}
