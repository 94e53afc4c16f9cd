using Octopoda.Protocol.Enrollment;

namespace Octopoda.Perf.Simulation;

/// <summary>What <c>octopoda-perf simulate</c> was asked to do.</summary>
internal sealed class SimulatorOptions
{
    public required Uri Brain { get; init; }

    public required JoinToken JoinToken { get; init; }

    public required int Count { get; init; }

    /// <summary>Node names are the prefix and a zero-padded number: <c>sim0001</c>.</summary>
    public required string Prefix { get; init; }

    /// <summary>Digits in the number (at least enough for <see cref="Count"/>).</summary>
    public required int Digits { get; init; }

    /// <summary>Where each node's key and certificate are cached, one directory per node.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Enrolments in flight at once.</summary>
    public required int EnrolConcurrency { get; init; }

    /// <summary>Connection handshakes (TLS, upgrade, Hello/Welcome) in flight at once.</summary>
    public required int DialConcurrency { get; init; }

    public string NodeName(int index) => Prefix + (index + 1).ToString("D" + Digits, System.Globalization.CultureInfo.InvariantCulture);
}
