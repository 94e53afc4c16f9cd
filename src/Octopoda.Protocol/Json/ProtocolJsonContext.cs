using System.Text.Json.Serialization;
using Octopoda.Protocol.Agent;
using Octopoda.Protocol.Api;
using Octopoda.Protocol.Files;
using Octopoda.Protocol.Scenarios;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Protocol.Json;

/// <summary>
/// Source-generated JSON for every wire and API type: camelCase names, enums as lower-case strings, nulls
/// omitted. Both ends and the SDK use this one context so they cannot disagree on a name.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnumConverter<TaskState>), typeof(CamelCaseEnumConverter<NodeState>)],
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Hello))]
[JsonSerializable(typeof(Welcome))]
[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(HeartbeatAck))]
[JsonSerializable(typeof(StatusRequest))]
[JsonSerializable(typeof(StatusReport))]
[JsonSerializable(typeof(TaskDispatch))]
[JsonSerializable(typeof(TaskAccepted))]
[JsonSerializable(typeof(TaskStarted))]
[JsonSerializable(typeof(TaskOutput))]
[JsonSerializable(typeof(TaskResult))]
[JsonSerializable(typeof(TaskResultAck))]
[JsonSerializable(typeof(TaskCancel))]
[JsonSerializable(typeof(Goodbye))]
[JsonSerializable(typeof(FileChunkRequest))]
[JsonSerializable(typeof(FilePushPayload))]
[JsonSerializable(typeof(FilePullPayload))]
[JsonSerializable(typeof(FileListPayload))]
[JsonSerializable(typeof(FileTransferDone))]
[JsonSerializable(typeof(FileStreamInfo))]
[JsonSerializable(typeof(FileListing))]
[JsonSerializable(typeof(FileEntryView))]
[JsonSerializable(typeof(FileSpreadRequest))]
[JsonSerializable(typeof(FileCopyRequest))]
[JsonSerializable(typeof(CommandPayload))]
[JsonSerializable(typeof(TailPayload))]
[JsonSerializable(typeof(HttpGetPayload))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(BrainInfo))]
[JsonSerializable(typeof(NodeListResponse))]
[JsonSerializable(typeof(NodeStatusResponse))]
[JsonSerializable(typeof(PruneRequest))]
[JsonSerializable(typeof(PruneResponse))]
[JsonSerializable(typeof(RevokeNodeRequest))]
[JsonSerializable(typeof(RevokeNodeResponse))]
[JsonSerializable(typeof(RunCommandRequest))]
[JsonSerializable(typeof(RunSubmission))]
[JsonSerializable(typeof(TaskView))]
[JsonSerializable(typeof(IReadOnlyList<TaskView>))]
[JsonSerializable(typeof(TaskListResponse))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(TaskStreamEvent))]
[JsonSerializable(typeof(TailRequest))]
[JsonSerializable(typeof(HttpGetRequest))]
[JsonSerializable(typeof(ScheduleView))]
[JsonSerializable(typeof(IReadOnlyList<ScheduleView>))]
[JsonSerializable(typeof(DeliveryMetrics))]
[JsonSerializable(typeof(EnrollRequest))]
[JsonSerializable(typeof(EnrollResponse))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(TokenListResponse))]
[JsonSerializable(typeof(CallerView))]
[JsonSerializable(typeof(WorkgroupView))]
[JsonSerializable(typeof(WorkgroupMembersRequest))]
[JsonSerializable(typeof(WorkgroupGrantRequest))]
[JsonSerializable(typeof(WorkgroupAllowRequest))]
[JsonSerializable(typeof(AuditListResponse))]
[JsonSerializable(typeof(NodeAppPayload))]
[JsonSerializable(typeof(NodeAppReport))]
[JsonSerializable(typeof(ScenarioDeclaration))]
[JsonSerializable(typeof(ScenarioPlan))]
[JsonSerializable(typeof(NodeAppRunRequest))]
[JsonSerializable(typeof(MessageRequest))]
[JsonSerializable(typeof(ScenarioView))]
[JsonSerializable(typeof(ScenarioVersionResult))]
[JsonSerializable(typeof(ScenarioListResponse))]
[JsonSerializable(typeof(ScenarioVersionListResponse))]
[JsonSerializable(typeof(NodeAppListResponse))]
[JsonSerializable(typeof(NodeAppVersionListResponse))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
