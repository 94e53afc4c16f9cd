using System.Text.Json.Serialization.Metadata;
using Octopoda.Protocol.Framing;
using Octopoda.Protocol.Transport;

namespace Octopoda.Tentacle.Tasks;

/// <summary>Reports over one agent connection.</summary>
internal sealed class FrameConnectionReports(FrameConnection connection) : ITaskReports
{
    public FrameConnection Connection => connection;

    public async Task SendAsync<T>(MessageKind kind, T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        await connection.SendAsync(kind, message, typeInfo, cancellationToken: cancellationToken);
}
