import Foundation
import Ledger
import LedgerCore

/// What `snapshot` commands print.
enum SnapshotOutput {
    /// One snapshot: manifest, readiness and signature.
    static func show(_ s: Snapshot, signer: SSHSignature.Verdict?, format: OutputFormat) {
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

    /// Snapshots with their signature verdicts.
    static func list(_ snapshots: [Snapshot], signers: [SSHSignature.Verdict?], format: OutputFormat) {
        switch format {
        case .json: Output.json(.list(zip(snapshots, signers).map { SnapshotJSON.value($0, signer: $1) }))
        case .text:
            if snapshots.isEmpty {
                Output.print("No snapshots yet: 'evident snapshot create NAME --kind KIND' tags the current state.")
                return
            }
            Output.print(Output.table(["NAME", "KIND", "AS OF", "READINESS", "SIGNED"], zip(snapshots, signers).map { s, v in
                [s.name, s.manifest?.kind ?? "?", s.manifest?.asOf.description ?? "?",
                 s.manifest.map { ReadinessSummary.lines($0).joined(separator: "; ") } ?? (s.manifestProblem ?? ""),
                 SnapshotJSON.signerText(s, v)]
            }))
        }
    }

    /// A snapshot just created.
    static func created(_ s: Snapshot, format: OutputFormat) {
        switch format {
        case .json: Output.json(SnapshotJSON.value(s, signer: nil))
        case .text:
            guard let m = s.manifest else {
                Output.print("Created snapshot \(s.name) (tag \(SnapshotService.tagPrefix)\(s.name)): \(s.manifestProblem ?? "no manifest")")
                return
            }
            Output.print("""
            Created snapshot \(s.name) (tag \(SnapshotService.tagPrefix)\(s.name)\(s.signed ? ", signed" : "")) on \(m.commit.prefix(10)), as of \(m.asOf)
            \(ReadinessSummary.lines(m).map { "  " + $0 }.joined(separator: "\n"))
              artifacts: \(m.artifacts.count), list sha256 \(m.artifactListSHA256)
            Share it with: evident sync (or git push origin \(SnapshotService.tagPrefix)\(s.name))
            """)
        }
    }
}
