#if canImport(Glibc)
import Glibc
#endif
import Clibgit2

/// The value git's attributes give one attribute of a path (gitattributes(5)).
public enum AttributeValue: Sendable, Equatable {
    /// No rule mentions it, or `!name` put it back to that.
    case unspecified
    /// `name`
    case set
    /// `-name`
    case unset
    /// `name=value`
    case value(String)
}

extension Repository {
    /// The attributes git applies to `path` on checkout, from every source git reads
    /// (`.git/info/attributes`, the `.gitattributes` files of the work tree, then of the index,
    /// `core.attributesFile`, the system file), in git's order of priority.
    public func attributes(_ names: [String], of path: String) throws(GitError) -> [String: AttributeValue] {
        var values = [UnsafePointer<CChar>?](repeating: nil, count: names.count)
        let cNames = names.map { strdup($0) }
        defer { for p in cNames { free(p) } }
        var pointers = cNames.map { UnsafePointer<CChar>($0) }
        let rc = values.withUnsafeMutableBufferPointer { out in
            pointers.withUnsafeMutableBufferPointer { n in
                git_attr_get_many(out.baseAddress, raw, UInt32(GIT_ATTR_CHECK_FILE_THEN_INDEX), path, names.count, n.baseAddress)
            }
        }
        _ = try check(rc, "git_attr_get_many(\(path))")
        var result = [String: AttributeValue]()
        for (k, name) in names.enumerated() {
            switch git_attr_value(values[k]) {
            case GIT_ATTR_VALUE_TRUE: result[name] = .set
            case GIT_ATTR_VALUE_FALSE: result[name] = .unset
            case GIT_ATTR_VALUE_STRING: result[name] = .value(values[k].map { String(cString: $0) } ?? "")
            default: result[name] = .unspecified
            }
        }
        return result
    }
}
