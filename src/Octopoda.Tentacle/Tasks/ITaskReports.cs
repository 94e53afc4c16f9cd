using System.Text.Json.Serialization.Metadata;
using Octopoda.Protocol.Framing;

namespace Octopoda.Tentacle.Tasks;

/// <summary>Where the executor's reports to the Brain go: the current connection, or a test's recorder.</summary>
internal interface ITaskReports
{
    /// <summary>Queues one message. Throws (WebSocket or cancellation) when the connection is gone.</summary>
    Task SendAsync<T>(MessageKind kind, T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken);
}
