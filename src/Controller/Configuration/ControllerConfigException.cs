namespace Mesh.Controller.Configuration;

/// <summary>The configuration is invalid; the message names the file and line.</summary>
public sealed class ControllerConfigException : Exception
{
    public ControllerConfigException()
    {
    }

    public ControllerConfigException(string message)
        : base(message)
    {
    }

    public ControllerConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
