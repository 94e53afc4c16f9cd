namespace Octopoda.Protocol.Api;

/// <summary>Give a group a password, making it an account (<c>POST /api/v1/workgroup/grant</c>).</summary>
public sealed record WorkgroupGrantRequest
{
    /// <summary>The group, absolute or relative to the current path; it must lie strictly under the caller's account.</summary>
    public required string Path { get; init; }

    /// <summary>At least 8 characters. Never logged, never stored in plain text.</summary>
    public required string Password { get; init; }
}
