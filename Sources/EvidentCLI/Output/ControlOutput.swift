import Foundation
import Ledger
import LedgerCore

/// How controls are shown: as JSON values and as text.
enum ControlOutput {
    /// The record's own fields (same names as the YAML), plus where it lives.
    static func value(_ r: ControlRecord, commit: CommitID? = nil) -> RecordValue {
        guard case .map(var pairs) = r.recordValue else { return r.recordValue }
        pairs.removeAll { $0.0 == "schema" }
        pairs.append(("path", .string(r.path)))
        if let commit { pairs.append(("commit", .string(commit.hex))) }
        return .map(pairs)
    }

    /// A requirement as users read it: the bare id when it is unambiguous, else catalog:id.
    static func short(_ catalog: String, _ id: String, _ resolver: RequirementResolver) -> String {
        if case .success(let r) = resolver.resolve(id), r.catalog == catalog { return id }
        return "\(catalog):\(id)"
    }

    static func written(_ result: ControlService.Result, format: OutputFormat, text: String) {
        result.notices.forEach(Output.notice)
        switch format {
        case .json: Output.json(value(result.record, commit: result.commit))
        case .text: Output.print(result.commit.map { "\(text) (commit \($0.short))" } ?? text)
        }
    }
}

/// What `control` commands print.
extension ControlOutput {
    /// What an import added, changed and left alone.
    static func imported(_ o: ControlImportService.Outcome, file: String, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([
                ("commit", .optional(o.commit?.hex)),
                ("added", .strings(o.added.map(\.id))),
                ("changed", .list(o.changed.map { .map([("id", .string($0.record.id)), ("fields", .strings($0.fields))]) })),
                ("unchanged", .strings(o.unchanged.map(\.id))),
            ]))
        case .text:
            var lines = [String]()
            lines += o.added.map { "added      \($0.id)  \($0.title)" }
            lines += o.changed.map { "changed    \($0.record.id)  (\($0.fields.joined(separator: ", ")))" }
            lines += o.unchanged.map { "unchanged  \($0.id)" }
            let tally = "\(o.added.count) added, \(o.changed.count) changed, \(o.unchanged.count) unchanged"
            lines.append(o.commit.map { "Imported \(file): \(tally) in commit \($0.short)" } ?? "Nothing to import from \(file): \(tally); no commit")
            Output.print(lines.joined(separator: "\n"))
        }
    }

    /// One control, its requirements and its evidence.
    static func show(_ d: ControlService.Detail, format: OutputFormat) {
        let r = d.record
        switch format {
        case .json:
            guard case .map(var pairs) = ControlOutput.value(r) else { return }
            pairs.append(("requirements", .list(d.requirements.map { q in
                var p: [(String, RecordValue)] = [("catalog", .string(q.catalog)), ("id", .string(q.id)), ("qualified_id", .string(q.qualifiedID))]
                if let c = q.cmmcID { p.append(("cmmc_id", .string(c))) }
                p.append(("title", .string(q.title)))
                p.append(("catalog_title", .optional(d.catalogs.catalog(q.catalog)?.title)))
                return .map(p)
            })))
            pairs.append(("evidence", .list(d.evidence.map { e in
                .map([
                    ("id", .string(e.id)), ("title", .string(e.title)), ("collected_at", .string(e.collectedAt.description)),
                    ("valid_until", .optional(e.validUntil?.description)), ("path", .string(e.recordPath)),
                ])
            })))
            pairs.append(("revision", .string(d.revision.commitID.hex)))
            Output.json(.map(pairs))
        case .text:
            var lines = [
                "\(r.id)  \(r.title)",
                "  owner:              \(r.owner)",
                "  status:             \(r.status)",
            ]
            if let j = r.justification { lines.append("  justification:      \(j)") }
            lines.append("  frequency:          \(r.frequency)")
            if let v = r.evidenceValidFor { lines.append("  evidence valid for: \(v)") }
            if !r.attributes.isEmpty { lines.append("  attributes:         " + r.attributes.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) }
            if let desc = r.description, !desc.isEmpty { lines.append("  description:        \(desc)") }
            lines.append("  file:               \(r.path)")
            if r.maps.isEmpty {
                lines.append("  requirements:       none (map some with 'evident control map \(r.id) REQ...')")
            } else {
                lines.append("  requirements:")
                for m in r.maps {
                    let catalog = d.catalogs.catalog(m.catalog)
                    lines.append("    \(m.catalog)\(catalog.map { " (\($0.title))" } ?? "")")
                    for id in m.requirements {
                        let q = catalog?.requirement(id)
                        let label = q?.cmmcID.flatMap { $0 == id ? nil : $0 }.map { "\(id) (\($0))" } ?? id
                        lines.append("      \(label)  \(q?.title ?? "(not in the pinned catalog)")")
                    }
                }
            }
            if d.evidence.isEmpty {
                lines.append("  evidence:           none at HEAD")
            } else {
                lines.append("  evidence (\(d.evidence.count)):")
                for e in d.evidence {
                    lines.append("    \(e.id)  \(e.collectedAt.day)  \(e.validUntil.map { "valid until \($0)" } ?? "-")  \(e.title)")
                }
            }
            Output.print(lines.joined(separator: "\n"))
        }
    }

    /// The controls at HEAD.
    static func list(_ l: ControlService.Listing, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([
                ("revision", .string(l.revision.commitID.hex)),
                ("controls", .list(l.records.map { ControlOutput.value($0) })),
            ]))
        case .text:
            if l.records.isEmpty {
                Output.print("No controls match at HEAD (\(l.revision.commitID.short)).")
                return
            }
            let resolver = l.catalogs.resolver
            let rows = l.records.map { r -> [String] in
                let reqs = l.catalog.map { c in r.maps.first { $0.catalog == c }?.requirements ?? [] }
                    ?? r.maps.flatMap { m in m.requirements.map { ControlOutput.short(m.catalog, $0, resolver) } }
                return [r.id, r.status, r.frequency, r.owner, reqs.isEmpty ? "-" : reqs.joined(separator: ", "), r.title]
            }
            Output.print(Output.table(["ID", "STATUS", "FREQUENCY", "OWNER", l.catalog.map { "MAPS (\($0))" } ?? "MAPS", "TITLE"], rows))
            Output.print("\(l.records.count) control\(l.records.count == 1 ? "" : "s") at HEAD (\(l.revision.commitID.short))")
        }
    }
}
