#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport

// Helpers shared by the end-to-end CLI tests (private to this test target).

/// A fixed clock for every date-dependent test.
let fixedNow = "2026-06-01T12:00:00Z"
let nowEnv = ["EVIDENT_NOW": fixedNow]
/// The folder evidence collected on `fixedNow` lands in.
let fixedMonthFolder = "evidence/2026/06"

let evidenceIDPattern = #"^EV-\d{8}-[0-9A-HJKMNP-TV-Z]{6}$"#

func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

func nonEmptyLines(_ s: String) -> [String] {
    s.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

func matches(_ s: String, _ pattern: String) -> Bool {
    s.range(of: pattern, options: .regularExpression) != nil
}

func jsonObject(_ s: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [String: Any]
}

func jsonArray(_ s: String) -> [[String: Any]]? {
    (try? JSONSerialization.jsonObject(with: Data(s.utf8))) as? [[String: Any]]
}

/// SHA-256 of a file as computed by coreutils, independent of the product's own hashing.
func coreutilsSHA256(_ path: String) -> String {
    let r = Processes.run("/usr/bin/sha256sum", [path], cwd: "/")
    return String(r.stdout.split(separator: " ").first ?? "")
}

/// A PNG-like blob: the PNG signature, NUL bytes, high bytes and invalid UTF-8.
let pngLikeBytes: Data = {
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
    bytes += [0x00, 0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x0A, 0x0D, 0x00]
    for i in 0..<300 { bytes.append(UInt8((i * 37) & 0xFF)) }
    return Data(bytes)
}()

extension LedgerFixture {
    /// `evident evidence add` with the fixed clock; returns the process result.
    @discardableResult
    func add(_ files: [String], control: String = "IAM-MFA", title: String = "MFA export", _ extra: [String] = [],
             env: [String: String] = [:], stdin: Data? = nil) -> ProcessResult {
        evident(["evidence", "add"] + files + ["--control", control, "--title", title] + extra,
                env: nowEnv.merging(env) { _, new in new }, stdin: stdin)
    }

    /// Adds one small text artifact and returns the new id (failing loudly if the add fails).
    func addEvidence(_ name: String = "export.json", _ contents: String = "{\"users\": 3}\n", control: String = "IAM-MFA",
                     title: String = "MFA export", env: [String: String] = [:]) -> String {
        let r = add([artifact(name, contents)], control: control, title: title, env: env)
        precondition(r.status == 0, "evidence add failed: \(r.stderr)")
        return trimmed(r.stdout)
    }

    /// The blob id git gives a file's bytes (equal ids mean byte-identical contents).
    func gitBlobID(ofFile path: String) -> String { trimmed(git(["hash-object", "--no-filters", path]).stdout) }

    /// The blob id of a path at a revision.
    func gitBlobID(at revision: String = "HEAD", _ path: String) -> String { trimmed(git(["rev-parse", "\(revision):\(path)"]).stdout) }

    func show(_ path: String, at revision: String = "HEAD") -> ProcessResult { git(["show", "\(revision):\(path)"]) }

    /// The values git itself parses for one trailer key of a commit.
    func trailer(_ key: String, of revision: String = "HEAD") -> [String] {
        nonEmptyLines(git(["log", "-1", "--format=%(trailers:key=\(key),valueonly)", revision]).stdout)
    }

    /// Files of an evidence folder at HEAD, as git lists them.
    func trackedFiles(under folder: String) -> [String] {
        nonEmptyLines(git(["ls-tree", "-r", "--name-only", "HEAD", "--", folder]).stdout)
    }

    func write(_ relative: String, _ contents: String) {
        let full = root + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        precondition(FileManager.default.createFile(atPath: full, contents: Data(contents.utf8)))
    }

    func append(_ relative: String, _ contents: Data) {
        let h = FileHandle(forWritingAtPath: root + "/" + relative)!
        h.seekToEndOfFile()
        h.write(contents)
        h.closeFile()
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
    }
}
