namespace Octopoda.Protocol.Framing;

/// <summary>What a frame on the agent link carries. Values are part of the wire format: never renumber.</summary>
public enum MessageKind : ushort
{
    /// <summary>Not a valid kind; a frame with it is malformed.</summary>
    None = 0,

    /// <summary>Tentacle → Brain, first frame: who it is and which protocol it speaks.</summary>
    Hello = 1,

    /// <summary>Brain → Tentacle: the agreed protocol and the heartbeat interval.</summary>
    Welcome = 2,

    /// <summary>Tentacle → Brain, every heartbeat interval, with its send timestamp.</summary>
    Heartbeat = 3,

    /// <summary>Brain → Tentacle: the heartbeat's timestamps plus the Brain's receive and send times.</summary>
    HeartbeatAck = 4,

    /// <summary>Brain → Tentacle: asks for a resource sample; answered by <see cref="StatusReport"/>.</summary>
    StatusRequest = 5,

    /// <summary>Tentacle → Brain: a resource sample.</summary>
    StatusReport = 6,

    /// <summary>Brain → Tentacle: a task to run.</summary>
    TaskDispatch = 10,

    /// <summary>Tentacle → Brain: the task is recorded and will not be run twice.</summary>
    TaskAccepted = 11,

    /// <summary>Tentacle → Brain: the task's process started.</summary>
    TaskStarted = 12,

    /// <summary>Tentacle → Brain: a chunk of output of a running task.</summary>
    TaskOutput = 13,

    /// <summary>Tentacle → Brain: the task's final state; kept by the Tentacle until acknowledged.</summary>
    TaskResult = 14,

    /// <summary>Brain → Tentacle: the result is stored; the Tentacle may forget it.</summary>
    TaskResultAck = 15,

    /// <summary>Brain → Tentacle: stop a task and its whole process tree.</summary>
    TaskCancel = 16,

    /// <summary>Either side: the connection is about to close, and why.</summary>
    Goodbye = 20,

    /// <summary>Receiver → sender (Tentacle → Brain for a push, Brain → Tentacle for a pull): send this range of a transfer's stream (<see cref="Agent.FileChunkRequest"/>).</summary>
    FileChunkRequest = 30,

    /// <summary>Sender → receiver, binary: a piece of a transfer's stream with its offset and SHA-256 (<see cref="Files.FileChunk"/>).</summary>
    FileChunk = 31,

    /// <summary>Brain → Tentacle: the Brain has a pulled stream; the node deletes its outgoing spool (<see cref="Agent.FileTransferDone"/>).</summary>
    FileTransferDone = 32,
}
