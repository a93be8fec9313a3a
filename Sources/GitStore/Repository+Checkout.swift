#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clibgit2
import Foundation

extension Repository {
    /// Makes the work tree and the index match HEAD's tree, overwriting local changes to tracked
    /// files (`git checkout -f` without moving HEAD), and writes the index. Untracked files are
    /// left alone.
    public func forceCheckoutHead() throws(GitError) {
        var opts = git_checkout_options()
        try check(git_checkout_options_init(&opts, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
        opts.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        try check(git_checkout_head(raw, &opts), "git_checkout_head")
    }

    /// Re-reads the stat data of every index entry whose file is unchanged and writes the index
    /// (`git update-index --refresh`), so later status checks compare stat data only.
    public func refreshIndex() throws(GitError) {
        var opts = git_status_options()
        try check(git_status_options_init(&opts, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
        opts.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        opts.flags = GIT_STATUS_OPT_UPDATE_INDEX.rawValue | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, raw, &opts), "git_status_list_new")
        git_status_list_free(list)
    }

    /// The checkout of a fresh clone, on every core: writes HEAD's tree into the empty work tree
    /// (each file's bytes as libgit2's checkout would write them: `git_blob_filter` applies the
    /// same attributes and settings) and the index with every file's stat data and the cache
    /// tree, whose root must come out as HEAD's tree. libgit2's own checkout writes one file at
    /// a time, with an index update each: on the 210,000 files of a 100k-record ledger it took
    /// longer than the whole of `git clone`.
    /// Returns false, having written nothing, when HEAD's tree holds a symbolic link or a
    /// submodule (left to `forceCheckoutHead`, which knows them) or the work tree is not empty.
    public func checkoutFreshClone() throws(GitError) -> Bool {
        guard let root = workdir, let head = try headCommit() else { return false }
        let tree = try treeID(ofCommit: head)
        let files = try files(inTree: tree)
        guard files.allSatisfy({ $0.kind == .blob || $0.kind == .executable }) else { return false }
        let fm = FileManager.default
        guard ((try? fm.contentsOfDirectory(atPath: root)) ?? []).allSatisfy({ $0 == ".git" }) else { return false }
        let base = root.hasSuffix("/") ? root : root + "/"
        let gitDirectory = self.gitDirectory
        func failure(_ what: String, _ path: String) -> GitError {
            GitError(code: .other(-1), message: "cannot \(what) \(path): \(String(cString: strerror(errno)))", function: "checkoutFreshClone")
        }
        // Folders first, parents before children (one mkdir each; 100k evidence folders).
        var folders = Set<[UInt8]>()
        for f in files {
            var path = Array(f.path.utf8)
            while let slash = path.lastIndex(of: UInt8(ascii: "/")) {
                path.removeSubrange(slash...)
                guard folders.insert(path).inserted else { break }
            }
        }
        // In byte order a folder comes before everything inside it.
        let prefix = Array(base.utf8)
        for folder in folders.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let made = (prefix + folder + [0]).withUnsafeBufferPointer { p in
                p.baseAddress.map { $0.withMemoryRebound(to: CChar.self, capacity: p.count) { mkdir($0, 0o777) } } ?? -1
            }
            if made != 0 && errno != EEXIST { throw failure("create the folder", base + String(decoding: folder, as: UTF8.self)) }
        }
        let entries: [IndexEntry]
        do {
            entries = try writeFiles(files, base: base, failure: failure)
        } catch let e as GitError {
            throw e
        } catch {
            throw GitError(code: .other(-1), message: "\(error)", function: "checkoutFreshClone")
        }
        let index = try IndexFile.read(path: gitDirectory + "index")
        guard let staged = index.staging(entries) else {
            throw GitError(code: .invalid, message: "HEAD's tree has a file where a folder is", function: "checkoutFreshClone")
        }
        let written = try staged.writeTree(to: self)
        guard written == tree else {
            throw GitError(code: .invalid, message: "the checked-out files make tree \(written.hex), not HEAD's \(tree.hex)", function: "checkoutFreshClone")
        }
        try staged.write()
        return true
    }

    /// Writes `files` under `base` (their folders exist) on every core, each worker reading
    /// blobs through its own handle; returns their index entries.
    private func writeFiles(_ files: [TreeFile], base: String, failure: @escaping (String, String) -> GitError) throws -> [IndexEntry] {
        let gitDirectory = self.gitDirectory
        return try ConcurrentMap.map(files, batch: 128, worker: { () throws(GitError) -> Repository in try Repository(at: gitDirectory) }) { repo, f throws -> IndexEntry in
            let path = base + f.path
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, f.kind == .executable ? 0o777 : 0o666)
            guard fd >= 0 else { throw failure("create", path) }
            defer { close(fd) }
            try repo.withFilteredBlob(f.id, as: f.path) { bytes throws(GitError) in
                guard let start = bytes.baseAddress else { return }
                var done = 0
                while done < bytes.count {
                    let n = write(fd, start + done, bytes.count - done)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw failure("write", path) }
                    done += n
                }
            }
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw failure("stat", path) }
            return IndexEntry(path: f.path, id: f.id, stat: FileStat(st))
        }
    }

    /// Runs `body` over blob `id` as a checkout of it to `path` writes it (`git_blob_filter`:
    /// end-of-line conversion and ident, as attributes and settings ask).
    func withFilteredBlob(_ id: ObjectID, as path: String, _ body: (UnsafeRawBufferPointer) throws(GitError) -> Void) throws(GitError) {
        var blob: OpaquePointer?
        var oid = id.raw
        try check(git_blob_lookup(&blob, raw, &oid), "git_blob_lookup")
        defer { git_blob_free(blob) }
        var opts = git_blob_filter_options()
        try check(git_blob_filter_options_init(&opts, UInt32(GIT_BLOB_FILTER_OPTIONS_VERSION)), "git_blob_filter_options_init")
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        try check(git_blob_filter(&buf, blob, path, &opts), "git_blob_filter(\(path))")
        try body(UnsafeRawBufferPointer(start: buf.ptr, count: buf.size))
    }
}
