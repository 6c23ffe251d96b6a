using System.Text;
using Mesh.Agent.State;

namespace Mesh.Agent.Tests.State;

public sealed class LastKnownGoodStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mesh-lkg-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Save_ThenNewStoreOnSameDirectory_LoadsWhatWasSaved()
    {
        new LastKnownGoodStore(_root).Save("snapshots", "reviews", "{\"version\":\"7\"}"u8);

        var reloaded = new LastKnownGoodStore(_root);

        Assert.Equal("{\"version\":\"7\"}", Encoding.UTF8.GetString(reloaded.Load("snapshots", "reviews")!));
        Assert.Equal(["reviews"], reloaded.LoadAll("snapshots").Keys);
    }

    [Fact]
    public void Save_Secret_FileIsOwnerReadWriteOnly()
    {
        var store = new LastKnownGoodStore(_root);

        store.Save("certificates", "spiffe://mesh.local/ns/default/svc/reviews", "-----BEGIN EC PRIVATE KEY-----"u8, secret: true);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_root, "certificates")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(["spiffe://mesh.local/ns/default/svc/reviews"], store.LoadAll("certificates").Keys);
    }

    [Fact]
    public void Save_Replacing_LeavesNoTemporaryFiles()
    {
        var store = new LastKnownGoodStore(_root);

        store.Save("snapshots", "ratings", "a"u8);
        store.Save("snapshots", "ratings", "b"u8);

        Assert.Equal("b", Encoding.UTF8.GetString(store.Load("snapshots", "ratings")!));
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "snapshots")));
    }

    [Fact]
    public void LoadAll_CrashLeftoverTemporaryFile_Ignored()
    {
        var store = new LastKnownGoodStore(_root);
        store.Save("snapshots", "reviews", "good"u8);
        File.WriteAllText(Path.Combine(_root, "snapshots", "reviews.1a2b3c4d.tmp"), "torn");

        var all = store.LoadAll("snapshots");

        Assert.Equal("good", Encoding.UTF8.GetString(Assert.Single(all).Value));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("..")]
    [InlineData("")]
    public void Save_CategoryEscapingTheDirectory_Refused(string category)
    {
        Assert.Throws<ArgumentException>(() => new LastKnownGoodStore(_root).Save(category, "x", "y"u8));
    }

    [Fact]
    public void Save_NameWithPathSeparators_StaysInsideCategory()
    {
        var store = new LastKnownGoodStore(_root);

        store.Save("snapshots", "../../escape", "x"u8);

        Assert.False(File.Exists(Path.Combine(_root, "..", "escape")));
        Assert.Equal(["../../escape"], store.LoadAll("snapshots").Keys);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
