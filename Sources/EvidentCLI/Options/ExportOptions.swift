import ArgumentParser
import Foundation
import Ledger
import LedgerCore

/// Where an export goes: `-o PATH` (relative to the directory the command runs in) or standard
/// output, never overwriting a file without `--force`. Every `evident export ...` command and
/// `evident report` write through this, so the refusal reads the same everywhere.
struct ExportOptions: ParsableArguments {
    @Option(name: .customShort("o"), help: ArgumentHelp("Write to PATH instead of standard output (a folder, for the exports written as several files).", valueName: "PATH")) var output: String?
    @Flag(help: "Overwrite PATH when it exists.") var force = false

    /// `-o` made absolute against the command's directory (`-C PATH` or the current one).
    /// `-o -` means standard output, as `evidence add -` reads standard input.
    func path(in ledger: LedgerOptions) -> String? {
        guard let output, output != "-" else { return nil }
        return output.hasPrefix("/") ? output : ledger.path + "/" + output
    }

    /// Writes `data` to `-o PATH` (a file), or to standard output without `-o`. An existing
    /// file is refused (exit 65, naming it and `--force`) before anything is written; the file
    /// is written whole (temporary file, then rename), so a failure leaves no half export.
    /// Throws `InputError` `.invalidInput` when PATH exists, is a folder, or cannot be written.
    func write(_ data: Data, ledger: LedgerOptions) throws {
        if output?.isEmpty == true { throw LedgerError.usage("-o needs a path: name the file to write, or leave -o out for standard output") }
        guard let path = path(in: ledger) else {
            FileHandle.standardOutput.write(data)
            return
        }
        try Self.write(data, to: path, shownAs: output ?? path, force: force)
    }

    /// Refuses `-o PATH` when it names a folder, or a file and `--force` is not given, as `write`
    /// would: for exports that take a while to compute, before any of it is.
    func refuseExisting(ledger: LedgerOptions) throws {
        guard let path = path(in: ledger), let shown = output else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            throw LedgerError.invalid("-o \(shown) is a folder: name the file to write, for example -o \(shown.hasSuffix("/") ? shown : shown + "/")export")
        }
        if !force { throw LedgerError.invalid("-o \(shown) exists: pass --force to overwrite it, or choose another path") }
    }

    /// As `write(_:ledger:)` for an export written in pieces: `body` is given a sink that
    /// appends to a temporary file beside `-o PATH` (renamed into place once `body` returns,
    /// removed when it throws), or writes to standard output without `-o`.
    func write(ledger: LedgerOptions, _ body: (@escaping (Data) throws -> Void) throws -> Void) throws {
        if output?.isEmpty == true { throw LedgerError.usage("-o needs a path: name the file to write, or leave -o out for standard output") }
        guard let path = path(in: ledger) else {
            try body { FileHandle.standardOutput.write($0) }
            return
        }
        try Self.write(to: path, shownAs: output ?? path, force: force, body)
    }

    /// Refuses a folder, an existing file without `force`, and a missing parent folder.
    static func checkTarget(_ path: String, shownAs shown: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw LedgerError.invalid("-o \(shown) is a folder: name the file to write, for example -o \(shown.hasSuffix("/") ? shown : shown + "/")export")
            }
            guard force else { throw LedgerError.invalid("-o \(shown) exists: pass --force to overwrite it, or choose another path") }
        }
        let parent = (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent.isEmpty ? "." : parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LedgerError.invalid("-o \(shown): the folder \(parent) does not exist; create it first")
        }
    }

    static func write(_ data: Data, to path: String, shownAs shown: String, force: Bool) throws {
        try checkTarget(path, shownAs: shown, force: force)
        let tmp = path + ".evident-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data) else {
            throw LedgerError.invalid("-o \(shown) cannot be written (permission denied or no space); choose another path")
        }
        if rename(tmp, path) != 0 {
            unlink(tmp)
            throw LedgerError.invalid("-o \(shown) cannot be written: \(String(cString: strerror(errno)))")
        }
    }

    /// For exports of several files: `-o DIR` must be given, and each file in it is refused
    /// when it exists unless `--force`. Returns the folder, created when missing.
    func directory(ledger: LedgerOptions, what: String) throws -> String {
        let path = try directoryPath(ledger: ledger, what: what)
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            // The nearest part of the path that exists says why (Foundation's error does not).
            var existing = (path as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            while !existing.isEmpty, existing != "/", !FileManager.default.fileExists(atPath: existing, isDirectory: &isDirectory) {
                existing = (existing as NSString).deletingLastPathComponent
            }
            if !existing.isEmpty, FileManager.default.fileExists(atPath: existing, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw LedgerError.invalid("-o \(output ?? path) cannot be created: \(existing) is a file, not a folder; name a folder")
            }
            throw LedgerError.invalid("-o \(output ?? path) cannot be created in \(existing.isEmpty ? "." : existing) (permission denied or a read-only file system); choose another folder")
        }
        return path
    }

    /// The folder `-o DIR` names, refused (as `directory` refuses it) without creating it: a
    /// command checks it before computing anything, and creates it once there is something to write.
    func directoryPath(ledger: LedgerOptions, what: String) throws -> String {
        if output?.isEmpty == true { throw LedgerError.usage("-o needs a folder: name the folder to write \(what) to") }
        guard let path = path(in: ledger) else {
            throw LedgerError.usage("\(what) are written as several files: pass -o DIR to name their folder")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw LedgerError.invalid("-o \(output ?? path) is a file, and \(what) are written as several files: name a folder")
        }
        return path
    }

    /// As `write(_:to:shownAs:force:)`, the bytes given by `produce` a part at a time, so a
    /// large file is never whole in memory. The temporary file is removed when `produce` throws.
    static func write(to path: String, shownAs shown: String, force: Bool, _ produce: (@escaping (Data) throws -> Void) throws -> Void) throws {
        try checkTarget(path, shownAs: shown, force: force)
        let tmp = path + ".evident-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let handle = FileHandle(forWritingAtPath: tmp) else {
            throw LedgerError.invalid("-o \(shown) cannot be written (permission denied or no space); choose another path")
        }
        do {
            try produce { part in
                do { try handle.write(contentsOf: part) } catch {
                    throw LedgerError.invalid("-o \(shown) cannot be written (permission denied or no space); choose another path")
                }
            }
            try handle.close()
        } catch {
            try? handle.close()
            unlink(tmp)
            throw error
        }
        if rename(tmp, path) != 0 {
            unlink(tmp)
            throw LedgerError.invalid("-o \(shown) cannot be written: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes the files of a several-file export into `dir` (from `directory`), refusing before
    /// writing any of them when one exists and `--force` is not given.
    func write(files: [(name: String, data: Data)], into dir: String) throws {
        try write(files: files.map { ExportFile($0.name, $0.data) }, into: dir)
    }

    /// `write(files:into:)` for files whose bytes may be produced while they are written.
    func write(files: [ExportFile], into dir: String) throws {
        if !force {
            let taken = files.map(\.name).filter { FileManager.default.fileExists(atPath: dir + "/" + $0) }
            if !taken.isEmpty {
                throw LedgerError.invalid("\(taken.joined(separator: ", ")) already \(taken.count == 1 ? "exists" : "exist") in \(output ?? dir): pass --force to overwrite, or choose another folder")
            }
        }
        for f in files {
            let path = dir + "/" + f.name
            let parent = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            switch f.content {
            case .data(let data): try Self.write(data, to: path, shownAs: (output ?? dir) + "/" + f.name, force: true)
            case .produced(let produce): try Self.write(to: path, shownAs: (output ?? dir) + "/" + f.name, force: true, produce)
            }
        }
    }
}

/// One file of a several-file export: its bytes, or a function that gives them a part at a time.
struct ExportFile {
    enum Content {
        case data(Data)
        case produced((_ emit: @escaping (Data) throws -> Void) throws -> Void)
    }

    let name: String
    let content: Content

    init(_ name: String, _ data: Data) {
        self.name = name
        content = .data(data)
    }

    init(_ name: String, produce: @escaping (_ emit: @escaping (Data) throws -> Void) throws -> Void) {
        self.name = name
        content = .produced(produce)
    }
}
