using Octopoda.Brain.Gateway;
using Octopoda.Protocol.Api;

namespace Octopoda.Brain.Nodes;

/// <summary>A node's live state. Mutated under its own lock; read as a consistent <see cref="NodeView"/>.</summary>
internal sealed class LiveNode(string name)
{
    private readonly Lock _lock = new();
    private AgentSession? _session;
    private string? _address;
    private string? _version;
    private string? _platform;
    private DateTimeOffset? _onlineSince;
    private DateTimeOffset? _lastSeen;
    private double? _delayMs;
    private double? _clockOffsetMs;
    private long? _agentStartedAtUnixMs;

    public string Name { get; } = name;

    /// <summary>The node's current connection, if any.</summary>
    public AgentSession? Session
    {
        get
        {
            lock (_lock)
            {
                return _session;
            }
        }
    }

    /// <summary>Restores what the store remembers, at Brain start.</summary>
    public void Restore(string? address, string? version, string? platform, DateTimeOffset? lastSeen)
    {
        lock (_lock)
        {
            (_address, _version, _platform, _lastSeen) = (address, version, platform, lastSeen);
        }
    }

    /// <summary>
    /// Makes <paramref name="session"/> the node's connection; returns the one it replaces (newest wins), and
    /// whether the agent process is a different one from the last connection's (it restarted meanwhile).
    /// </summary>
    public (AgentSession? Previous, bool AgentRestarted) Attach(AgentSession session, string address, string version, string platform, long agentStartedAtUnixMs, DateTimeOffset now)
    {
        lock (_lock)
        {
            var previous = _session;
            var restarted = _agentStartedAtUnixMs is { } known && known != agentStartedAtUnixMs;
            _agentStartedAtUnixMs = agentStartedAtUnixMs;
            _session = session;
            (_address, _version, _platform) = (address, version, platform);
            _onlineSince = now;
            _lastSeen = now;
            _delayMs = null;
            _clockOffsetMs = null;
            return (previous, restarted);
        }
    }

    /// <summary>Detaches <paramref name="session"/> if it is still the current one; returns whether it was.</summary>
    public bool Detach(AgentSession session, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_session, session))
            {
                return false;
            }

            _session = null;
            _onlineSince = null;
            _lastSeen = now;
            return true;
        }
    }

    public void Beat(DateTimeOffset now, double? delayMs, double? clockOffsetMs)
    {
        lock (_lock)
        {
            _lastSeen = now;
            _delayMs = delayMs ?? _delayMs;
            _clockOffsetMs = clockOffsetMs ?? _clockOffsetMs;
        }
    }

    /// <summary>Time since the node was last heard from, or null if never.</summary>
    public TimeSpan? SilenceAt(DateTimeOffset now)
    {
        lock (_lock)
        {
            return now - _lastSeen;
        }
    }

    public NodeView ToView(DateTimeOffset now, LivenessOptions liveness)
    {
        lock (_lock)
        {
            var connected = _session is not null;
            return new NodeView
            {
                Name = Name,
                State = NodeStateRules.StateOf(connected, _lastSeen, now, liveness),
                Address = _address,
                Version = _version,
                Platform = _platform,
                DelayMs = connected ? _delayMs : null,
                ClockOffsetMs = connected ? _clockOffsetMs : null,
                OnlineSince = _onlineSince,
                LastSeen = _lastSeen,
            };
        }
    }
}
