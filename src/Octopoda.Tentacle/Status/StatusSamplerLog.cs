using Microsoft.Extensions.Logging;

namespace Octopoda.Tentacle.Status;

/// <summary>The status sampler's log messages (event ids 1100–1199).</summary>
internal static partial class StatusSamplerLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Cannot read node status source {Source}: {Problem}; reporting zeros for it")]
    public static partial void SourceFailed(ILogger logger, string source, string problem);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Node status source {Source} readable again")]
    public static partial void SourceRecovered(ILogger logger, string source);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "No CPU model found in {Path}; reporting it empty")]
    public static partial void NoCpuModel(ILogger logger, string path);
}
