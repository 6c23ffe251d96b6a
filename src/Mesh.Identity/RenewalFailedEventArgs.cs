namespace Mesh.Identity;

/// <summary>A renewal (of a certificate or a token) failed; it will be retried after <see cref="RetryIn"/>.</summary>
public sealed class RenewalFailedEventArgs(Exception exception, int attempt, TimeSpan retryIn) : EventArgs
{
    /// <summary>What went wrong.</summary>
    public Exception Exception { get; } = exception;

    /// <summary>How many attempts in a row have failed.</summary>
    public int Attempt { get; } = attempt;

    /// <summary>The delay before the next attempt.</summary>
    public TimeSpan RetryIn { get; } = retryIn;
}
