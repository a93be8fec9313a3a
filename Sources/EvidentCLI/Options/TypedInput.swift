import Foundation
import Ledger
import LedgerCore

/// Turns what was typed into the typed values services take: days, times, periods and the
/// closed sets of record values. A value that does not parse is refused as bad input (exit 65)
/// with `InputError`, naming the field, so it reads like every other refusal of a value; the
/// argument parser's own errors (exit 64) stay for options it cannot read at all.
///
/// Options that take a revision or a date (`--at`, `--since`, `--until`, `diff A B`) stay text:
/// which of the two they are is decided against the ledger, by the service.
enum TypedInput {
    /// `YYYY-MM-DD`, within `CalendarLimits` (surrounding spaces ignored).
    static func day(_ text: String, _ field: InputField) throws -> Day {
        guard let d = Day(text.trimmingCharacters(in: .whitespaces)) else {
            throw InputError.invalid("\(field: field) '\(text)' is not a date: write YYYY-MM-DD, from \(CalendarLimits.dayRange)")
        }
        return d
    }

    static func day(_ text: String?, _ field: InputField) throws -> Day? {
        try text.map { try day($0, field) }
    }

    /// Why a text written as `YYYY-MM-DD` is no day evident accepts, or nil when it is not written
    /// that way: a day the calendar has not (2026-02-30), or a year outside 0001-9999.
    static func dayProblem(_ text: String) -> String? {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45, u.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || ($0.element >= 48 && $0.element <= 57) }) else { return nil }
        if text.hasPrefix("0000") { return "\(text) is out of range: days run from 0001-01-01 to 9999-12-31" }
        return Day(text) == nil ? "\(text) is not a day of the calendar" : nil
    }

    /// `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`.
    static func timestamp(_ text: String?, _ field: InputField) throws -> Timestamp? {
        guard let text else { return nil }
        guard let t = Timestamp(parsing: text.trimmingCharacters(in: .whitespaces)) else {
            throw InputError.invalid("\(field: field) '\(text)' is not a date: write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, from \(CalendarLimits.dayRange)")
        }
        return t
    }

    /// `FROM..TO`, two days: the period a piece of evidence speaks for (the service checks the order).
    static func period(_ text: String?, _ field: InputField) throws -> EvidenceRecord.Period? {
        guard let text else { return nil }
        guard let p = EvidenceRecord.Period.parse(text) else {
            throw InputError.invalid("\(field: field) '\(text)' \(periodProblem(text)) write FROM..TO with two dates, like 2026-07-01..2026-09-30")
        }
        return p
    }

    /// "is not a period", or what is wrong with one of its two dates.
    static func periodProblem(_ text: String) -> String {
        let parts = text.components(separatedBy: "..")
        if parts.count == 2, let problem = parts.lazy.compactMap(dayProblem).first { return "is not a period (\(problem));" }
        return "is not a period:"
    }

    /// An observation period (SOC 2 Type 2): `FROM..TO` (the service checks it runs forwards
    /// and is at most ten years long).
    static func observationPeriod(_ text: String?, _ field: InputField) throws -> EvidenceRecord.Period? {
        guard let text else { return nil }
        guard let p = EvidenceRecord.Period.parse(text) else {
            throw InputError.invalid("\(field: field) '\(text)' \(periodProblem(text)) write FROM..TO with two dates (YYYY-MM-DD, from \(CalendarLimits.dayRange)), like 2026-01-01..2026-06-30")
        }
        return p
    }

    /// An ISO 8601 duration within `CalendarLimits.longestDuration` (P100Y).
    static func duration(_ text: String?, _ field: InputField) throws -> ISODuration? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch ISODuration.parse(trimmed) {
        case .success(let d):
            return d
        case .failure(.tooLong):
            throw InputError.invalid("\(field: field) '\(trimmed)' is longer than \(CalendarLimits.longestDuration), the longest duration evident accepts (0 to P100Y): write a shorter one, such as P1Y")
        case .failure(.notADuration):
            // More than six digits in a number is a duration too long to compute, not a typo.
            if trimmed.range(of: #"^P([0-9]+[YMWD])+$"#, options: .regularExpression) != nil, trimmed.range(of: #"[0-9]{7,}"#, options: .regularExpression) != nil {
                throw InputError.invalid("\(field: field) '\(trimmed)' is longer than \(CalendarLimits.longestDuration), the longest duration evident accepts (0 to P100Y): write a shorter one, such as P1Y")
            }
            throw InputError.invalid("\(field: field) '\(trimmed)' is not an ISO 8601 duration such as P1Y, P6M, P2W or P14D")
        }
    }

    /// `"DATE TEXT"`: a POA&M milestone's day, then what is done by then (the service checks the
    /// text). `shownAs` names a positional argument (`poam milestone add ID "DATE TEXT"`) in place
    /// of `--milestone`.
    static func milestone(_ text: String, shownAs: String? = nil) throws -> PoamRecord.Milestone {
        let (date, step) = try datedStep(text, shownAs ?? CommandLineWords.word(.milestone), example: "\"2026-07-15 MFA enforced for all admins\"", what: "what is done by then")
        return PoamRecord.Milestone(date: date, description: step)
    }

    static func milestone(_ text: String) throws -> PoamRecord.Milestone { try milestone(text, shownAs: nil) }

    /// `"DATE TEXT"`: a temporary deficiency's dated step, then what is done (the service checks the text).
    static func action(_ text: String) throws -> ExceptionRecord.Action {
        let (date, step) = try datedStep(text, CommandLineWords.word(.action), example: "\"2026-07-15 Replacement appliance installed\"", what: "the step")
        return ExceptionRecord.Action(date: date, text: step)
    }

    /// A day, then a text: what a dated step of a plan is written as.
    static func datedStep(_ text: String, _ shown: String, example: String, what: String) throws -> (Day, String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        if let first = parts.first, let problem = dayProblem(String(first)) {
            throw InputError.invalid("\(shown) '\(text)': \(problem); write the day as YYYY-MM-DD, like \(shown) \(example)")
        }
        guard parts.count == 2, let date = Day(String(parts[0])) else {
            throw InputError.invalid("\(shown) '\(text)' is not \"DATE TEXT\": write the day first, then \(what), like \(shown) \(example)")
        }
        return (date, String(parts[1]))
    }

    /// One value of a closed set (`--method`, `--classification`, `--kind` ...), spelled as the
    /// records spell it. `kind` is the refusal's class: a value of a record field is bad input,
    /// a filter is usage.
    static func choice<Value: RawRepresentable & CaseIterable>(_ text: String, _ field: InputField, kind: LedgerError.Kind = .invalidInput) throws -> Value
    where Value.RawValue == String {
        if let v = Value(rawValue: text) { return v }
        let all = Value.allCases.map(\.rawValue).joined(separator: ", ")
        throw InputError(kind, "\(field: field) '\(text)' is not one of \(all)")
    }

    static func choice<Value: RawRepresentable & CaseIterable>(_ text: String?, _ field: InputField, kind: LedgerError.Kind = .invalidInput) throws -> Value?
    where Value.RawValue == String {
        try text.map { try choice($0, field, kind: kind) }
    }

    /// `evident system set FIELD=VALUE...`: the changes to the system section, typed. Fields are
    /// the dotted names of ledger.yaml (`ssp.version`, `roles.system_owner.email`; `-` may stand
    /// for `_`). Lists (`cage_codes`, `environments`) take items separated by commas, and a list
    /// field may be repeated to add more; the items given replace the stored list. An empty value
    /// removes the field (`cage_codes=`). A CAGE code is upper-cased (`7nw42` is `7NW42`), then
    /// must be five capital letters or digits. Any other field may be given once. Every refusal
    /// is bad input (exit 65) naming the field and what to write.
    static func systemAssignments(_ texts: [String]) throws -> [SystemSection.Assignment] {
        typealias Field = SystemSection.Field
        let valid = Field.allCases.map(\.rawValue).joined(separator: ", ")
        var order = [Field]()
        var lists = [Field: [String]]()
        var scalars = [Field: String]()
        for text in texts {
            guard let eq = text.firstIndex(of: "=") else {
                throw InputError.invalid("'\(text)' is not FIELD=VALUE: write for example \(Field.cageCodes.example) (fields: \(valid))")
            }
            let key = text[..<eq].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
            let value = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let field = Field(rawValue: key) else {
                let hint = closestMatches(key, in: Field.allCases.map(\.rawValue), limit: 2)
                throw InputError.invalid("'\(key)' is not a field of the system section\(hint.isEmpty ? "" : " (did you mean \(hint.joined(separator: " or "))?)"); the fields are: \(valid)")
            }
            if field == .environments || field == .cageCodes {
                let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if lists[field] == nil { order.append(field) }
                lists[field, default: []] += items
            } else {
                guard scalars[field] == nil else {
                    throw InputError.invalid("\(field.rawValue) is given twice: give each field once (only cage_codes and environments may be repeated)")
                }
                order.append(field)
                scalars[field] = value
            }
        }
        return try order.map { field -> SystemSection.Assignment in
            switch field {
            case .environments:
                return .environments(lists[field] ?? [])
            case .cageCodes:
                return .cageCodes(try (lists[field] ?? []).map { given in
                    guard let code = CAGECode(given.uppercased()) else {
                        throw InputError.invalid("cage_codes: \(CAGECode.problem(given)); for example: \(field.setCommand)")
                    }
                    return code
                })
            case .scope:
                let v = scalars[field] ?? ""
                if v.isEmpty { return .scope(nil) }
                guard let scope = SystemScope(rawValue: v.lowercased()) else {
                    throw InputError.invalid("scope '\(v)' is not one of \(SystemScope.allCases.map(\.rawValue).joined(separator: ", ")): the whole enterprise, an enclave, or the systems of one contract")
                }
                return .scope(scope)
            case .sspDate:
                let v = scalars[field] ?? ""
                if v.isEmpty { return .sspDate(nil) }
                guard let d = Day(v) else {
                    throw InputError.invalid("ssp.date '\(v)' is not a date: write YYYY-MM-DD, from \(CalendarLimits.dayRange), like ssp.date=2026-10-15")
                }
                return .sspDate(d)
            default:
                let v = scalars[field] ?? ""
                return .text(field, v.isEmpty ? nil : v)
            }
        }
    }
}
