import LedgerCore

/// A readiness diff as text or Markdown for people.
extension ReadinessDiff {
    /// Text or Markdown: a headline per framework, the requirements that changed with the
    /// reasons on both sides, then evidence, controls, POA&M items, exceptions and affirmations.
    func render(markdown: Bool) -> String {
        var out = [String]()
        func h(_ level: Int, _ text: String) { out.append(markdown ? String(repeating: "#", count: level) + " " + text + "\n" : text) }
        func bullet(_ text: String, indent: Int = 0) { out.append(String(repeating: "  ", count: markdown ? indent : indent + 1) + "- " + text) }
        func sideText(_ s: DiffSide) -> String { Self.sideText(s) }

        h(1, "Readiness diff: \(sideText(from)) -> \(sideText(to))")
        if frameworks.isEmpty { bullet("no framework compared") }
        for f in frameworks {
            out.append("")
            h(2, f.headline)
            if f.from.held != nil || f.to.held != nil {
                // The status held on both sides (cmmc-rules.md §12.1): from the snapshots, not the records.
                bullet("status held before: " + (f.from.held.map { $0.sentence(at: from.asOf) } ?? "(not computed)"))
                bullet("status held after: " + (f.to.held.map { $0.sentence(at: to.asOf) } ?? "(not computed)"))
            }
            if f.changed.isEmpty { bullet(f.id == "soc2" ? "no criterion changed status" : "no requirement changed status") }
            for c in f.changed {
                bullet("\(c.id)\(c.cmmcID.map { " (\($0))" } ?? "") \(c.from ?? "absent") -> \(c.to ?? "absent")\(c.regressed ? " (worse)" : ""): \(c.title)")
                for r in c.fromReasons { bullet("before: \(r)", indent: 1) }
                for r in c.toReasons { bullet("after: \(r)", indent: 1) }
            }
        }
        func section<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
            if items.isEmpty { return bullet("\(title): none") }
            bullet("\(title) (\(items.count)):")
            for i in items { bullet(line(i), indent: 1) }
        }
        out.append("")
        h(2, "Evidence")
        section("added", evidenceAdded) { "\($0.id)  \($0.controls.joined(separator: ", "))  \($0.title) (collected \($0.collected))" }
        section("removed", evidenceRemoved) { "\($0.id)  \($0.controls.joined(separator: ", "))  \($0.title)" }
        section("modified", evidenceModified) { "\($0.id)  \($0.title): \($0.changes.joined(separator: ", "))" }
        section("expired", evidenceExpired) { "\($0.id)  \($0.control)  valid until \($0.validUntil): \($0.title)" }
        out.append("")
        h(2, "Controls")
        section("added", controlsAdded) { "\($0.id) (\($0.status)): \($0.title)" }
        section("removed", controlsRemoved) { "\($0.id): \($0.title)" }
        section("modified", controlsModified) { "\($0.id): " + Self.changes($0) }
        out.append("")
        h(2, "POA&M")
        section("opened", poamOpened) { "\($0.id)  \($0.requirement)  opened \($0.opened), scheduled completion \($0.scheduledCompletion)" }
        section("closed", poamClosed) { "\($0.id)  \($0.requirement)  closed \($0.closed?.description ?? "?")" }
        out.append("")
        h(2, "Exceptions")
        section("opened", exceptionsOpened) { "\($0.id)  \($0.requirement)  \($0.kind), opened \($0.opened)" }
        section("closed", exceptionsClosed) { "\($0.id)  \($0.requirement)  closed \($0.closed?.description ?? "?")" }
        out.append("")
        h(2, "Affirmations")
        section("made", affirmations) { "\($0.date)  \($0.frameworkTag)  \($0.official), \($0.officialTitle)" }
        out.append("")
        let worse = frameworks.filter(\.worse).map(\.name)
        out.append(worse.isEmpty ? "Readiness did not get worse." : "Readiness got worse: \(worse.joined(separator: ", ")).")
        return out.joined(separator: "\n") + "\n"
    }

    /// "2026-q3-self (68d3f02707, as of 2026-09-30)": one side as the diff names it.
    static func sideText(_ s: DiffSide) -> String { "\(s.spec) (\(s.revision.prefix(10)), as of \(s.asOf))" }

    /// A control's changed fields: "status planned -> implemented; maps +soc2:CC7.4".
    static func changes(_ m: ControlModification) -> String {
        m.changes.map { c in
            c.field == "maps"
                ? "maps " + (c.added.map { "+\($0)" } + c.removed.map { "-\($0)" }).joined(separator: " ")
                : "\(c.field) \(value(c.from)) -> \(value(c.to))"
        }.joined(separator: "; ")
    }

    static func value(_ v: RecordValue) -> String {
        switch v {
        case .null: return "(none)"
        case .string(let s): return s
        case .list(let l): return l.isEmpty ? "(none)" : l.compactMap(\.stringValue).joined(separator: ", ")
        case .map(let m): return m.isEmpty ? "(none)" : m.map { "\($0.0)=\($0.1.stringValue ?? "")" }.joined(separator: ", ")
        default: return "\(v)"
        }
    }
}
