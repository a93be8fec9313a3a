import Foundation
import Ledger
import LedgerCore

/// Evidence records as JSON values.
enum EvidenceJSON {
    /// The record's own fields (same names as record.yaml), plus where it lives.
    static func value(_ r: EvidenceRecord, commit: CommitID?) -> RecordValue {
        guard case .map(var pairs) = r.recordValue else { return r.recordValue }
        pairs.removeAll { $0.0 == "schema" }
        pairs.append(("path", .string(r.recordPath)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }
}

/// What `evidence` commands print.
enum EvidenceOutput {
    /// One evidence record.
    static func show(_ r: EvidenceRecord, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(EvidenceJSON.value(r, commit: nil))
        case .text:
            var lines = [
                "\(r.id)  \(r.title)",
                "  controls:       \(r.controls.joined(separator: ", "))",
                "  collected:      \(r.collectedAt) by \(r.collectedBy)",
                "  method:         \(r.method)\(r.source.map { " from \($0)" } ?? "")",
                "  classification: \(r.classification)",
            ]
            if let c = r.covers { lines.append("  covers:         \(c.from) to \(c.to)") }
            if let v = r.validUntil { lines.append("  valid until:    \(v)") }
            if let d = r.description { lines.append("  description:    \(d)") }
            if r.noOccurrence, let c = r.covers {
                lines.append("  no occurrence:  states that no event happened from \(c.from) to \(c.to) (SOC 2 Type 2 only; not evidence that a control operates)")
            }
            if !r.allowedSecrets.isEmpty {
                lines.append("  secrets kept:   \(r.allowedSecrets.map(\.rawValue).joined(separator: ", ")) (allowed on purpose with --allow-secret)")
            }
            lines.append("  folder:         \(r.folder)/")
            if r.artifacts.isEmpty {
                lines.append("  artifacts:      none")
            } else {
                lines.append("  artifacts:")
                for a in r.artifacts {
                    lines.append("    \(a.path)  \(a.bytes) bytes  \(a.mediaType)  sha256:\(a.sha256)")
                }
            }
            Output.print(lines.joined(separator: "\n"))
        }
    }

    /// Evidence at a revision; `at` is the revision as the user named it.
    static func list(_ listing: EvidenceQueryService.Listing, control: String?, at: String, today: Day, format: OutputFormat) {
        let (revision, records) = (listing.revision, listing.records)
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(revision.commitID.hex)),
                ("evidence", .list(records.map { EvidenceJSON.value($0, commit: nil) })),
            ]))
        case .text:
            if records.isEmpty {
                Output.print(control.map { "No evidence for \($0) at \(at)." } ?? "No evidence at \(at).")
                return
            }
            let rows = records.map { r -> [String] in
                [r.id, r.collectedAt.day.description, listing.validUntil[r.id].map { $0 < today ? "\($0) (expired)" : $0.description } ?? "-",
                 r.controls.joined(separator: ","), r.noOccurrence ? "[no occurrence] \(r.title)" : r.title]
            }
            Output.print(Output.table(["ID", "COLLECTED", "VALID UNTIL", "CONTROLS", "TITLE"], rows))
            Output.print("\(records.count) evidence record\(records.count == 1 ? "" : "s") at \(at) (\(revision.commitID.short))")
        }
    }

    /// On standard error, what `--allow-secret` let through and each rule given that found nothing.
    static func secretsKept(_ result: EvidenceAddService.Result) {
        let shown = 20
        for k in result.keptSecrets.prefix(shown) {
            Output.notice("evidence add: kept on purpose (--allow-secret \(k.finding.rule.rawValue)): \(k.place.text(CommandLineWords.word)) \(k.finding)")
        }
        if result.keptSecrets.count > shown {
            Output.notice("evidence add: ... and \(result.keptSecrets.count - shown) more findings kept on purpose")
        }
        for r in result.unusedAllowances {
            Output.notice("evidence add: --allow-secret \(r.rawValue) let nothing through (nothing here looks like \(r.looksLike)), so the record does not list it")
        }
    }

    /// New evidence: its id, or its record.
    static func added(_ result: EvidenceAddService.Result, format: OutputFormat) {
        switch format {
        case .text: Output.print(result.record.id)
        case .json: Output.json(EvidenceJSON.value(result.record, commit: result.commit))
        }
    }
}
