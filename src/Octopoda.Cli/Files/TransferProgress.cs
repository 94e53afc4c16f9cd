using Octopoda.Cli.Output;
using Spectre.Console;

namespace Octopoda.Cli.Files;

/// <summary>
/// The progress bar a transfer shows on a terminal: bytes of the total, the rate and the time left. An upload counts
/// the files' bytes as they are read into the stream, which runs ahead of the socket by at most the pipe's buffer; a
/// download counts the bytes written to its temporary file.
/// </summary>
internal static class TransferProgress
{
    /// <summary>
    /// Runs <paramref name="transfer"/> under a progress bar when the session shows one (stderr is a terminal and the
    /// output is not JSON), handing it the callback that advances the bar; otherwise runs it with a no-op.
    /// </summary>
    public static async Task<T> RunAsync<T>(OctlSession session, string description, Func<long?> measure, Func<Action<long>, Task<T>> transfer)
    {
        if (!session.Environment.ErrorIsTerminal || session.Format == OutputFormat.Json)
        {
            return await transfer(_ => { });
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
                // A bar needs an end above zero: a transfer of empty files only is done at its first step.
                var bar = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total ?? 1));
                bar.IsIndeterminate = total is null;
                var result = await transfer(bytes => bar.Increment(bytes));
                bar.Value = bar.MaxValue;
                return result;
            });
    }
}
