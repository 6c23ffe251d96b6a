using System.Text.Json.Serialization;

namespace Mesh.Vault;

/// <summary>The <c>auth</c> block of a login or renew-self answer. <see cref="ToString"/> never shows the token.</summary>
public sealed class VaultAuth
{
    /// <summary>The token to send as X-Vault-Token (a secret: never log it).</summary>
    public string ClientToken { get; init; } = "";

    /// <summary>The token's accessor (safe to log).</summary>
    public string Accessor { get; init; } = "";

    /// <summary>The policies attached to the token.</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>How long the token lives unless renewed (zero for tokens that never expire, such as root).</summary>
    [JsonConverter(typeof(SecondsTimeSpanConverter))]
    public TimeSpan LeaseDuration { get; init; }

    /// <summary>Whether renew-self can extend it.</summary>
    public bool Renewable { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"VaultAuth {{ Accessor = {Accessor}, Policies = [{string.Join(", ", Policies)}], LeaseDuration = {LeaseDuration}, Renewable = {Renewable} }}";
}
