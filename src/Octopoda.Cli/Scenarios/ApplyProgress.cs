using System.Globalization;
using Octopoda.Cli.Output;
using Spectre.Console;

namespace Octopoda.Cli.Scenarios;

/// <summary>
/// A spinner on stderr while a step waits, when stderr is a terminal and the output is not JSON:
/// <c>start · order 1: 1 of 2 applications done</c>, and for a prepare the bytes of sources sent. Elsewhere nothing
/// is shown, so piped output stays plain and the same from run to run.
/// </summary>
internal sealed class ApplyProgress(OctlSession session)
{
    private bool Shown => session.Environment.ErrorIsTerminal && session.Format != OutputFormat.Json;

    /// <summary>Runs <paramref name="work"/> (<paramref name="parts"/> batches) under the spinner, handing it the tracker to advance.</summary>
    public async Task RunAsync(string title, int parts, Func<Tracker, Task> work)
    {
        var tracker = new Tracker(title, parts);
        if (!Shown)
        {
            await work(tracker);
            return;
        }

        await session.ErrorConsole.Status().StartAsync(Markup.Escape(tracker.Describe()), async status =>
        {
            tracker.Changed = text => status.Status(Markup.Escape(text));
            await work(tracker);
        });
    }

    /// <summary>How far a step is; safe to advance from parallel batches.</summary>
    internal sealed class Tracker(string title, int parts)
    {
        private int _done;
        private long _bytes;

        public Action<string>? Changed { get; set; }

        /// <summary>One batch is over.</summary>
        public void Done()
        {
            Interlocked.Increment(ref _done);
            Changed?.Invoke(Describe());
        }

        /// <summary>Source bytes read into a prepare's stream.</summary>
        public void Sent(long bytes)
        {
            Interlocked.Add(ref _bytes, bytes);
            Changed?.Invoke(Describe());
        }

        public string Describe()
        {
            var bytes = Interlocked.Read(ref _bytes);
            var sent = bytes > 0 ? string.Create(CultureInfo.InvariantCulture, $", {bytes / (1024d * 1024):0.0} MiB of sources sent") : "";
            return $"{title}: {Volatile.Read(ref _done)} of {HumanFormat.Count(parts, "application")} done{sent}";
        }
    }
}
