using Octopoda.Tentacle.Status;

namespace Octopoda.Tentacle.Tests.Status;

public sealed class MountTableTests
{
    private const string Mounts = """
        /dev/sda1 / ext4 rw,relatime 0 0
        proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
        /dev/sdb1 /home ext4 rw,relatime 0 0
        /dev/sdc1 /home/data xfs rw,relatime 0 0
        /dev/sdd1 /mnt/my\040disk ext4 rw 0 0
        tmpfs /run tmpfs rw,nosuid 0 0
        """;

    [Theory]
    [InlineData("/var/lib/octopoda/tentacle", "/")]
    [InlineData("/home", "/home")]
    [InlineData("/home/", "/home")]
    [InlineData("/home/alice/work", "/home")]
    [InlineData("/home/data/ws", "/home/data")]
    [InlineData("/homework/ws", "/")]
    [InlineData("/mnt/my disk/ws", "/mnt/my disk")]
    [InlineData("/", "/")]
    public void FindMountPoint_Path_ReturnsLongestMountPointHoldingIt(string path, string expected)
    {
        Assert.Equal(expected, MountTable.FindMountPoint(Mounts, path));
    }

    [Fact]
    public void FindMountPoint_SamePointMountedTwice_StillResolves()
    {
        const string stacked = "/dev/a /srv ext4 rw 0 0\n/dev/b /srv xfs rw 0 0\n";

        Assert.Equal("/srv", MountTable.FindMountPoint(stacked, "/srv/x"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage\nnone\n\n   \n")]
    [InlineData("dev relative/path ext4 rw 0 0\n")]
    public void FindMountPoint_MissingOrMalformedTable_ReturnsRoot(string? mounts)
    {
        Assert.Equal("/", MountTable.FindMountPoint(mounts, "/var/lib/x"));
    }

    [Fact]
    public void FindMountPoint_RelativePath_ReturnsRoot()
    {
        Assert.Equal("/", MountTable.FindMountPoint(Mounts, "home/data"));
    }
}
