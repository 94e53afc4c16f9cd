using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Octopoda.Tentacle.NodeApps;

/// <summary>
/// The canonical bytes of a tree, whose SHA-256 is the tree's hash. One line a child, in ordinal name order:
/// <c>&lt;f|d|l&gt; &lt;mode, 4 octal digits&gt; &lt;64 hex child hash&gt; &lt;name length in UTF-8 bytes&gt;:&lt;name&gt;\n</c>.
/// The length prefix makes any name (spaces, quotes, newlines) unambiguous. No times: equal content, equal hash.
/// </summary>
internal static class TreeEncoding
{
    private const int HashLength = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>One decoded line of a tree.</summary>
    public readonly record struct Line(EntryKind Kind, int Mode, string Hash, string Name);

    public static byte[] Encode(IReadOnlyDictionary<string, SnapshotEntry> children)
    {
        using var buffer = new MemoryStream();
        foreach (var name in children.Keys.Order(StringComparer.Ordinal))
        {
            var entry = children[name];
            var nameBytes = StrictUtf8.GetBytes(name);
            var head = string.Create(
                CultureInfo.InvariantCulture,
                $"{KindLetter(entry.Kind)} {Convert.ToString(entry.Mode & UnixStat.PermissionBits, 8).PadLeft(4, '0')} {entry.Hash} {nameBytes.Length}:");
            buffer.Write(Encoding.ASCII.GetBytes(head));
            buffer.Write(nameBytes);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    /// <summary>The hash of <paramref name="content"/>: 64 lower-case hex digits.</summary>
    public static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Parses <see cref="Encode"/>'s output; <see cref="InvalidDataException"/> for anything else.</summary>
    public static IReadOnlyList<Line> Decode(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<Line>();
        var position = 0;
        while (position < bytes.Length)
        {
            var rest = bytes[position..];
            if (rest.Length < 8 + HashLength || rest[1] != ' ' || rest[6] != ' ' || rest[7 + HashLength] != ' ')
            {
                throw new InvalidDataException("a tree line is malformed");
            }

            var kind = rest[0] switch
            {
                (byte)'f' => EntryKind.File,
                (byte)'d' => EntryKind.Directory,
                (byte)'l' => EntryKind.Link,
                _ => throw new InvalidDataException("a tree line has an unknown type"),
            };
            var mode = ParseOctal(rest[2..6]);
            var hash = Encoding.ASCII.GetString(rest.Slice(7, HashLength));
            if (!IsHash(hash))
            {
                throw new InvalidDataException("a tree line has a malformed hash");
            }

            var afterHash = rest[(8 + HashLength)..];
            var colon = afterHash.IndexOf((byte)':');
            if (colon <= 0 || !int.TryParse(afterHash[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || afterHash.Length < colon + 1 + length + 1 || afterHash[colon + 1 + length] != '\n')
            {
                throw new InvalidDataException("a tree line has a malformed name");
            }

            var name = StrictUtf8.GetString(afterHash.Slice(colon + 1, length));
            lines.Add(new Line(kind, mode, hash, name));
            position += 8 + HashLength + colon + 1 + length + 1;
        }

        return lines;
    }

    /// <summary>True for 64 lower-case hex digits.</summary>
    public static bool IsHash(string? text) =>
        text is { Length: HashLength } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static char KindLetter(EntryKind kind) => kind switch
    {
        EntryKind.File => 'f',
        EntryKind.Directory => 'd',
        EntryKind.Link => 'l',
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static int ParseOctal(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'7')
            {
                throw new InvalidDataException("a tree line has a malformed mode");
            }

            value = (value * 8) + (digit - '0');
        }

        return value;
    }
}
