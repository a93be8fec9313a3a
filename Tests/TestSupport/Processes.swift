import Foundation

/// What a finished child process left.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum Processes {
    /// The built `evident` binary, next to the test bundle (or EVIDENT_BIN).
    public static let evidentPath: String = {
        if let bin = ProcessInfo.processInfo.environment["EVIDENT_BIN"] { return bin }
        var candidates = [String]()
        if let exe = Bundle.main.executablePath { candidates.append((exe as NSString).deletingLastPathComponent) }
        candidates.append((Bundle.main.bundlePath as NSString).deletingLastPathComponent)
        candidates.append(Bundle.main.bundlePath)
        for dir in candidates {
            var d = dir
            for _ in 0..<4 {
                let p = d + "/evident"
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue { return p }
                d = (d as NSString).deletingLastPathComponent
            }
        }
        fatalError("cannot find the evident binary near \(candidates); build it (swift build) or set EVIDENT_BIN")
    }()

    /// Runs a program to completion, feeding `stdin`, and collects its output.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], cwd: String, environment: [String: String] = Isolation.environment(),
                           stdin: Data? = nil) -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        p.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try! p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe never blocks the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        let errHandle = err.fileHandleForReading
        DispatchQueue.global().async {
            errBox.data = errHandle.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        p.waitUntilExit()
        return ProcessResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `evident` with the isolated environment.
    @discardableResult
    public static func evident(_ arguments: [String], cwd: String, env: [String: String] = [:], stdin: Data? = nil) -> ProcessResult {
        run(evidentPath, arguments, cwd: cwd, environment: Isolation.environment(env), stdin: stdin)
    }

    /// Runs the stock git CLI with the isolated environment.
    @discardableResult
    public static func git(_ arguments: [String], cwd: String, env: [String: String] = [:]) -> ProcessResult {
        run("/usr/bin/git", arguments, cwd: cwd, environment: Isolation.environment(env))
    }
}
