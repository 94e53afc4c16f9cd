namespace Octopoda.Brain.Workgroups;

/// <summary>A workgroup change refused; the message says why and what to do, <see cref="Status"/> is the HTTP status to answer with.</summary>
internal sealed class WorkgroupException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static WorkgroupException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static WorkgroupException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
