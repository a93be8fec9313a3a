#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clibgit2
import Foundation

extension Repository {
    /// The paths among `paths` that git would pass through a content filter when staging them
    /// (end-of-line conversion, `ident`, a filter driver), so that their blobs would differ from
    /// the bytes in the work tree.
    ///
    /// Asking libgit2 costs an attribute lookup per path (tens of microseconds, with a `stat` of
    /// every `.gitattributes` on the way). So the usual case is settled first: when
    /// `core.autocrlf` is off and no attributes file exists (the repository's, the folders'
    /// along the paths, `info/attributes`, `core.attributesFile`, the user's and the system's),
    /// nothing can be filtered and no path is looked up.
    public func pathsWithContentFilters(_ paths: [String]) -> Set<String> {
        guard !paths.isEmpty, let workdir else { return [] }
        if !mayFilter(paths, workdir: workdir) { return [] }
        var out = Set<String>()
        for path in paths {
            var filters: OpaquePointer?
            let rc = git_filter_list_load(&filters, raw, nil, path, GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT.rawValue)
            if rc < 0 {
                git_error_clear()
                out.insert(path) // unknown: let libgit2 stage it
            } else if let filters {
                out.insert(path)
                git_filter_list_free(filters)
            }
        }
        return out
    }

    private func mayFilter(_ paths: [String], workdir: String) -> Bool {
        if let autocrlf = try? configString("core.autocrlf"), ["true", "input", "yes", "on", "1"].contains(autocrlf.lowercased()) {
            return true
        }
        if let file = try? configString("core.attributesFile"), !file.isEmpty { return true }
        var candidates = [gitDirectory + "info/attributes", "/etc/gitattributes"]
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { candidates.append(xdg + "/git/attributes") }
        if let home = environment["HOME"], !home.isEmpty { candidates.append(home + "/.config/git/attributes") }
        // Every folder along the paths, each reached once (a bulk add lists thousands of files
        // in a few folders).
        var folders = Set<String>([""])
        var parents = Set<Substring>()
        for p in paths {
            guard let slash = p.lastIndex(of: "/"), parents.insert(p[..<slash]).inserted else { continue }
            var folder = p[..<slash]
            while folders.insert(String(folder)).inserted, let up = folder.lastIndex(of: "/") {
                folder = folder[..<up]
            }
        }
        candidates += folders.map { workdir + ($0.isEmpty ? "" : $0 + "/") + ".gitattributes" }
        var st = stat()
        return candidates.contains { lstat($0, &st) == 0 }
    }
}
