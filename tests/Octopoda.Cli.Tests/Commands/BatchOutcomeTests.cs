using Octopoda.Cli.Commands;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Commands;

public sealed class BatchOutcomeTests
{
    [Theory]
    [InlineData(new[] { TaskState.Succeeded, TaskState.Succeeded }, ExitCodes.Success)]
    [InlineData(new[] { TaskState.Succeeded, TaskState.Failed }, ExitCodes.TaskFailed)]
    [InlineData(new[] { TaskState.Cancelled }, ExitCodes.TaskFailed)]
    [InlineData(new[] { TaskState.Lost, TaskState.Succeeded }, ExitCodes.TaskFailed)]
    [InlineData(new[] { TaskState.Expired, TaskState.Succeeded }, ExitCodes.NodesUnreachable)]
    [InlineData(new[] { TaskState.Expired, TaskState.Failed }, ExitCodes.TaskFailed)]
    [InlineData(new[] { TaskState.Running, TaskState.Succeeded }, ExitCodes.TaskFailed)]
    [InlineData(new TaskState[0], ExitCodes.Success)]
    public void ExitCode_States_MapsFailureOverUnreachableOverSuccess(TaskState[] states, int expected) =>
        Assert.Equal(expected, BatchOutcome.Of(states).ExitCode);

    [Fact]
    public void Summary_MixedStates_CountsEachKind()
    {
        var outcome = BatchOutcome.Of([TaskState.Succeeded, TaskState.Succeeded, TaskState.Lost, TaskState.Expired]);

        Assert.Equal("4 nodes: 2 succeeded, 1 failed, 1 unreachable", outcome.Summary);
    }

    [Fact]
    public void Summary_UnfinishedTask_IsMentioned() =>
        Assert.Equal("1 node: 0 succeeded, 0 failed, 0 unreachable, 1 unfinished", BatchOutcome.Of([TaskState.Queued]).Summary);
}
