namespace Octopoda.Protocol.Api;

/// <summary>Revoke a node's current certificate: the node is disconnected and refused until it enrols again.</summary>
public sealed record RevokeNodeRequest
{
    /// <summary>The node's exact name.</summary>
    public required string Node { get; init; }

    /// <summary>Why, kept with the revocation and quoted to the node when it is refused (at most 256 characters).</summary>
    public string? Reason { get; init; }
}
