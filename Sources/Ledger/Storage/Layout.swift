import LedgerCore

/// Where things live in a ledger repository (DESIGN.md, "The ledger repository").
public enum Layout {
    public static let configPath = LedgerConfig.path
    public static let evidenceRoot = "evidence"
    public static let controlsRoot = "controls"
    public static let poamRoot = "poam"
    public static let affirmationsRoot = "affirmations"
    public static let exceptionsRoot = ExceptionRecord.folder
    public static let metaRoot = ".evident"
    /// Folders whose content evident owns: changes there must be committed through evident
    /// (or validated by the pre-commit hook).
    public static let ledgerRoots = [metaRoot, controlsRoot, evidenceRoot, poamRoot, affirmationsRoot, exceptionsRoot]

    public static func isLedgerPath(_ path: String) -> Bool {
        ledgerRoots.contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}
