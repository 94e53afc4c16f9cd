using System.Text;

namespace Octopoda.Tentacle.Tasks;

/// <summary>
/// One output stream of a task as text: bytes are decoded incrementally as UTF-8 (a <see cref="Decoder"/> keeps a
/// character split across reads), and at most a limit of bytes is kept; the rest is dropped and the log marked
/// truncated. Readers take chunks by offset (UTF-16 code units, the unit of <c>TaskOutput.Offset</c>) while it
/// grows, and the final text is exactly what was streamed, plus the truncation marker when truncated.
/// </summary>
internal sealed class OutputLog(int byteLimit)
{
    public const string TruncationMarker = "\n[output truncated]";

    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] _chars = [];
    private long _bytes;
    private bool _completed;
    private long _wakeAt = long.MaxValue;
    private Action? _wake;

    public bool Truncated { get; private set; }

    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _text.Length;
            }
        }
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Action? wake = null;
        lock (_gate)
        {
            if (_completed || Truncated)
            {
                return;
            }

            var room = (int)Math.Min(byteLimit - _bytes, int.MaxValue);
            if (bytes.Length > room)
            {
                bytes = bytes[..room];
                Truncated = true;
            }

            _bytes += bytes.Length;
            Decode(bytes, flush: false);
            if (_text.Length >= _wakeAt)
            {
                wake = _wake;
                _wakeAt = long.MaxValue;
            }
        }

        wake?.Invoke();
    }

    /// <summary>The stream ended: a character left incomplete becomes U+FFFD (unless the rest was cut off anyway).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (!_completed && !Truncated)
            {
                Decode([], flush: true);
            }

            _completed = true;
        }
    }

    /// <summary>Up to <paramref name="maxChars"/> characters from <paramref name="offset"/>, never ending inside a surrogate pair.</summary>
    public string Read(int offset, int maxChars)
    {
        lock (_gate)
        {
            var length = Math.Min(maxChars, _text.Length - offset);
            if (length <= 0)
            {
                return "";
            }

            if (offset + length < _text.Length && char.IsHighSurrogate(_text[offset + length - 1]))
            {
                length--;
            }

            return _text.ToString(offset, length);
        }
    }

    /// <summary>Calls <paramref name="wake"/> once, when the text reaches <paramref name="length"/> characters.</summary>
    public void WakeAt(long length, Action wake)
    {
        var now = false;
        lock (_gate)
        {
            _wake = wake;
            _wakeAt = length;
            if (_text.Length >= length)
            {
                _wakeAt = long.MaxValue;
                now = true;
            }
        }

        if (now)
        {
            wake();
        }
    }

    /// <summary>The text as the task's result carries it.</summary>
    public string ResultText()
    {
        lock (_gate)
        {
            return Truncated ? _text.ToString() + TruncationMarker : _text.ToString();
        }
    }

    private void Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        // At most one char per byte, plus the replacement chars for bytes held back from the previous read.
        var needed = bytes.Length + 4;
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, 8192)];
        }

        var count = _decoder.GetChars(bytes, _chars, flush);
        _text.Append(_chars, 0, count);
    }
}
