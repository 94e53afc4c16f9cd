using Octopoda.Protocol.Workgroups;

namespace Octopoda.Protocol.Tests.Workgroups;

public sealed class WorkgroupPathTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/room1", "/room1")]
    [InlineData("/room1/alice/", "/room1/alice")]
    [InlineData("//room1//alice", "/room1/alice")]
    [InlineData("/room1/./alice/../bob", "/room1/bob")]
    public void Parse_Canonicalises(string text, string expected) => Assert.Equal(expected, WorkgroupPath.Parse(text).Value);

    [Theory]
    [InlineData("")]
    [InlineData("room1")]
    [InlineData("/..")]
    [InlineData("/room 1")]
    [InlineData("/-x")]
    [InlineData("/a/$(reboot)")]
    public void Parse_RefusesWithAReason(string text)
    {
        Assert.False(WorkgroupPath.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("/room1", "alice", "/room1/alice")]
    [InlineData("/room1", "alice/g1", "/room1/alice/g1")]
    [InlineData("/room1/alice", "..", "/room1")]
    [InlineData("/room1/alice", "../bob", "/room1/bob")]
    [InlineData("/room1/alice", "/", "/")]
    [InlineData("/room1/alice", ".", "/room1/alice")]
    [InlineData("/", "room1", "/room1")]
    public void Resolve_WorksLikeCd(string current, string text, string expected)
    {
        Assert.True(WorkgroupPath.TryResolve(WorkgroupPath.Parse(current), text, out var path, out var error), error);
        Assert.Equal(expected, path.Value);
    }

    [Fact]
    public void Resolve_AboveTheRoot_IsRefused() =>
        Assert.False(WorkgroupPath.TryResolve(WorkgroupPath.Parse("/room1"), "../..", out _, out _));

    [Fact]
    public void Resolve_TooDeep_IsRefused() =>
        Assert.False(WorkgroupPath.TryParse("/" + string.Join('/', Enumerable.Repeat("a", WorkgroupPath.MaxDepth + 1)), out _, out _));

    [Theory]
    [InlineData("/room1/alice", "/room1", true)]
    [InlineData("/room1/alice", "/", true)]
    [InlineData("/room1", "/room1", true)]
    [InlineData("/room10", "/room1", false)]
    [InlineData("/room1", "/room1/alice", false)]
    public void IsAtOrUnder_RespectsSegmentBoundaries(string path, string ancestor, bool expected) =>
        Assert.Equal(expected, WorkgroupPath.Parse(path).IsAtOrUnder(WorkgroupPath.Parse(ancestor)));

    [Fact]
    public void ParentNameAndChild_Navigate()
    {
        var alice = WorkgroupPath.Parse("/room1/alice");

        Assert.Equal("/room1", alice.Parent.Value);
        Assert.Equal("/", alice.Parent.Parent.Value);
        Assert.True(WorkgroupPath.Root.Parent.IsRoot);
        Assert.Equal("alice", alice.Name);
        Assert.Equal("/room1/alice/g1", alice.Child("g1").Value);
        Assert.Throws<ArgumentException>(() => alice.Child("../x"));
        Assert.Equal(["room1", "alice"], alice.Segments);
    }

    [Fact]
    public void Default_IsTheRoot() => Assert.True(default(WorkgroupPath).IsRoot);
}
