namespace Octopoda.Cli.Output;

/// <summary>The <c>-o</c> choices.</summary>
internal enum OutputFormat
{
    /// <summary>Tables and coloured reports for people.</summary>
    Table,

    /// <summary>One JSON document on stdout and nothing else.</summary>
    Json,

    /// <summary>Plain lines for pipes; for commands, each output line prefixed by its node (pdsh style).</summary>
    Lines,
}
