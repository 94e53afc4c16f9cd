using Octopoda.Cli.Output;
using Spectre.Console;

namespace Octopoda.Cli.Files;

/// <summary>
/// The progress bar an upload shows on a terminal: bytes sent of the total, the rate and the time left. It counts the
/// files' bytes as they are read into the stream, which runs ahead of the socket by at most the pipe's buffer.
/// </summary>
internal static class UploadProgress
{
    /// <summary>
    /// Runs <paramref name="upload"/> under a progress bar when the session shows one (stderr is a terminal and the
    /// output is not JSON), handing it the callback that advances the bar; otherwise runs it with a no-op.
    /// </summary>
    public static async Task<T> RunAsync<T>(OctlSession session, string description, Func<long?> measure, Func<Action<long>, Task<T>> upload)
    {
        if (!session.Environment.ErrorIsTerminal || session.Format == OutputFormat.Json)
        {
            return await upload(_ => { });
        }

        var total = measure();
        return await session.ErrorConsole.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                // A bar needs an end above zero: an upload of empty files only is done at its first step.
                var bar = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total ?? 1));
                bar.IsIndeterminate = total is null;
                var result = await upload(bytes => bar.Increment(bytes));
                bar.Value = bar.MaxValue;
                return result;
            });
    }
}
