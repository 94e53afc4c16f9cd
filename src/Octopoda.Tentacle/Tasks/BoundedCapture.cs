using System.Text;

namespace Octopoda.Tentacle.Tasks;

/// <summary>Reads a stream to its end, keeping at most a limit of bytes; the rest is read and dropped.</summary>
internal sealed class BoundedCapture(int limit)
{
    private readonly MemoryStream _kept = new();

    public bool Truncated { get; private set; }

    public async Task ReadAllAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var room = limit - (int)_kept.Length;
            if (room > 0)
            {
                _kept.Write(buffer, 0, Math.Min(room, read));
            }

            if (read > room)
            {
                Truncated = true;
            }
        }
    }

    public string Text()
    {
        var text = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
        return Truncated ? text + "\n[output truncated]" : text;
    }
}
