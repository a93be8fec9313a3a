import Clibgit2
import Foundation

/// Index entries in index order, each a pointer to its on-disk bytes: entries of the file as read,
/// and entries made for a commit (kept in a second buffer).
struct EntryTable {
    let old: UnsafeRawPointer
    let new: UnsafeRawPointer?
    /// >= 0: offset of an entry in `old`; < 0: `~offset` of an entry in `new`.
    let refs: [Int]

    var count: Int { refs.count }

    @inline(__always) func entry(_ i: Int) -> UnsafeRawPointer {
        let r = refs[i]
        return r >= 0 ? old + r : new! + ~r
    }

    @inline(__always) func name(_ i: Int) -> (UnsafeRawPointer, Int) {
        IndexFile.name(entry(i), 0)
    }

    /// Whether entry `i`'s path starts with `prefix`.
    @inline(__always) func hasPrefix(_ i: Int, _ prefix: [UInt8]) -> Bool {
        let (p, n) = name(i)
        guard n >= prefix.count else { return false }
        return prefix.withUnsafeBytes { memcmp(p, $0.baseAddress!, prefix.count) == 0 }
    }

    /// The on-disk size of entry `i`.
    @inline(__always) func size(_ i: Int) -> Int {
        let e = entry(i)
        let flags = IndexFile.be16(e, 60)
        let start = flags & 0x4000 != 0 ? 64 : 62
        let (_, n) = IndexFile.name(e, 0)
        return (start + n + 8) & ~7
    }
}

/// The TREE extension (git's cache tree), parsed in place: one record per folder, in the
/// extension's order (each folder followed by its subfolders). A record with an entry count of
/// -1 is invalid (its folder changed since the tree was written); valid records give the tree id
/// of their folder and how many index entries lie below it.
struct CacheTree {
    struct Node {
        var nameStart: Int
        var nameLength: Int
        /// Index entries below the folder, or -1 when the record is invalid.
        var entryCount: Int
        /// Where the tree id lies, or -1.
        var idOffset: Int
        var childCount: Int
        /// The record's bytes, with its subfolders' records.
        var bytes: Range<Int>
        /// The node after this one's subfolders.
        var end: Int
    }

    let base: UnsafeRawPointer
    var nodes: [Node] = []

    /// Parses the extension at `range` of `base`; nil when it is damaged (then nothing is cached).
    init?(base: UnsafeRawPointer, range: Range<Int>) {
        self.base = base
        var offset = range.lowerBound
        guard parse(&offset, limit: range.upperBound), offset == range.upperBound else { return nil }
    }

    private mutating func parse(_ offset: inout Int, limit: Int) -> Bool {
        let start = offset
        guard let nul = memchr(base + offset, 0, limit - offset) else { return false }
        let nameLength = UnsafeRawPointer(nul) - (base + offset)
        offset += nameLength + 1
        guard let entries = number(&offset, limit: limit, until: 0x20),
              let children = number(&offset, limit: limit, until: 0x0A), children >= 0 else { return false }
        var idOffset = -1
        if entries >= 0 {
            guard offset + 20 <= limit else { return false }
            idOffset = offset
            offset += 20
        }
        let index = nodes.count
        nodes.append(Node(nameStart: start, nameLength: nameLength, entryCount: entries, idOffset: idOffset,
                          childCount: children, bytes: start..<start, end: 0))
        for _ in 0..<children {
            guard parse(&offset, limit: limit) else { return false }
        }
        nodes[index].bytes = start..<offset
        nodes[index].end = nodes.count
        return true
    }

    /// An ASCII decimal (possibly negative) ending with `terminator`.
    private func number(_ offset: inout Int, limit: Int, until terminator: UInt8) -> Int? {
        var value = 0, negative = false, digits = 0
        while offset < limit {
            let c = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            if c == terminator { return digits > 0 ? (negative ? -value : value) : nil }
            if c == 0x2D && digits == 0 && !negative { negative = true; continue }
            guard (0x30...0x39).contains(c), digits < 12 else { return nil }
            value = value * 10 + Int(c - 0x30)
            digits += 1
        }
        return nil
    }

    func name(_ node: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + nodes[node].nameStart, count: nodes[node].nameLength)
    }

    /// The subfolder records of `node`.
    func children(_ node: Int) -> [Int] {
        var out = [Int]()
        out.reserveCapacity(nodes[node].childCount)
        var c = node + 1
        while c < nodes[node].end {
            out.append(c)
            c = nodes[c].end
        }
        return out
    }
}

/// A piece of a TREE extension being written: bytes copied from the old extension (unchanged
/// folders), or new bytes.
enum TreeChunk {
    case old(Range<Int>)
    case new([UInt8])

    var count: Int {
        switch self {
        case .old(let r): return r.count
        case .new(let b): return b.count
        }
    }
}

/// Computes the tree of a list of index entries the way git's cache-tree update does: a folder
/// whose cache record is valid (and that holds no changed path) contributes its recorded id and
/// skips its entries at once; every other folder is rebuilt from its entries. Produces the new
/// TREE extension on the way.
struct TreeComputation {
    let table: EntryTable
    let cache: CacheTree?
    /// Folders (no trailing slash; "" is the root) holding a path that changed.
    let changed: Set<[UInt8]>
    /// Stores (or only hashes) one tree object and returns its id.
    let store: ([UInt8]) throws(GitError) -> ObjectID

    /// The root tree's id and the new TREE extension.
    func run() throws(GitError) -> (ObjectID, [TreeChunk]) {
        let root = cache.flatMap { $0.nodes.isEmpty ? nil : 0 }
        var chunks = [TreeChunk]()
        let (id, end) = try build(prefix: [], name: [], node: root, start: 0, into: &chunks)
        guard end == table.count else {
            throw GitError(code: .invalid, message: "the index is not sorted", function: "IndexFile.writeTree")
        }
        return (id, chunks)
    }

    /// Builds the folder `prefix` (with its trailing slash; empty for the root) whose entries
    /// start at `start`; returns its tree id and the first entry after it.
    private func build(prefix: [UInt8], name: [UInt8], node: Int?, start: Int, into chunks: inout [TreeChunk]) throws(GitError) -> (ObjectID, Int) {
        if let node, let cache, let id = reusable(node, cache: cache, prefix: prefix, start: start) {
            append(.old(cache.nodes[node].bytes), to: &chunks)
            return (id, start + cache.nodes[node].entryCount)
        }
        // Subfolder records by name, for the folders met below.
        var known = [[UInt8]: Int]()
        if let node, let cache {
            for c in cache.children(node) { known[Array(cache.name(c))] = c }
        }
        var tree = [UInt8]()
        var below = [TreeChunk]()
        var subfolders = 0
        var i = start
        while i < table.count {
            let (p, n) = table.name(i)
            guard n > prefix.count, prefix.withUnsafeBytes({ memcmp(p, $0.baseAddress ?? p, prefix.count) }) == 0 else { break }
            let rest = UnsafeRawBufferPointer(start: p + prefix.count, count: n - prefix.count)
            if let slash = rest.firstIndex(of: 0x2F) {
                let component = Array(rest[0..<slash])
                let (id, next) = try build(prefix: prefix + component + [0x2F], name: component, node: known[component],
                                           start: i, into: &below)
                appendEntry(&tree, mode: "40000", name: component, id: id)
                subfolders += 1
                i = next
            } else {
                let e = table.entry(i)
                let mode = String(IndexFile.be32(e, 24), radix: 8)
                tree.append(contentsOf: mode.utf8)
                tree.append(0x20)
                tree.append(contentsOf: rest)
                tree.append(0)
                tree.append(contentsOf: UnsafeRawBufferPointer(start: e + 40, count: 20))
                i += 1
            }
        }
        let id = try store(tree)
        var header = name
        header.append(0)
        header.append(contentsOf: "\(i - start) \(subfolders)\n".utf8)
        appendID(&header, id)
        append(.new(header), to: &chunks)
        for c in below { append(c, to: &chunks) }
        return (id, i)
    }

    /// The recorded id of `node` when it can be trusted for the entries at `start`.
    private func reusable(_ node: Int, cache: CacheTree, prefix: [UInt8], start: Int) -> ObjectID? {
        let record = cache.nodes[node]
        guard record.entryCount > 0, record.idOffset >= 0 else { return nil }
        guard !changed.contains(prefix.isEmpty ? [] : Array(prefix.dropLast())) else { return nil }
        let end = start + record.entryCount
        guard end <= table.count else { return nil }
        // The record must cover exactly the folder's entries.
        if !prefix.isEmpty {
            guard table.hasPrefix(end - 1, prefix) else { return nil }
            if end < table.count && table.hasPrefix(end, prefix) { return nil }
        } else if end != table.count {
            return nil
        }
        return ObjectID(rawBytes: UnsafeRawBufferPointer(start: cache.base + record.idOffset, count: 20))
    }

    private func appendEntry(_ tree: inout [UInt8], mode: String, name: [UInt8], id: ObjectID) {
        tree.append(contentsOf: mode.utf8)
        tree.append(0x20)
        tree.append(contentsOf: name)
        tree.append(0)
        appendID(&tree, id)
    }

    private func appendID(_ out: inout [UInt8], _ id: ObjectID) {
        var raw = id.raw
        withUnsafeBytes(of: &raw.id) { out.append(contentsOf: $0) }
    }

    /// Appends, merging neighbouring ranges of the old extension into one copy.
    private func append(_ chunk: TreeChunk, to chunks: inout [TreeChunk]) {
        if case .old(let r) = chunk, case .old(let last)? = chunks.last, last.upperBound == r.lowerBound {
            chunks[chunks.count - 1] = .old(last.lowerBound..<r.upperBound)
        } else {
            chunks.append(chunk)
        }
    }
}

extension IndexFile {
    var table: EntryTable { EntryTable(old: base, new: nil, refs: offsets) }

    /// The id of the root tree the index describes, computed without writing anything: taken
    /// from the cache tree when it is valid, otherwise hashed from the entries (only the folders
    /// whose cache record is invalid or missing are hashed).
    public func treeID() throws(GitError) -> ObjectID {
        let computation = TreeComputation(table: table, cache: cacheTree, changed: [], store: { (bytes) throws(GitError) -> ObjectID in
            var oid = git_oid()
            try check(git_odb_hash(&oid, bytes, bytes.count, GIT_OBJECT_TREE), "git_odb_hash")
            return ObjectID(oid)
        })
        return try computation.run().0
    }
}
