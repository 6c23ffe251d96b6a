namespace Mesh.Controller.Storage;

/// <summary>Another change committed after this one read the manifest; nothing of this one is visible.</summary>
public sealed class ApplyConflictException : Exception
{
    public ApplyConflictException()
        : base("Another change was committed concurrently; nothing was stored. Re-run to apply on top of it.")
    {
    }

    public ApplyConflictException(string message)
        : base(message)
    {
    }

    public ApplyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
