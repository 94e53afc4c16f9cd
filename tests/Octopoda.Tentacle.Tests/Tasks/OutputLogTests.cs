using System.Text;
using Octopoda.Tentacle.Tasks;

namespace Octopoda.Tentacle.Tests.Tasks;

public sealed class OutputLogTests
{
    [Fact]
    public void Append_CharacterSplitAcrossReads_DecodesWhole()
    {
        var log = new OutputLog(1024);
        var bytes = Encoding.UTF8.GetBytes("a🐙b");

        foreach (var b in bytes)
        {
            log.Append([b]);
        }

        log.Complete();
        Assert.Equal("a🐙b", log.ResultText());
    }

    [Fact]
    public void Complete_StreamEndingInsideACharacter_GivesAReplacementCharacter()
    {
        var log = new OutputLog(1024);

        log.Append([(byte)'x', 0xE2, 0x82]);
        log.Complete();

        Assert.Equal("x\uFFFD", log.ResultText());
    }

    [Fact]
    public void Append_BeyondTheLimit_KeepsTheLimitAndMarksTruncated()
    {
        var log = new OutputLog(10);

        log.Append(Encoding.UTF8.GetBytes("0123456789abc"));
        log.Append(Encoding.UTF8.GetBytes("more"));
        log.Complete();

        Assert.True(log.Truncated);
        Assert.Equal("0123456789" + OutputLog.TruncationMarker, log.ResultText());
    }

    [Fact]
    public void Read_ChunkBoundaryInsideASurrogatePair_EndsBeforeIt()
    {
        var log = new OutputLog(1024);
        log.Append(Encoding.UTF8.GetBytes("ab🐙c"));

        var first = log.Read(0, 3);
        var second = log.Read(first.Length, 3);

        Assert.Equal("ab", first);
        Assert.Equal("🐙c", second);
    }

    [Fact]
    public void WakeAt_LengthReached_CallsOnce()
    {
        var log = new OutputLog(1024);
        var calls = 0;
        log.WakeAt(5, () => calls++);

        log.Append("abc"u8);
        log.Append("defg"u8);
        log.Append("hij"u8);

        Assert.Equal(1, calls);
    }
}
