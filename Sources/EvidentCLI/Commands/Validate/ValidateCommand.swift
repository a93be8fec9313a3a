import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check ledger records: exit 2 with one line per finding (file: field: problem).",
        discussion: """
        Without PATH, checks every record in the work tree. --staged checks what a plain 'git commit' would record (the index GIT_INDEX_FILE names, when git sets it).
        --at REV checks the records of a commit's tree (read from git objects; works in a bare repository, for the pre-receive hook).
        """
    )

    @Flag(help: "Check the records staged in the index that differ from HEAD (for the pre-commit hook).") var staged = false
    @Option(help: ArgumentHelp("Check the records of this commit's tree instead of the work tree (also in a bare repository).", valueName: "REV"))
    var at: String?
    @Argument(help: "Files or folders to check (default: the whole ledger).") var paths: [String] = []
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
        if at != nil, staged { throw ValidationError("--at and --staged cannot be combined") }
        if at != nil, !paths.isEmpty { throw ValidationError("--at checks a whole commit; it takes no PATH") }
    }

    func run() throws {
        let target: ValidateService.Target
        if let at {
            target = .commit(at)
        } else if staged {
            target = .staged(indexFile: ProcessInfo.processInfo.environment["GIT_INDEX_FILE"])
        } else {
            target = .workTree(paths: paths, base: FileManager.default.currentDirectoryPath)
        }
        let result = try ValidateService().validate(target, ledgerPath: ledger.path)
        ValidateOutput.report(result, format: format)
        if !result.issues.isEmpty { throw GateNotMet() }
    }
}
