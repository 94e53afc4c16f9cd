using Octopoda.Cli.Output;
using Octopoda.Cli.Tests.Support;
using Octopoda.Protocol.Tasks;

namespace Octopoda.Cli.Tests.Output;

public sealed class StreamPrinterTests
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    [Fact]
    public void Write_Raw_WritesChunksInOrderAndEachCharacterOnce()
    {
        var printer = new StreamPrinter(_stdout, _stderr, prefix: false);

        printer.Write(Samples.Chunk("n1", 0, "hel"));
        printer.Write(Samples.Chunk("n1", 0, "hel"));
        printer.Write(Samples.Chunk("n1", 2, "llo\nwor"));
        printer.Write(Samples.Chunk("n1", 0, "boom", "stderr"));
        printer.Write(Samples.Chunk("n1", 9, "ld"));
        printer.Complete("t-n1");

        Assert.Equal("hello\nworld", _stdout.ToString());
        Assert.Equal("boom", _stderr.ToString());
    }

    [Fact]
    public void Write_Prefixed_HoldsPartialLinesSoNodesNeverShareALine()
    {
        var printer = new StreamPrinter(_stdout, _stderr, prefix: true);

        printer.Write(Samples.Chunk("n1", 0, "hel"));
        printer.Write(Samples.Chunk("n2", 0, "up 3 days\r\n"));
        printer.Write(Samples.Chunk("n1", 3, "lo\nwor"));
        printer.Write(Samples.Chunk("n2", 0, "warn\n", "stderr"));
        printer.Complete("t-n1");

        Assert.Equal("n2: up 3 days\nn1: hello\nn1: wor\n", _stdout.ToString());
        Assert.Equal("n2: warn\n", _stderr.ToString());
    }

    [Fact]
    public void WriteRest_StreamEndedEarly_WritesOnlyWhatWasMissing()
    {
        var printer = new StreamPrinter(_stdout, _stderr, prefix: false);
        printer.Write(Samples.Chunk("n1", 0, "one\n"));

        printer.WriteRest(Samples.Task("n1", TaskState.Succeeded, 0, "one\ntwo\n", "err\n"));

        Assert.Equal("one\ntwo\n", _stdout.ToString());
        Assert.Equal("err\n", _stderr.ToString());
    }
}
