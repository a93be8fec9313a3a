#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitStore

/// Which tree the index evident wrote last describes, in `.git/evident/cache/index-tree`:
/// `<index checksum> <tree id>`.
///
/// Why: evident adds index entries without rebuilding the index's tree cache (libgit2 would
/// re-read every tree of the ledger to rebuild it), so the next clean check cannot read the
/// index's tree from the cache. The index file's own checksum identifies its content exactly, so
/// when the index still has the checksum noted here, it describes the noted tree (HEAD's tree
/// plus the entries evident just staged). Any other index (git wrote it since) is not trusted
/// from the note, and the tree is built from the index instead. Deleting the note changes no
/// output, only the time of the next write.
enum IndexTreeNote {
    private static func path(_ gitDirectory: String) -> String {
        (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "evident/cache/index-tree"
    }

    /// The tree noted for an index with this checksum, or nil.
    static func tree(for checksum: ObjectID?, gitDirectory: String) -> ObjectID? {
        guard let checksum, let data = FileManager.default.contents(atPath: path(gitDirectory)) else { return nil }
        let parts = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 2, ObjectID(hex: String(parts[0])) == checksum else { return nil }
        return ObjectID(hex: String(parts[1]))
    }

    /// Notes that the index with `checksum` describes `tree` (best effort: a failure only costs time).
    static func record(index checksum: ObjectID?, tree: ObjectID, gitDirectory: String) {
        let file = path(gitDirectory)
        guard let checksum else {
            unlink(file)
            return
        }
        let dir = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temporary = file + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data("\(checksum.hex) \(tree.hex)\n".utf8)) else { return }
        if rename(temporary, file) != 0 { unlink(temporary) }
    }
}
