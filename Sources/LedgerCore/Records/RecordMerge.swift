import Foundation

/// Three-way merge of one record (a control, a POA&M item, an exception, ledger.yaml) changed on
/// both sides of `evident sync`: field by field, so two people editing different fields of the
/// same control both keep their change. A field both sides changed to different values is a
/// conflict, never resolved by picking one: the caller refuses the sync and names both values.
public enum RecordMerge {
    /// A field both sides changed differently, by its dotted path (`attributes.mfa_scope`).
    public struct Conflict: Equatable, Sendable {
        public let field: String
        public let ours: RecordValue?
        public let theirs: RecordValue?

        public init(field: String, ours: RecordValue?, theirs: RecordValue?) {
            self.field = field
            self.ours = ours
            self.theirs = theirs
        }
    }

    /// The merged record, or the fields in conflict. `base` is the record at the merge base (nil
    /// when both sides added it). Mappings merge key by key, recursively; any other value
    /// (a string, a list such as `milestones` or `maps`) is one field. Keys keep the order of
    /// `ours`, with keys only `theirs` added after them in their order, so the canonical writer
    /// (which orders keys itself) gives the same bytes either way.
    public enum Outcome: Equatable, Sendable {
        case merged(RecordValue)
        case conflicts([Conflict])
    }

    public static func merge(base: RecordValue?, ours: RecordValue, theirs: RecordValue) -> Outcome {
        var conflicts = [Conflict]()
        let merged = mergeValue(base: base, ours: ours, theirs: theirs, path: "", conflicts: &conflicts)
        if !conflicts.isEmpty { return .conflicts(conflicts) }
        guard let merged else { return .conflicts([Conflict(field: "", ours: ours, theirs: theirs)]) }
        return .merged(merged)
    }

    private static func mergeValue(base: RecordValue?, ours: RecordValue?, theirs: RecordValue?, path: String,
                                   conflicts: inout [Conflict]) -> RecordValue? {
        if ours == theirs { return ours }
        if ours == base { return theirs }
        if theirs == base { return ours }
        // Both changed, differently: only two mappings can still agree, key by key.
        guard case .map(let o)? = ours, case .map(let t)? = theirs else {
            conflicts.append(Conflict(field: path, ours: ours, theirs: theirs))
            return nil
        }
        var b = [(String, RecordValue)]()
        if case .map(let bm)? = base { b = bm }
        func value(_ pairs: [(String, RecordValue)], _ key: String) -> RecordValue? { pairs.first { $0.0 == key }?.1 }
        var keys = o.map(\.0)
        for (k, _) in t where !keys.contains(k) { keys.append(k) }
        var out = [(String, RecordValue)]()
        for k in keys {
            let sub = path.isEmpty ? k : path + "." + k
            if let v = mergeValue(base: value(b, k), ours: value(o, k), theirs: value(t, k), path: sub, conflicts: &conflicts) {
                out.append((k, v))
            }
        }
        return .map(out)
    }
}
