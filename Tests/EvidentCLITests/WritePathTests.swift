import Foundation
import LedgerCore
import Testing
import TestSupport

/// Every evident write goes through one path: objects through a staging area (loose when few, one
/// pack through libgit2's indexer when many), the index through `IndexFile` (entries with the
/// files' stat data, the tree cache kept valid). A seeded random sequence of evident writes
/// interleaved with plain git commits and index rewrites, on every index version git writes, is
/// checked after every step against the stock git CLI.
@Suite struct WritePathTests {
    /// What git must say after every evident command.
    func expectGitAgrees(_ f: LedgerFixture, _ step: String, dangling: Bool = false) {
        #expect(f.statusPorcelain.isEmpty, "\(step): \(f.statusPorcelain)")
        let cached = f.git(["diff-index", "--cached", "HEAD"])
        #expect(cached.status == 0 && cached.stdout.isEmpty, "\(step): \(cached.stdout)")
        #expect(f.git(["diff-files"]).stdout.isEmpty, "\(step)")
        let fsck = f.git(["fsck", "--strict", "--no-progress"] + (dangling ? ["--no-dangling"] : []))
        #expect(fsck.status == 0 && fsck.stdout.isEmpty && fsck.stderr.isEmpty, "\(step): \(fsck.stdout)\(fsck.stderr)")
        let packs = (try? FileManager.default.contentsOfDirectory(atPath: f.root + "/.git/objects/pack")) ?? []
        for idx in packs where idx.hasSuffix(".idx") {
            let r = f.git(["verify-pack", ".git/objects/pack/" + idx])
            #expect(r.status == 0, "\(step): verify-pack \(idx): \(r.stderr)")
        }
    }

    /// The index file's format version (bytes 4..<8 of `.git/index`).
    func indexVersion(_ f: LedgerFixture) -> Int {
        guard let data = FileManager.default.contents(atPath: f.root + "/.git/index"), data.count >= 8 else { return -1 }
        return data[4..<8].reduce(0) { $0 << 8 | Int($1) }
    }

    /// A folder of `count` small CSV files, for a bulk add that is stored as one pack.
    func bundle(_ f: LedgerFixture, _ name: String, count: Int) -> String {
        for i in 0..<count { f.artifact("\(name)/host-\(i).csv", "host,finding\nhost-\(i),none\n") }
        return f.files.path + "/" + name
    }

    @Test(arguments: [2, 3, 4])
    func writesAgreeWithGitOnEveryIndexVersion(version: Int) throws {
        let f = LedgerFixture()
        #expect(f.git(["update-index", "--index-version", "\(version)"]).status == 0)
        // git writes version 2 when asked for 3 and no entry needs the extended flags.
        let written = indexVersion(f)
        #expect(written == (version == 3 ? 2 : version))
        var rng = SplitMix64(seed: UInt64(version) * 7919)
        var commits = f.commitCount
        for step in 0..<8 {
            let label = "v\(version) step \(step)"
            switch rng.below(4) {
            case 0:
                // One small add: loose objects.
                let path = f.artifact("one-\(step).json", "{\"step\": \(step)}\n")
                let r = f.evident(["evidence", "add", path, "--control", "IAM-MFA", "--title", "Step \(step)"])
                #expect(r.status == 0, "\(label): \(r.stderr)")
                commits += 1
            case 1:
                // A bulk add: one pack.
                let r = f.evident(["evidence", "add", bundle(f, "bulk-\(step)", count: 40 + rng.below(20)), "--recursive",
                                   "--control", "VULN-SCAN", "--title", "Bulk \(step)"])
                #expect(r.status == 0, "\(label): \(r.stderr)")
                commits += 1
            case 2:
                // A control change: a file replaced in place.
                let r = f.evident(["control", "set", "IAM-MFA", "owner=owner\(step)@example.com"])
                #expect(r.status == 0, "\(label): \(r.stderr)")
                commits += 1
            default:
                // Plain git touches the index between evident writes: a commit of its own, then
                // a refresh that rewrites the index file.
                try "note \(step)\n".write(toFile: f.root + "/NOTES-\(step).md", atomically: true, encoding: .utf8)
                #expect(f.git(["add", "NOTES-\(step).md"]).status == 0)
                #expect(f.git(["-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Notes \(step)"]).status == 0)
                _ = f.git(["update-index", "--really-refresh"])
                commits += 1
            }
            expectGitAgrees(f, label)
            #expect(f.commitCount == commits, "\(label)")
            #expect(indexVersion(f) == written, "\(label): the index keeps the version git chose")
        }
        #expect(f.evident(["verify"]).status == 0)
    }

    /// Whatever wrote the index last (git or evident), the clean check finds staged changes.
    @Test func stagedChangesAreFoundWhateverWroteTheIndexLast() throws {
        let f = LedgerFixture()
        let first = f.evident(["evidence", "add", f.artifact("a.json", "{}\n"), "--control", "IAM-MFA", "--title", "A"])
        #expect(first.status == 0, "\(first.stderr)")
        // Stage a change with git: the index is no longer the one evident noted.
        try "staged\n".write(toFile: f.root + "/controls/EXTRA.txt", atomically: true, encoding: .utf8)
        #expect(f.git(["add", "controls/EXTRA.txt"]).status == 0)
        let refused = f.evident(["evidence", "add", f.artifact("b.json", "{}\n"), "--control", "IAM-MFA", "--title", "B"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("controls/EXTRA.txt (staged)"), "\(refused.stderr)")
        #expect(f.git(["rm", "-q", "--cached", "controls/EXTRA.txt"]).status == 0)
        try FileManager.default.removeItem(atPath: f.root + "/controls/EXTRA.txt")
        let next = f.evident(["evidence", "add", f.artifact("c.json", "{}\n"), "--control", "IAM-MFA", "--title", "C"])
        #expect(next.status == 0, "\(next.stderr)")
        // (The blob git staged and unstaged is left dangling by git itself.)
        expectGitAgrees(f, "after git unstaged it", dangling: true)
    }

    /// An index evident does not write to is refused with exit 65, the state and the fix, and
    /// nothing changes: a split index, and a merge stopped on a conflict.
    @Test func refusesIndexStatesItDoesNotWriteTo() throws {
        let f = LedgerFixture()
        #expect(f.git(["update-index", "--split-index"]).status == 0)
        let before = f.state()
        let split = f.evident(["evidence", "add", f.artifact("s.json", "{}\n"), "--control", "IAM-MFA", "--title", "Split"])
        #expect(split.status == 65, "\(split.stderr)")
        #expect(split.stderr.contains("split index") && split.stderr.contains("git update-index --no-split-index"), "\(split.stderr)")
        #expect(!split.stderr.contains("IndexFile"), "\(split.stderr)")
        #expect(f.state() == before)
        #expect(f.git(["update-index", "--no-split-index"]).status == 0)

        // A merge stopped on a conflict in a control file.
        let main = f.git(["rev-parse", "--abbrev-ref", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(f.git(["checkout", "-q", "-b", "side"]).status == 0)
        #expect(f.evident(["control", "set", "IAM-MFA", "owner=side@example.com"]).status == 0)
        #expect(f.git(["checkout", "-q", main]).status == 0)
        #expect(f.evident(["control", "set", "IAM-MFA", "owner=main@example.com"]).status == 0)
        #expect(f.git(["-c", "core.hooksPath=/dev/null", "merge", "-q", "side"]).status != 0)
        let merging = f.state()
        let refused = f.evident(["evidence", "add", f.artifact("m.json", "{}\n"), "--control", "IAM-MFA", "--title", "Merge"])
        #expect(refused.status == 65, "\(refused.stderr)")
        // The operation under way is named first (a rebase or a cherry-pick stopped on a conflict
        // needs its own --abort, not git merge's).
        #expect(refused.stderr.contains("a merge is in progress") && refused.stderr.contains("git merge --abort"), "\(refused.stderr)")
        #expect(f.state() == merging)
    }

    /// The pack and its index are flushed to disk before the branch moves, as git's default
    /// core.fsync does; the index only when core.fsync names it; nothing with core.fsync=none.
    /// The trace line lists the files actually flushed.
    @Test(arguments: [
        (nil, true, false), ("none", false, false), ("index", true, true), ("-pack,-pack-metadata", false, false),
    ] as [(String?, Bool, Bool)])
    func packsAndTheIndexAreFlushedAsCoreFsyncSays(fsync: String?, packs: Bool, index: Bool) throws {
        let f = LedgerFixture()
        if let fsync { #expect(f.git(["config", "core.fsync", fsync]).status == 0) }
        let r = f.evident(["evidence", "add", bundle(f, "scan", count: 40), "--recursive", "--control", "VULN-SCAN", "--title", "Scan"],
                          env: ["EVIDENT_TRACE": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let line = try #require(r.stderr.split(separator: "\n").first { $0.contains("flushed to disk:") }.map(String.init), "\(r.stderr)")
        #expect(line.contains(".pack") == packs, "\(line)")
        #expect(line.contains(".idx") == packs, "\(line)")
        #expect(line.hasSuffix(", index") == index || line.hasSuffix(": index") == index, "\(line)")
        if !packs && !index { #expect(line.contains("nothing"), "\(line)") }
        expectGitAgrees(f, "fsync \(fsync ?? "default")")
    }
}
