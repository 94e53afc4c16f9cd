namespace Octopoda.Cli.Configuration;

/// <summary>Where the bearer token came from, in order of precedence.</summary>
internal enum TokenSource
{
    /// <summary>No token at all.</summary>
    None,

    /// <summary><c>--token</c>.</summary>
    Flag,

    /// <summary><c>OCTOPODA_TOKEN</c>.</summary>
    Environment,

    /// <summary><c>token:</c> in the session file (<c>octl login</c>).</summary>
    Session,

    /// <summary><c>token:</c> in <c>octl.yaml</c>.</summary>
    ConfigFile,
}
