using Octopoda.Tentacle.NodeApps;

namespace Octopoda.Tentacle.Tests.NodeApps;

/// <summary><see cref="IgnoreRules"/>: git's reading of nested <c>.gitignore</c> files.</summary>
public sealed class IgnoreRulesTests
{
    [Theory]
    [InlineData("a.log", false, true)]
    [InlineData("x/y/a.log", false, true)]
    [InlineData("a.log.txt", false, false)]
    [InlineData("logs", true, true)]
    [InlineData("x/logs", true, true)]
    [InlineData("logs", false, false)]
    [InlineData("docs/a.html", false, true)]
    [InlineData("docs/x/a.html", false, false)]
    [InlineData("x/docs/a.html", false, false)]
    [InlineData("bar", false, true)]
    [InlineData("x/bar", false, false)]
    [InlineData("deep/m/n/target", false, true)]
    [InlineData("target", false, true)]
    [InlineData("a/b", false, true)]
    [InlineData("a/x/y/b", false, true)]
    [InlineData("name with spaces", false, true)]
    public void IsIgnored_RootPatterns_MatchAsGitDoes(string path, bool isDirectory, bool expected)
    {
        var rules = new IgnoreRules();
        rules.Add("", "*.log\nlogs/\ndocs/*.html\n/b*\n**/target\na/**/b\nname with spaces\n");

        Assert.Equal(expected, rules.IsIgnored(path, isDirectory));
    }

    [Theory]
    [InlineData("sub/only-here", true)]
    [InlineData("only-here", false)]
    [InlineData("sub/x/only-here", false)]
    [InlineData("sub/a.tmp", true)]
    [InlineData("sub/x/a.tmp", true)]
    [InlineData("a.tmp", false)]
    [InlineData("sub/conf/local.yaml", true)]
    [InlineData("conf/local.yaml", false)]
    public void IsIgnored_NestedFile_AppliesRelativeToItsDirectory(string path, bool expected)
    {
        var rules = new IgnoreRules();
        rules.Add("sub", "/only-here\n*.tmp\nconf/local.yaml\n");

        Assert.Equal(expected, rules.IsIgnored(path, isDirectory: false));
    }

    [Fact]
    public void IsIgnored_DeeperNegation_ReincludesButNotUnderAnIgnoredDirectory()
    {
        var rules = new IgnoreRules();
        rules.Add("", "*.log\nbuild/\n!build/keep.txt\n");
        rules.Add("sub", "!keep.log\n");

        Assert.True(rules.IsIgnored("keep.log", false));
        Assert.False(rules.IsIgnored("sub/keep.log", false));
        Assert.True(rules.IsIgnored("sub/other.log", false));
        Assert.True(rules.IsIgnored("build/keep.txt", false));
        Assert.True(rules.IsIgnored("build/x/y.c", false));
    }

    [Fact]
    public void IsIgnored_LastMatchingLineOfAFileWins()
    {
        var rules = new IgnoreRules();
        rules.Add("", "*.txt\n!important.txt\nimportant.txt.bak\n");

        Assert.True(rules.IsIgnored("a.txt", false));
        Assert.False(rules.IsIgnored("important.txt", false));
        Assert.True(rules.IsIgnored("important.txt.bak", false));
    }

    [Fact]
    public void Add_CommentsBlankLinesTrailingSpacesCrLfAndEscapes_ReadAsGitDoes()
    {
        var rules = new IgnoreRules();
        rules.Add("", "\uFEFF# a comment\r\n\r\nfoo   \r\n\\#hash\r\nspace\\ \r\n");

        Assert.True(rules.IsIgnored("foo", false));
        Assert.False(rules.IsIgnored("foo   ", false));
        Assert.True(rules.IsIgnored("#hash", false));
        Assert.False(rules.IsIgnored("# a comment", false));
        Assert.True(rules.IsIgnored("space ", false));
        Assert.False(rules.IsIgnored("space", false));
    }

    [Fact]
    public void Add_InvalidPattern_SkippedAndTheRestApply()
    {
        var rules = new IgnoreRules();
        rules.Add("", "[\n*.x\n");

        Assert.True(rules.IsIgnored("a.x", false));
        Assert.False(rules.IsIgnored("[", false));
    }

    [Theory]
    [InlineData("with\nnewline.txt", true)]
    [InlineData("x.txt\n", false)]
    [InlineData("  x.txt  ", false)]
    [InlineData("   ", false)]
    [InlineData(" ", true)]
    [InlineData("12:00.txt", true)]
    [InlineData("a:b", true)]
    [InlineData("ab", false)]
    [InlineData(" lead", false)]
    [InlineData("lead", true)]
    [InlineData("!bang", true)]
    [InlineData("bang", false)]
    [InlineData("deep\n/x/y", true)]
    [InlineData("Lead", false)]
    public void IsIgnored_NamesWithNewlinesSpacesColonsAndCase_MatchedExactly(string path, bool expected)
    {
        var rules = new IgnoreRules();
        rules.Add("", "*.txt\na:b\nlead\n\\!bang\n[ ]\ndeep?/**\n");

        Assert.Equal(expected, rules.IsIgnored(path, isDirectory: false));
    }

    [Fact]
    public void IsIgnored_NoRules_NothingIgnored()
    {
        Assert.False(new IgnoreRules().IsIgnored("anything", false));
    }
}
