#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitStore
import LedgerCore

/// The ledger's own `.gitattributes` (DESIGN.md, "The ledger repository"): evident writes an
/// artifact's bytes as they are, and this rule keeps every clone from converting them on
/// checkout (end of line, `ident`, clean/smudge filters, working-tree encodings), whatever
/// `core.autocrlf`, `core.eol` or `core.attributesFile` say; an in-tree rule wins over those.
/// What can still win over it (`.git/info/attributes`, a later or deeper rule in the tree) is
/// found by `check` and refused with the setting and its fix.
enum EvidenceProtection {
    static let path = ".gitattributes"
    /// `-text` turns off every end-of-line conversion (`eol` and `core.autocrlf` only act on
    /// text); `-eol` is there so `git check-attr` says so too. `diff` and `merge` are left alone:
    /// they change no stored or checked-out byte, and record.yaml diffs should stay readable.
    static let rule = "\(Layout.evidenceRoot)/** -text -eol -ident -filter -working-tree-encoding"
    static let comment = "# Added by evident: evidence is stored and checked out byte for byte (no end-of-line conversion, ident, filter or encoding)."
    static let attributes = ["text", "crlf", "eol", "ident", "filter", "working-tree-encoding"]

    /// Whether a `.gitattributes` holds the rule.
    static func protects(_ data: Data?) -> Bool {
        guard let data else { return false }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == rule }
    }

    /// `existing` (the ledger's `.gitattributes`, if any) with the rule appended: last, so it
    /// wins over the file's own earlier lines.
    static func protected(_ existing: Data?) -> Data {
        var text = existing.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        if !text.isEmpty { text += "\n" }
        return Data((text + comment + "\n" + rule + "\n").utf8)
    }

    /// The write that protects a ledger whose HEAD lacks the rule, or nil when it has it.
    /// Throws `LedgerError` `.invalidInput` when an untracked `.gitattributes` is in the way.
    static func write(headFile: Data?, root: String) throws -> FileWrite? {
        if protects(headFile) { return nil }
        if headFile == nil, FileManager.default.fileExists(atPath: root + "/" + path) {
            throw LedgerError.invalid("\(path) is in the ledger's folder but not committed: evident adds its own rule to it (\(rule)); commit or remove that file, then run the command again")
        }
        return FileWrite(path: path, data: protected(headFile))
    }

    // MARK: Checking a checkout

    /// Refuses when git would change the bytes of any of `paths` on checkout in this clone,
    /// naming the setting and its fix. `paths` are ledger-relative artifact paths.
    /// Throws `LedgerError` `.invalidInput` (exit 65), `.failure` when attributes cannot be read.
    static func check(_ repository: Repository, root: String, paths: [String]) throws {
        guard !repository.isBare, !paths.isEmpty else { return }
        if try quickVerdict(repository, root: root, paths: paths) { return }
        let autocrlf = ((try? repository.configString("core.autocrlf")) ?? nil)?.lowercased() ?? "false"
        let eolConfig = ((try? repository.configString("core.eol")) ?? nil)?.lowercased() ?? "native"
        let converts = ["true", "yes", "on", "1", "input"].contains(autocrlf) || eolConfig == "crlf"
        for p in paths {
            let values = try wrap("reading git's attributes of \(p)") { try repository.attributes(attributes, of: p) }
            if let (attribute, effect) = problem(values, configConverts: converts) {
                throw LedgerError.invalid(message(repository, root: root, path: p, attribute: attribute, value: values[attribute] ?? .unspecified,
                                                  effect: effect, autocrlf: autocrlf, eol: eolConfig))
            }
        }
    }

    /// The attribute that changes a path's bytes on checkout, and what it does, or nil.
    static func problem(_ v: [String: AttributeValue], configConverts: Bool) -> (String, String)? {
        if v["ident"] == .set { return ("ident", "expands $Id$ into the blob id") }
        if case .value = v["filter"] { return ("filter", "runs a clean/smudge filter") }
        if case .value = v["working-tree-encoding"] { return ("working-tree-encoding", "re-encodes the text") }
        switch v["text"] ?? .unspecified {
        case .unset: return nil
        case .set, .value: return ("text", "converts line endings")
        case .unspecified:
            // No rule decides: the legacy `crlf`, `eol` and the configuration do.
            if let c = v["crlf"], c != .unset && c != .unspecified { return ("crlf", "converts line endings") }
            if case .value = v["eol"] { return ("eol", "converts line endings") }
            return configConverts ? ("text", "converts line endings (core.autocrlf or core.eol)") : nil
        }
    }

    /// True when no per-path look-up is needed: nothing in `.git/info/attributes`, the ledger's
    /// `.gitattributes` ends with the rule, and no `.gitattributes` sits below `evidence/`.
    private static func quickVerdict(_ repository: Repository, root: String, paths: [String]) throws -> Bool {
        if !ruleLines(FileManager.default.contents(atPath: repository.gitDirectory + "info/attributes")).isEmpty { return false }
        guard let last = ruleLines(FileManager.default.contents(atPath: root + "/" + path)).last, last.text == rule else { return false }
        var folders = Set<String>()
        for p in paths {
            var dir = (p as NSString).deletingLastPathComponent
            while !dir.isEmpty, folders.insert(dir).inserted { dir = (dir as NSString).deletingLastPathComponent }
        }
        return !folders.contains { FileManager.default.fileExists(atPath: root + "/" + $0 + "/" + path) }
    }

    /// The lines of an attributes file that are rules (not blank, not comments), numbered from 1.
    static func ruleLines(_ data: Data?) -> [(number: Int, text: String)] {
        guard let data else { return [] }
        var out = [(number: Int, text: String)]()
        for (k, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty && !t.hasPrefix("#") { out.append((k + 1, t)) }
        }
        return out
    }

    /// Words the refusal: the path, the attribute, the file and line that most likely set it,
    /// and the fix.
    private static func message(_ repository: Repository, root: String, path p: String, attribute: String, value: AttributeValue,
                                effect: String, autocrlf: String, eol: String) -> String {
        let shown: String
        switch value {
        case .set: shown = attribute
        case .unset: shown = "-\(attribute)"
        case .value(let v): shown = "\(attribute)=\(v)"
        case .unspecified: shown = "\(attribute) unspecified"
        }
        let head = "git would change the bytes of \(p) when it is checked out here: its attributes say '\(shown)', which \(effect). "
            + "evident records and verifies evidence byte for byte, so a checkout with this setting no longer matches the recorded SHA-256"
        // Sources that win over the ledger's rule: .git/info/attributes, then .gitattributes
        // files from the path's own folder up to the ledger's root.
        var sources = [(label: String, file: String, inTree: Bool)]()
        sources.append((".git/info/attributes", repository.gitDirectory + "info/attributes", false))
        var dir = (p as NSString).deletingLastPathComponent
        while true {
            let rel = dir.isEmpty ? path : dir + "/" + path
            sources.append((rel, root + "/" + rel, true))
            if dir.isEmpty { break }
            dir = (dir as NSString).deletingLastPathComponent
        }
        for s in sources {
            let base = s.inTree ? String(s.label.dropLast(path.count)) : ""
            for line in ruleLines(FileManager.default.contents(atPath: s.file)).reversed() where line.text != rule {
                let words = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard let pattern = words.first, words.dropFirst().contains(where: { mentions($0, attribute) }),
                      matches(pattern, String(p.dropFirst(base.count))) else { continue }
                let fix = s.inTree
                    ? "remove that line or keep it off \(Layout.evidenceRoot)/ (in a commit), so the ledger's rule '\(rule)' in \(path) decides"
                    : "remove that line from .git/info/attributes or keep it off \(Layout.evidenceRoot)/, or add '\(rule)' as its last line"
                return head + ".\n\(s.label) line \(line.number) ('\(line.text)') sets \(attribute). Fix: \(fix); then run the command again."
            }
        }
        if attribute == "text", value == .unspecified {
            let setting = ["true", "yes", "on", "1", "input"].contains(autocrlf) ? "core.autocrlf=\(autocrlf)" : "core.eol=\(eol)"
            return head + ".\nThis ledger has no '\(rule)' rule in \(path) yet, and \(setting) converts text files. "
                + "Fix: run any evident write (it adds the rule, and its commit says so), or commit \(path) with that line; then run the command again."
        }
        return head + ".\nThe rule comes from a source evident could not place; 'git check-attr -a \(p)' shows it. "
            + "Fix: remove it, or add '\(rule)' as the last line of .git/info/attributes; then run the command again."
    }

    /// Whether an attribute word (`text`, `-text`, `!text`, `text=auto`, or a macro that sets it) touches `attribute`.
    private static func mentions(_ word: String, _ attribute: String) -> Bool {
        var w = Substring(word)
        if w.hasPrefix("-") || w.hasPrefix("!") { w = w.dropFirst() }
        let name = w.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
        return name == attribute || (name == "binary" && attribute == "text") || (name == "crlf" && attribute == "text")
    }

    /// gitattributes matching, near enough to name the line: a pattern without a slash matches
    /// the file name, one with a slash the path below the attributes file's folder.
    private static func matches(_ pattern: String, _ path: String) -> Bool {
        var pat = pattern
        if pat.hasPrefix("/") { pat.removeFirst() }
        if !pat.contains("/") {
            return fnmatch(pat, (path as NSString).lastPathComponent, 0) == 0
        }
        return fnmatch(pat, path, 0) == 0
    }
}
