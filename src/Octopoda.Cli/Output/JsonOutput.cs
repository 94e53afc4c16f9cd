using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Octopoda.Cli.Output;

/// <summary>Writes one indented JSON document straight to the writer: never through Spectre, so never coloured or wrapped.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Output is for people and scripts, not for embedding in HTML: keep '<', '&', '+' and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serializes <paramref name="value"/> with the source-generated <paramref name="type"/>, then a newline.</summary>
    public static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(json, value, type);
        }

        writer.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        writer.Write('\n');
        writer.Flush();
    }
}
