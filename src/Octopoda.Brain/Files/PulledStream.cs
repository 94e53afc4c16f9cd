namespace Octopoda.Brain.Files;

/// <summary>A stream fetched from a node, verified, in the <see cref="FileSpool"/> under <see cref="TransferId"/>.</summary>
internal sealed record PulledStream(string TransferId, long TotalBytes, string Sha256);
