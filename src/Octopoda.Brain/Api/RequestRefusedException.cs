namespace Octopoda.Brain.Api;

/// <summary>
/// A request refused by the code it reached: outside the caller's scope (403), naming something that does not exist
/// (404), or malformed (400). Thrown where the rule lives (<see cref="Access.CallerScope"/>, the workgroup tree,
/// target resolution); <see cref="RefusalFilter"/> answers it as a problem for every API endpoint, so none needs its
/// own translation. The message is shown to the caller, says what to do, and never holds a secret.
/// </summary>
internal sealed class RequestRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static RequestRefusedException Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);

    public static RequestRefusedException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static RequestRefusedException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    /// <summary>The problem response for this refusal.</summary>
    public IResult ToResult() => Problems.Result(Status, Problems.TitleFor(Status), Message);
}
