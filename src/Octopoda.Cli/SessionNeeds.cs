namespace Octopoda.Cli;

/// <summary>Which credentials a command's client sends.</summary>
internal enum SessionNeeds
{
    /// <summary>The token by precedence and the current path; an expired session with no other token is refused before sending.</summary>
    Token,

    /// <summary>The login session's own token (none if it expired) and the current path: <c>octl logout</c>.</summary>
    SessionToken,

    /// <summary>No token and no path, and the session is not read: <c>octl login</c>.</summary>
    Anonymous,
}
