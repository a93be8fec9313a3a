#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LedgerCore

/// The ledger's writer lock: `flock` on `.git/evident/lock`. The kernel releases it when the
/// holder exits, however it exits, so a killed process never leaves the ledger locked. A writer
/// that is killed mid-write leaves its journal (`.git/evident/journal.json`) behind instead; the
/// next writer finds it under the lock and repairs the work tree and index (see `LedgerWriter`).
final class WriteLock {
    let directory: String
    private let fd: Int32

    var lockPath: String { directory + "/lock" }
    var journalPath: String { directory + "/journal.json" }

    /// Waits up to `timeout` seconds for the lock (EVIDENT_LOCK_TIMEOUT, default 30), then fails with exit 75.
    static func acquire(gitDirectory: String, action: String, timeout: Double) throws -> WriteLock {
        let dir = (gitDirectory.hasSuffix("/") ? String(gitDirectory.dropLast()) : gitDirectory) + "/evident"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LedgerError.system("cannot open the ledger lock \(path)", errno: errno)
        }
        let deadline = Date().addingTimeInterval(max(0, timeout))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let code = errno
                close(fd)
                throw LedgerError.system("cannot lock \(path)", errno: code)
            }
            if Date() >= deadline {
                let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                close(fd)
                throw LedgerError(.busy, "the ledger is busy: another evident process holds \(path)\(holder.isEmpty ? "" : " (\(holder))"); try again when it has finished, or wait longer with EVIDENT_LOCK_TIMEOUT=SECONDS")
            }
            // Waiting for another process to release the lock: there is no event to wait on for
            // flock with a deadline, so poll at a short interval.
            usleep(20_000)
        }
        let lock = WriteLock(directory: dir, fd: fd)
        let holder = "pid \(getpid()), \(action), since \(Timestamp(seconds: Int(Date().timeIntervalSince1970)))\n"
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
        return lock
    }

    private var released = false

    private init(directory: String, fd: Int32) {
        self.directory = directory
        self.fd = fd
    }

    /// Unlocks and closes the descriptor; safe to call more than once.
    func release() {
        guard !released else { return }
        released = true
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }

    deinit {
        release()
    }

    // MARK: Journal

    struct Journal: Codable {
        struct Entry: Codable {
            var path: String
            /// Blob id of the committed file this write replaces, nil when it creates the file.
            var previous: String?
            /// True when the write removes the file.
            var removes: Bool
        }
        var pid: Int32
        var action: String
        var startedAt: String
        var branch: String
        var headBefore: String?
        var commit: String?
        var entries: [Entry]

        enum CodingKeys: String, CodingKey {
            case pid, action, branch, commit, entries
            case startedAt = "started_at"
            case headBefore = "head_before"
        }
    }

    /// The commit a journalled write made, once its object exists: a file of its own, so a
    /// commit of 10,000 files does not rewrite a journal of 10,000 entries to note one id.
    var commitMarkPath: String { directory + "/journal.commit" }

    func readJournal() throws -> Journal? {
        guard let data = FileManager.default.contents(atPath: journalPath) else {
            unlink(commitMarkPath)
            return nil
        }
        do {
            var journal = try JSONDecoder().decode(Journal.self, from: data)
            if let mark = FileManager.default.contents(atPath: commitMarkPath) {
                let hex = String(decoding: mark, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if !hex.isEmpty { journal.commit = hex }
            }
            return journal
        } catch {
            throw LedgerError(.failure, "\(journalPath) is unreadable (\(error)); inspect the work tree with 'git status', then delete the file")
        }
    }

    /// Writes the journal (atomically, by rename) before the work tree is touched. It is not
    /// fsynced: it guards against a killed process, whose writes the kernel keeps, as git's own
    /// lock files do.
    func writeJournal(_ journal: Journal) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(journal)
        let tmp = journalPath + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data) else {
            throw LedgerError(.failure, "cannot write \(tmp)")
        }
        guard rename(tmp, journalPath) == 0 else {
            throw LedgerError.system("cannot write \(journalPath)", errno: errno)
        }
    }

    /// Notes that the journalled write made `commit` (atomically, by rename).
    func markCommitted(_ commit: String) throws {
        let tmp = commitMarkPath + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: Data((commit + "\n").utf8)) else {
            throw LedgerError(.failure, "cannot write \(tmp)")
        }
        guard rename(tmp, commitMarkPath) == 0 else {
            throw LedgerError.system("cannot write \(commitMarkPath)", errno: errno)
        }
    }

    func removeJournal() {
        unlink(journalPath)
        unlink(commitMarkPath)
    }
}
