namespace Octopoda.Tentacle.Link;

/// <summary>Where the Tentacle's link to the Brain stands, for logs, tests and the host.</summary>
internal enum LinkState
{
    Starting,
    Enrolling,
    Connecting,
    Connected,
    Backoff,
    Stopped,
}
