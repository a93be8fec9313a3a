import GitStore
import Testing

/// `core.fsync` read as git 2.36+ reads it (Documentation/config/core.txt: words add components
/// to git's default, `-word` removes them, `none` clears), so evident's own pack and index
/// writers flush exactly what git would flush in the same repository.
@Suite struct FsyncPolicyTests {
    typealias C = FsyncPolicy.Components

    @Test(arguments: [
        // Unset: git's default, objects and derived metadata less loose objects.
        (nil, nil, [C.pack, .packMetadata, .commitGraph]),
        ("none", nil, []),
        ("index", nil, [.pack, .packMetadata, .commitGraph, .index]),
        ("none,index", nil, [.index]),
        ("-pack", nil, [.packMetadata, .commitGraph]),
        ("committed", nil, [.looseObject, .pack, .packMetadata, .commitGraph, .reference]),
        ("all,-loose-object", nil, [.pack, .packMetadata, .commitGraph, .index, .reference]),
        (" pack , bogus ", nil, [.pack, .packMetadata, .commitGraph]),
        // The older switch adds loose objects.
        (nil, "true", [.looseObject, .pack, .packMetadata, .commitGraph]),
        ("none", "false", []),
    ] as [(String?, String?, C)])
    func readsCoreFsyncAsGitDoes(fsync: String?, objectFiles: String?, expected: C) {
        #expect(FsyncPolicy.parse(fsync: fsync, objectFiles: objectFiles).components == expected)
    }

    @Test func libgit2FlushesOnlyWhenLooseObjectsOrRefsAreAskedFor() {
        #expect(!FsyncPolicy.parse(fsync: nil, objectFiles: nil).libgit2Files)
        #expect(FsyncPolicy.parse(fsync: "reference", objectFiles: nil).libgit2Files)
        #expect(FsyncPolicy.parse(fsync: nil, objectFiles: "true").libgit2Files)
    }
}
