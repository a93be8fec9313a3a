import ArgumentParser
import Foundation
import Ledger
import LedgerCore

/// Exit codes, fixed here and never renumbered: scripts depend on them. The only place that
/// turns an outcome into the process's exit status.
public enum ExitStatus {
    public static let ok: Int32 = 0
    public static let failure: Int32 = 1
    public static let gate: Int32 = 2
    public static let usage: Int32 = 64
    public static let invalidInput: Int32 = 65
    public static let notFound: Int32 = 66
    public static let busy: Int32 = 75

    public static func code(for kind: LedgerError.Kind) -> Int32 {
        switch kind {
        case .usage: return usage
        case .invalidInput: return invalidInput
        case .notFound: return notFound
        case .busy: return busy
        case .gate: return gate
        case .failure: return failure
        }
    }

    /// Reports `error` on stderr (a gate was reported by its command already) and exits with its code.
    static func exit(for error: any Error) -> Never {
        if error is GateNotMet { Foundation.exit(gate) }
        if let e = error as? InputError {
            Output.error(CommandLineWords.message(e))
            Foundation.exit(code(for: e.kind))
        }
        if let e = LedgerRuntime.ledgerError(for: error) {
            Output.error(e.message)
            Foundation.exit(code(for: e.kind))
        }
        EvidentCommand.exit(withError: error)
    }
}

/// A gate was not met (findings, a score below the minimum): the command has reported why,
/// and the process exits 2.
struct GateNotMet: Error {}
