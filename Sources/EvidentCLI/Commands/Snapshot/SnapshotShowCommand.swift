import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SnapshotShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One snapshot: its manifest, readiness and signature.")
    @Argument(help: "Snapshot name.") var name: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let service = SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        let s = try service.snapshot(named: name)
        let signer = try service.signer(of: s)
        switch format {
        case .json:
            guard case .map(var pairs) = SnapshotJSON.value(s, signer: signer) else { return }
            if let m = s.manifest { pairs.append(("manifest", m.recordValue)) }
            Output.json(.map(pairs))
        case .text:
            guard let m = s.manifest else {
                Output.print("\(s.name): \(s.manifestProblem ?? "no manifest")")
                return
            }
            var lines = [
                "Snapshot \(s.name)  (tag \(SnapshotService.tagPrefix)\(s.name), \(m.kind))",
                "  commit:     \(m.commit)",
                "  as of:      \(m.asOf)\(m.period.map { ", period \($0)" } ?? "")",
                "  created:    \(m.createdAt) by \(s.tagger.map { "\($0.name) <\($0.email)>" } ?? "?")",
                "  assessor:   \(m.assessor ?? "-")",
                "  signed:     \(SnapshotJSON.signerText(s, signer))",
                "  catalogs:   \(m.catalogs.map { "\($0.id)@\($0.version)" }.joined(separator: ", "))",
                "  artifacts:  \(m.artifacts.count), list sha256 \(m.artifactListSHA256)",
                "  readiness:",
            ]
            lines += ReadinessSummary.lines(m).map { "    " + $0 }
            Output.print(lines.joined(separator: "\n"))
        }
    }
}
