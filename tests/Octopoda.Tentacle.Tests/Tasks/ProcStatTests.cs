using Octopoda.Tentacle.Tasks;

namespace Octopoda.Tentacle.Tests.Tasks;

public sealed class ProcStatTests
{
    [Fact]
    public void Parse_CommandNameWithSpacesAndParentheses_CountsFieldsFromTheLastParenthesis()
    {
        const string Line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 120 0 0 0 1 2 0 0 20 0 1 0 987654 1000000 100 18446744073709551615";

        var stat = ProcStat.Parse(Line);

        Assert.Equal(new ProcStat(4242, 4242, 987654), stat);
    }

    [Fact]
    public void TryRead_OwnProcess_MatchesItsStamp()
    {
        var stamp = ProcessStamp.TryRead(Environment.ProcessId);

        Assert.NotNull(stamp);
        Assert.Equal(stamp, ProcessStamp.Parse(stamp.ToString()));
        Assert.Equal(stamp, ProcessStamp.TryRead(Environment.ProcessId));
    }

    [Fact]
    public void TryRead_NoSuchProcess_IsNull() => Assert.Null(ProcessStamp.TryRead(int.MaxValue));
}
