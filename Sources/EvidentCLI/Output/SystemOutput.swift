import Foundation
import Ledger
import LedgerCore

/// What `evident system show|set` print.
enum SystemOutput {
    /// The section as JSON: every field in file order (null or [] when missing).
    static func json(_ s: SystemSection) -> RecordValue {
        func text(_ v: String?) -> RecordValue { v.map(RecordValue.string) ?? .null }
        func person(_ p: SystemSection.Person) -> RecordValue {
            .map([("name", text(p.name)), ("title", text(p.title)), ("email", text(p.email))])
        }
        return .map([
            ("name", text(s.name)), ("description", text(s.description)), ("boundary", text(s.boundary)),
            ("environments", .strings(s.environments)), ("scope", text(s.scope)), ("cage_codes", .strings(s.cageCodes)),
            ("ssp", .map([("version", text(s.sspVersion)), ("date", text(s.sspDate?.description))])),
            ("roles", .map([("system_owner", person(s.roles.systemOwner)), ("affirming_official", person(s.roles.affirmingOfficial)),
                            ("security_contact", person(s.roles.securityContact))])),
        ])
    }

    static func missingJSON(_ fields: [SystemSection.Field]) -> RecordValue {
        .list(fields.map { .map([("field", .string($0.rawValue)), ("set", .string($0.setCommand))]) })
    }

    static func show(_ view: SystemService.View, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([("revision", .string(view.commit.hex)), ("organization", .string(view.organization)),
                              ("system", json(view.system)), ("missing", missingJSON(view.missing))]))
        case .text:
            Output.print(text(view.system, organization: view.organization) + "\n" + missingText(view.missing))
        }
    }

    static func written(_ r: SystemService.SetResult, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([("commit", r.commit.map { .string($0.hex) } ?? .null), ("changed", .strings(r.changed.map(\.rawValue))),
                              ("system", json(r.system)), ("missing", missingJSON(r.missing))]))
        case .text:
            if r.commit == nil {
                Output.print("The system section already has these values: nothing written")
            } else {
                Output.print("Updated the system section: \(r.changed.map(\.rawValue).joined(separator: ", "))")
            }
            if !r.missing.isEmpty { Output.print("Still missing: \(r.missing.map(\.rawValue).joined(separator: ", ")) ('evident system show' lists the commands)") }
        }
    }

    /// The section as a person reads it; a missing field reads "(not set)".
    static func text(_ s: SystemSection, organization: String) -> String {
        let unset = "(not set)"
        func person(_ p: SystemSection.Person) -> String {
            if p.isEmpty { return unset }
            var out = p.name ?? "(no name)"
            if let t = p.title { out += ", " + t }
            if let e = p.email { out += " <\(e)>" }
            return out
        }
        func block(_ label: String, _ v: String?) -> String {
            guard let v else { return "\(label): \(unset)" }
            let lines = v.components(separatedBy: "\n")
            return lines.count == 1 ? "\(label): \(v)" : "\(label):\n" + lines.map { "  " + $0 }.joined(separator: "\n")
        }
        var ssp = unset
        if s.sspVersion != nil || s.sspDate != nil {
            ssp = [s.sspVersion.map { "version \($0)" }, s.sspDate.map { "dated \($0)" }].compactMap { $0 }.joined(separator: ", ")
        }
        return [
            "Organization: \(organization)",
            "System: \(s.name ?? unset)",
            block("Description", s.description),
            block("Boundary", s.boundary),
            "Environments: " + (s.environments.isEmpty ? unset : s.environments.joined(separator: "; ")),
            "Scope: \(s.scope ?? unset)",
            "CAGE codes: " + (s.cageCodes.isEmpty ? unset : s.cageCodes.joined(separator: ", ")),
            "SSP: \(ssp)",
            "Roles:",
            "  System owner: \(person(s.roles.systemOwner))",
            "  Affirming official: \(person(s.roles.affirmingOfficial))",
            "  Security contact: \(person(s.roles.securityContact))",
        ].joined(separator: "\n")
    }

    static func missingText(_ missing: [SystemSection.Field]) -> String {
        guard !missing.isEmpty else { return "Every field is set." }
        let width = missing.map(\.rawValue.count).max() ?? 0
        return "Missing (\(missing.count)):\n" + missing.map { "  " + $0.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.setCommand }.joined(separator: "\n")
    }
}
