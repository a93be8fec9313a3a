#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Colour for status words, only on a terminal and never with NO_COLOR (no-color.org).
enum Paint {
    static let enabled = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) != false

    static func current(_ text: String, _ good: Bool) -> String {
        enabled ? (good ? "\u{1B}[32m" : "\u{1B}[31m") + text + "\u{1B}[0m" : text
    }
}
