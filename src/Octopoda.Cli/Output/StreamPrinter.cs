using System.Text;
using Octopoda.Protocol.Api;

namespace Octopoda.Cli.Output;

/// <summary>
/// Writes streamed task output as it arrives: stdout chunks to stdout, stderr chunks to stderr. Raw, or with every
/// line prefixed by its node (<c>node1: …</c>, pdsh style) when several nodes' output interleaves; a prefixed line
/// is written only once it is complete, so two nodes never share one. The Brain sends each character once, in
/// order; offsets are still checked, so a repeated chunk is never printed twice.
/// </summary>
internal sealed class StreamPrinter(TextWriter stdout, TextWriter stderr, bool prefix)
{
    private readonly Dictionary<(string TaskId, string Stream), Progress> _streams = [];

    /// <summary>Writes an <see cref="TaskStreamEvent.OutputType"/> event's text, minus any part already written.</summary>
    public void Write(TaskStreamEvent chunk)
    {
        var stream = chunk.Stream ?? "stdout";
        var progress = ProgressOf(chunk.TaskId, chunk.Node, stream);
        var data = chunk.Data ?? "";
        var offset = chunk.Offset ?? progress.Written;
        if (offset + data.Length <= progress.Written)
        {
            return;
        }

        // An overlap is skipped; a gap (output the Brain could not keep) cannot be filled here, so it is jumped.
        var fresh = offset < progress.Written ? data[(int)(progress.Written - offset)..] : data;
        progress.Written = offset + data.Length;
        Emit(progress, stream, fresh);
    }

    /// <summary>Writes whatever of <paramref name="task"/>'s captured output has not been written yet (a stream that ended early).</summary>
    public void WriteRest(TaskView task)
    {
        foreach (var (stream, text) in new[] { ("stdout", task.Stdout), ("stderr", task.Stderr) })
        {
            var progress = ProgressOf(task.Id, task.Node, stream);
            if (text.Length > progress.Written)
            {
                var fresh = text[(int)progress.Written..];
                progress.Written = text.Length;
                Emit(progress, stream, fresh);
            }
        }
    }

    /// <summary>The task's output is complete: ends its unfinished lines.</summary>
    public void Complete(string taskId)
    {
        foreach (var ((id, stream), progress) in _streams)
        {
            if (id == taskId && progress.Partial.Length > 0)
            {
                WriteLine(Writer(stream), progress.Node, progress.Partial.ToString());
                progress.Partial.Clear();
                Writer(stream).Flush();
            }
        }
    }

    private Progress ProgressOf(string taskId, string node, string stream)
    {
        if (!_streams.TryGetValue((taskId, stream), out var progress))
        {
            progress = new Progress(node);
            _streams[(taskId, stream)] = progress;
        }

        return progress;
    }

    private void Emit(Progress progress, string stream, string text)
    {
        var writer = Writer(stream);
        if (!prefix)
        {
            writer.Write(text);
            writer.Flush();
            return;
        }

        var start = 0;
        for (var newline = text.IndexOf('\n', start); newline >= 0; newline = text.IndexOf('\n', start))
        {
            progress.Partial.Append(text, start, newline - start);
            WriteLine(writer, progress.Node, progress.Partial.ToString());
            progress.Partial.Clear();
            start = newline + 1;
        }

        progress.Partial.Append(text, start, text.Length - start);
        writer.Flush();
    }

    private TextWriter Writer(string stream) => stream == "stderr" ? stderr : stdout;

    private static void WriteLine(TextWriter writer, string node, string line)
    {
        writer.Write(node);
        writer.Write(": ");
        writer.Write(line.EndsWith('\r') ? line[..^1] : line);
        writer.Write('\n');
    }

    /// <summary>One stream of one task: characters written so far, and the line not yet ended (prefix mode).</summary>
    private sealed class Progress(string node)
    {
        public string Node { get; } = node;

        public long Written { get; set; }

        public StringBuilder Partial { get; } = new();
    }
}
