import Clibgit2
import Foundation

/// An annotated tag, as a value.
public struct TagInfo: Hashable, Sendable {
    /// Short name without `refs/tags/` (`assessment/soc2-2026`).
    public let name: String
    /// Id of the tag object itself.
    public let id: ObjectID
    /// Id of the object the tag points at (usually a commit).
    public let target: ObjectID
    public let targetKind: ObjectKind
    public let tagger: Signature?
    public let message: String
}

extension TagInfo {
    /// The same tag without its message (a snapshot's message carries its whole manifest:
    /// megabytes that need not stay in memory once the manifest is parsed).
    public var withoutMessage: TagInfo {
        TagInfo(name: name, id: id, target: target, targetKind: targetKind, tagger: tagger, message: "")
    }
}

extension Repository {
    /// Points `name` at `id`, but only if it still holds `expected` (nil: it must not exist yet).
    /// Two writers racing for the same ref: one wins, the other gets `.modified` or `.exists`.
    public func updateReference(_ name: String, to id: ObjectID, expecting expected: ObjectID?, logMessage: String) throws(GitError) {
        var ref: OpaquePointer?
        var oid = id.raw
        if let expected {
            var old = expected.raw
            try check(git_reference_create_matching(&ref, raw, name, &oid, 1, &old, logMessage), "git_reference_create_matching")
        } else {
            try check(git_reference_create(&ref, raw, name, &oid, 0, logMessage), "git_reference_create")
        }
        git_reference_free(ref)
    }

    /// The id `name` points at (peeled one level for symbolic refs), or nil.
    public func referenceTarget(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, raw, name)
        if rc == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(rc, "git_reference_name_to_id")
        return ObjectID(oid)
    }

    // MARK: Tags

    /// Creates the annotated tag `name` on `target`. Fails with `.exists` when the tag exists.
    public func createTag(_ name: String, target: ObjectID, tagger: Signature, message: String) throws(GitError) -> ObjectID {
        try writeTag(name, target: target, tagger: tagger, message: message, createRef: true)
    }

    /// Writes an annotated tag object for `target` and returns its id, without creating the
    /// ref (point `refs/tags/<name>` at it with `updateReference` once the object is stored).
    public func createTagObject(_ name: String, target: ObjectID, tagger: Signature, message: String) throws(GitError) -> ObjectID {
        try writeTag(name, target: target, tagger: tagger, message: message, createRef: false)
    }

    private func writeTag(_ name: String, target: ObjectID, tagger: Signature, message: String, createRef: Bool) throws(GitError) -> ObjectID {
        var obj: OpaquePointer?
        var oid = target.raw
        try check(git_object_lookup(&obj, raw, &oid, GIT_OBJECT_ANY), "git_object_lookup")
        defer { git_object_free(obj) }
        var out = git_oid()
        let rc = try tagger.withRaw { (sig) throws(GitError) -> Int32 in
            createRef ? git_tag_create(&out, raw, name, obj, sig, message, 0) : git_tag_annotation_create(&out, raw, name, obj, sig, message)
        }
        try check(rc, createRef ? "git_tag_create" : "git_tag_annotation_create")
        return ObjectID(out)
    }

    /// Stores a complete tag object given as text (for example one carrying a signature) and
    /// creates `refs/tags/<name>` for it. Fails with `.exists` when the tag exists.
    public func createTag(fromBuffer buffer: String) throws(GitError) -> ObjectID {
        var out = git_oid()
        try check(git_tag_create_from_buffer(&out, raw, buffer, 0), "git_tag_create_from_buffer")
        return ObjectID(out)
    }

    /// The raw content of a tag object (header lines, blank line, message).
    public func rawTag(_ id: ObjectID) throws(GitError) -> Data {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        var obj: OpaquePointer?
        var oid = id.raw
        try check(git_odb_read(&obj, odb, &oid), "git_odb_read")
        defer { git_odb_object_free(obj) }
        return Data(bytes: git_odb_object_data(obj), count: git_odb_object_size(obj))
    }

    /// The first `limit` bytes (or fewer) of an object's content. Loose objects are inflated only
    /// as far as needed (libgit2's stream read); objects in packs, which libgit2 cannot stream,
    /// are read whole. A snapshot tag carries its whole manifest (megabytes at 100k artifacts),
    /// while its headline is the first line of the message.
    public func objectPrefix(_ id: ObjectID, limit: Int) throws(GitError) -> Data {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        var oid = id.raw
        var stream: UnsafeMutablePointer<git_odb_stream>?
        var length = 0
        var type = GIT_OBJECT_ANY
        if git_odb_open_rstream(&stream, &length, &type, odb, &oid) == 0, let stream {
            defer { git_odb_stream_free(stream) }
            var out = Data()
            var buffer = [CChar](repeating: 0, count: 4096)
            while out.count < min(limit, length) {
                let n = git_odb_stream_read(stream, &buffer, min(buffer.count, limit - out.count))
                if n < 0 { break }
                if n == 0 { break }
                buffer.withUnsafeBytes { out.append(contentsOf: $0.prefix(Int(n))) }
            }
            if out.count >= min(limit, length) { return out }
        }
        git_error_clear()
        var obj: OpaquePointer?
        try check(git_odb_read(&obj, odb, &oid), "git_odb_read")
        defer { git_odb_object_free(obj) }
        return Data(bytes: git_odb_object_data(obj), count: min(limit, git_odb_object_size(obj)))
    }

    /// Writes raw bytes as an object of the given kind (used for signed tags).
    public func writeObject(_ data: Data, kind: ObjectKind) throws(GitError) -> ObjectID {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, raw), "git_repository_odb")
        defer { git_odb_free(odb) }
        let type: git_object_t
        switch kind {
        case .commit: type = GIT_OBJECT_COMMIT
        case .tree: type = GIT_OBJECT_TREE
        case .blob: type = GIT_OBJECT_BLOB
        case .tag: type = GIT_OBJECT_TAG
        case .other: type = GIT_OBJECT_ANY
        }
        var out = git_oid()
        let rc = data.withUnsafeBytes { buf in git_odb_write(&out, odb, buf.baseAddress, buf.count, type) }
        try check(rc, "git_odb_write")
        return ObjectID(out)
    }

    /// Reads the annotated tag `refs/tags/<name>`. Returns nil when there is no such ref;
    /// throws `.invalid` when the ref exists but is a lightweight tag.
    public func tag(named name: String) throws(GitError) -> TagInfo? {
        guard let id = try referenceTarget("refs/tags/" + name) else { return nil }
        if try objectKind(id) != .tag {
            throw GitError(code: .invalid, message: "refs/tags/\(name) is a lightweight tag, not an annotated one", function: "git_tag_lookup")
        }
        return try tag(id: id, name: name)
    }

    /// Reads an annotated tag object by id.
    public func tag(id: ObjectID, name: String? = nil) throws(GitError) -> TagInfo {
        var t: OpaquePointer?
        var oid = id.raw
        try check(git_tag_lookup(&t, raw, &oid), "git_tag_lookup")
        defer { git_tag_free(t) }
        return TagInfo(
            name: name ?? String(cString: git_tag_name(t)),
            id: id,
            target: ObjectID(git_tag_target_id(t)!),
            targetKind: ObjectKind(git_tag_target_type(t)),
            tagger: git_tag_tagger(t).map { Signature($0) },
            message: git_tag_message(t).map { String(cString: $0) } ?? ""
        )
    }

    /// Tag names matching a glob (`assessment/*`), sorted.
    public func tagNames(matching pattern: String = "*") throws(GitError) -> [String] {
        var array = git_strarray()
        try check(git_tag_list_match(&array, pattern, raw), "git_tag_list_match")
        defer { git_strarray_dispose(&array) }
        var names = [String]()
        for i in 0..<array.count {
            if let s = array.strings[i] { names.append(String(cString: s)) }
        }
        return names.sorted()
    }

    /// Peels any object (a tag, possibly nested) to the commit it names.
    public func peelToCommit(_ id: ObjectID) throws(GitError) -> ObjectID {
        var obj: OpaquePointer?
        var oid = id.raw
        try check(git_object_lookup(&obj, raw, &oid, GIT_OBJECT_ANY), "git_object_lookup")
        defer { git_object_free(obj) }
        var peeled: OpaquePointer?
        try check(git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT), "git_object_peel")
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled)!)
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var a = descendant.raw
        var b = ancestor.raw
        let rc = git_graph_descendant_of(raw, &a, &b)
        try check(rc, "git_graph_descendant_of")
        return rc == 1
    }
}

extension Repository {
    /// The references whose names match `glob` (`refs/evident/sync/tags/*`), with their targets
    /// (not peeled: a tag reference gives the tag object).
    public func references(matching glob: String) throws(GitError) -> [(name: String, id: ObjectID)] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, raw, glob), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        var out = [(name: String, id: ObjectID)]()
        while true {
            var ref: OpaquePointer?
            let rc = git_reference_next(&ref, iterator)
            if rc == GIT_ITEROVER.rawValue { git_error_clear(); break }
            try check(rc, "git_reference_next")
            defer { git_reference_free(ref) }
            guard let name = git_reference_name(ref), let oid = git_reference_target(ref) else { continue }
            out.append((String(cString: name), ObjectID(oid)))
        }
        return out
    }

    /// Deletes reference `name`; a missing one is no error.
    public func deleteReference(_ name: String) throws(GitError) {
        let rc = git_reference_remove(raw, name)
        if rc == GIT_ENOTFOUND.rawValue { git_error_clear(); return }
        try check(rc, "git_reference_remove")
    }

    /// The best common ancestor of two commits, or nil when they share no history.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var x = a.raw, y = b.raw
        let rc = git_merge_base(&out, raw, &x, &y)
        if rc == GIT_ENOTFOUND.rawValue { git_error_clear(); return nil }
        try check(rc, "git_merge_base")
        return ObjectID(out)
    }
}
