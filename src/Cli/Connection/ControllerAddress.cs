namespace Mesh.Cli.Connection;

/// <summary>Checks and normalizes a controller address (an absolute http:// or https:// URL).</summary>
internal static class ControllerAddress
{
    public static bool IsValid(string text) => TryParse(text, out _);

    /// <summary>Parses <paramref name="text"/>, giving the URL a trailing slash so relative API paths resolve beneath it.</summary>
    public static bool TryParse(string text, out Uri address)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            address = null!;
            return false;
        }

        address = uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        return true;
    }

    /// <summary>The address as people write it: without the trailing slash of a bare host.</summary>
    public static string Display(Uri address)
    {
        var text = address.AbsoluteUri;
        return address.AbsolutePath == "/" ? text.TrimEnd('/') : text;
    }
}
