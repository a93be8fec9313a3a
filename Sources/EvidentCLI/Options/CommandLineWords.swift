import Foundation
import Ledger

/// How the command line names the inputs services refer to by field: `valid_until` is
/// `--valid-until`. The one place where use-case errors get their flag names.
enum CommandLineWords {
    /// Fields whose command-line spelling is not `--` and the field name with hyphens.
    static let exceptions: [String: String] = ["files": "FILE", "message": "-m", "organization": "--org", "limit": "-n", "output": "-o"]

    static func word(_ field: InputField) -> String {
        exceptions[field.name] ?? "--" + field.name.replacingOccurrences(of: "_", with: "-")
    }

    /// The error's message as the command line says it.
    static func message(_ error: InputError) -> String {
        error.message.text(word)
    }
}
