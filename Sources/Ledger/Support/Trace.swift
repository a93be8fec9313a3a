#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Phase timings on standard error when `EVIDENT_TRACE` is set (to anything but 0): how long each
/// phase of a large command took and the process's peak and current memory after it, so a slow
/// or memory-hungry run can be understood without a profiler. Off by default; costs one
/// environment lookup per process.
enum Trace {
    static let enabled: Bool = {
        guard let v = getenv("EVIDENT_TRACE") else { return false }
        let s = String(cString: v)
        return !s.isEmpty && s != "0"
    }()
}

/// Prints `phase` with the seconds since `t0` (then resets `t0`) when tracing is on.
func trace(_ phase: String, _ t0: inout Date) {
    guard Trace.enabled else { return }
    var memory = ""
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
        let kb = { (key: String) in
            status.split(separator: "\n").first { $0.hasPrefix(key + ":") }.map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? "?" } ?? "?"
        }
        memory = " peak \(kb("VmHWM")) kB, heap \(kb("RssAnon")) kB"
    }
    FileHandle.standardError.write(Data("evident trace: \(phase) \(String(format: "%.3f", Date().timeIntervalSince(t0))) s\(memory)\n".utf8))
    t0 = Date()
}


/// Prints a line of facts (no timing) when tracing is on.
func traceNote(_ text: String) {
    guard Trace.enabled else { return }
    FileHandle.standardError.write(Data("evident trace: \(text)\n".utf8))
}
