/// `system` in `.evident/ledger.yaml`: the information system the ledger's evidence is about,
/// described once for the exports that need it. The System Security Plan (CA.L2-3.12.4) opens
/// with it, and the SPRS entry takes its scope, CAGE codes and SSP name, version and date
/// (cmmc-rules.md §12.10; 32 CFR 170.15(a)(1)(i), 170.16(a)(1)(i)).
///
/// Every field is optional, and so is the section (ledgers written before it have none): the
/// team fills it in with `evident system set`, and `evident system show` lists what is missing.
/// A field is either given a value or left out: empty strings, lists and mappings are refused,
/// so the canonical form of a section is unique.
public struct SystemSection: Equatable, Sendable {
    /// Longest texts, as Schemas/ledger.schema.json says.
    public static let maxName = 200
    public static let maxText = 4000
    public static let maxEnvironment = 200
    public static let maxVersion = 50
    public static let maxEmail = 320

    /// A person in one of the system's roles.
    public struct Person: Equatable, Sendable {
        public var name: String?
        public var title: String?
        public var email: String?

        public init(name: String? = nil, title: String? = nil, email: String? = nil) {
            self.name = name
            self.title = title
            self.email = email
        }

        public var isEmpty: Bool { name == nil && title == nil && email == nil }
    }

    /// The system owner, the affirming official (32 CFR 170.22) and the security contact.
    public struct Roles: Equatable, Sendable {
        public var systemOwner: Person
        public var affirmingOfficial: Person
        public var securityContact: Person

        public init(systemOwner: Person = Person(), affirmingOfficial: Person = Person(), securityContact: Person = Person()) {
            self.systemOwner = systemOwner
            self.affirmingOfficial = affirmingOfficial
            self.securityContact = securityContact
        }

        public var isEmpty: Bool { systemOwner.isEmpty && affirmingOfficial.isEmpty && securityContact.isEmpty }
    }

    public var name: String?
    public var description: String?
    /// What the authorization boundary encloses, in words.
    public var boundary: String?
    /// Where the system runs (on premises, a cloud region ...).
    public var environments: [String]
    /// `enterprise`, `enclave` or `contract` (kept as text like every closed set in a record;
    /// the decoder refuses any other value).
    public var scope: String?
    /// The CAGE codes the assessment covers (SPRS lists each one).
    public var cageCodes: [String]
    public var sspVersion: String?
    public var sspDate: Day?
    public var roles: Roles

    public init(name: String? = nil, description: String? = nil, boundary: String? = nil, environments: [String] = [], scope: String? = nil,
                cageCodes: [String] = [], sspVersion: String? = nil, sspDate: Day? = nil, roles: Roles = Roles()) {
        self.name = name
        self.description = description
        self.boundary = boundary
        self.environments = environments
        self.scope = scope
        self.cageCodes = cageCodes
        self.sspVersion = sspVersion
        self.sspDate = sspDate
        self.roles = roles
    }

    public var isEmpty: Bool { self == SystemSection() }

    // MARK: Fields

    /// Every field, by the dotted name `evident system set` and the file use, in file order.
    public enum Field: String, CaseIterable, Sendable {
        case name, description, boundary, environments, scope
        case cageCodes = "cage_codes"
        case sspVersion = "ssp.version"
        case sspDate = "ssp.date"
        case systemOwnerName = "roles.system_owner.name"
        case systemOwnerTitle = "roles.system_owner.title"
        case systemOwnerEmail = "roles.system_owner.email"
        case affirmingOfficialName = "roles.affirming_official.name"
        case affirmingOfficialTitle = "roles.affirming_official.title"
        case affirmingOfficialEmail = "roles.affirming_official.email"
        case securityContactName = "roles.security_contact.name"
        case securityContactTitle = "roles.security_contact.title"
        case securityContactEmail = "roles.security_contact.email"

        /// What `evident system set` takes for the field, as an example.
        public var example: String {
            switch self {
            case .name: return "name=\"Northwind CUI Enclave\""
            case .description: return "description=\"What the system does and for whom\""
            case .boundary: return "boundary=\"What the authorization boundary encloses\""
            case .environments: return "environments=\"On-premises enclave,AWS GovCloud (US-West)\""
            case .scope: return "scope=enterprise|enclave|contract"
            case .cageCodes: return "cage_codes=CODE[,CODE...]"
            case .sspVersion: return "ssp.version=1.0"
            case .sspDate: return "ssp.date=YYYY-MM-DD"
            case .systemOwnerName, .affirmingOfficialName, .securityContactName: return rawValue + "=\"Full Name\""
            case .systemOwnerTitle, .affirmingOfficialTitle, .securityContactTitle: return rawValue + "=\"Job title\""
            case .systemOwnerEmail, .affirmingOfficialEmail, .securityContactEmail: return rawValue + "=name@example.com"
            }
        }

        /// The command that sets the field.
        public var setCommand: String { "evident system set " + example }

        var isEmail: Bool { [.systemOwnerEmail, .affirmingOfficialEmail, .securityContactEmail].contains(self) }
        /// Fields that may span several lines (prose); every other text is one line.
        var isProse: Bool { self == .description || self == .boundary }

        var maxLength: Int {
            switch self {
            case .description, .boundary: return SystemSection.maxText
            case .environments: return SystemSection.maxEnvironment
            case .sspVersion: return SystemSection.maxVersion
            case .systemOwnerEmail, .affirmingOfficialEmail, .securityContactEmail: return SystemSection.maxEmail
            default: return SystemSection.maxName
            }
        }
    }

    /// One change `evident system set` makes; nil values (and empty lists) remove the field.
    public enum Assignment: Equatable, Sendable {
        /// A text field (name, description, boundary, ssp.version, a role's name, title or email).
        case text(Field, String?)
        case environments([String])
        case scope(SystemScope?)
        case cageCodes([CAGECode])
        case sspDate(Day?)

        public var field: Field {
            switch self {
            case .text(let f, _): return f
            case .environments: return .environments
            case .scope: return .scope
            case .cageCodes: return .cageCodes
            case .sspDate: return .sspDate
            }
        }
    }

    /// The section with `assignments` applied in order.
    public func applying(_ assignments: [Assignment]) -> SystemSection {
        var s = self
        for a in assignments {
            switch a {
            case .text(let f, let v): s[text: f] = v
            case .environments(let l): s.environments = l
            case .scope(let v): s.scope = v?.rawValue
            case .cageCodes(let l): s.cageCodes = l.map(\.code)
            case .sspDate(let d): s.sspDate = d
            }
        }
        return s
    }

    /// The text of a text field (nil for the list, scope and date fields).
    public subscript(text field: Field) -> String? {
        get {
            switch field {
            case .name: return name
            case .description: return description
            case .boundary: return boundary
            case .sspVersion: return sspVersion
            case .systemOwnerName: return roles.systemOwner.name
            case .systemOwnerTitle: return roles.systemOwner.title
            case .systemOwnerEmail: return roles.systemOwner.email
            case .affirmingOfficialName: return roles.affirmingOfficial.name
            case .affirmingOfficialTitle: return roles.affirmingOfficial.title
            case .affirmingOfficialEmail: return roles.affirmingOfficial.email
            case .securityContactName: return roles.securityContact.name
            case .securityContactTitle: return roles.securityContact.title
            case .securityContactEmail: return roles.securityContact.email
            case .environments, .scope, .cageCodes, .sspDate: return nil
            }
        }
        set {
            switch field {
            case .name: name = newValue
            case .description: description = newValue
            case .boundary: boundary = newValue
            case .sspVersion: sspVersion = newValue
            case .systemOwnerName: roles.systemOwner.name = newValue
            case .systemOwnerTitle: roles.systemOwner.title = newValue
            case .systemOwnerEmail: roles.systemOwner.email = newValue
            case .affirmingOfficialName: roles.affirmingOfficial.name = newValue
            case .affirmingOfficialTitle: roles.affirmingOfficial.title = newValue
            case .affirmingOfficialEmail: roles.affirmingOfficial.email = newValue
            case .securityContactName: roles.securityContact.name = newValue
            case .securityContactTitle: roles.securityContact.title = newValue
            case .securityContactEmail: roles.securityContact.email = newValue
            case .environments, .scope, .cageCodes, .sspDate: break
            }
        }
    }

    /// Whether the field has a value.
    public func has(_ field: Field) -> Bool {
        switch field {
        case .environments: return !environments.isEmpty
        case .scope: return scope != nil
        case .cageCodes: return !cageCodes.isEmpty
        case .sspDate: return sspDate != nil
        default: return self[text: field] != nil
        }
    }

    /// The fields without a value, in file order.
    public var missing: [Field] { Field.allCases.filter { !has($0) } }

    /// Why `text` cannot be the value of a text field or a list item of `field` (one line unless
    /// prose, not blank, no control characters, not too long, an email where one is asked), or nil.
    public static func problem(_ field: Field, _ text: String) -> String? {
        if text.isBlank { return "must not be empty: give a value, or leave the field out" }
        if !field.isProse, text.contains(where: \.isNewline) { return "must be one line" }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !($0 == "\n" || $0 == "\t" || $0 == "\r") }) {
            return "holds a control character: write it as plain text"
        }
        if text.count > field.maxLength { return "is longer than \(field.maxLength) characters" }
        if field.isEmail, !text.contains("@") || text.contains(where: \.isWhitespace) {
            return "'\(text)' is not an email address (like security@example.com)"
        }
        return nil
    }

    // MARK: Record

    public var recordValue: RecordValue {
        var pairs: [(String, RecordValue)] = []
        if let name { pairs.append(("name", .string(name))) }
        if let description { pairs.append(("description", .string(description))) }
        if let boundary { pairs.append(("boundary", .string(boundary))) }
        if !environments.isEmpty { pairs.append(("environments", .strings(environments))) }
        if let scope { pairs.append(("scope", .string(scope))) }
        if !cageCodes.isEmpty { pairs.append(("cage_codes", .strings(cageCodes))) }
        var ssp: [(String, RecordValue)] = []
        if let sspVersion { ssp.append(("version", .string(sspVersion))) }
        if let sspDate { ssp.append(("date", .string(sspDate.description))) }
        if !ssp.isEmpty { pairs.append(("ssp", .map(ssp))) }
        func person(_ p: Person) -> RecordValue? {
            var out: [(String, RecordValue)] = []
            if let n = p.name { out.append(("name", .string(n))) }
            if let t = p.title { out.append(("title", .string(t))) }
            if let e = p.email { out.append(("email", .string(e))) }
            return out.isEmpty ? nil : .map(out)
        }
        var roles: [(String, RecordValue)] = []
        if let p = person(self.roles.systemOwner) { roles.append(("system_owner", p)) }
        if let p = person(self.roles.affirmingOfficial) { roles.append(("affirming_official", p)) }
        if let p = person(self.roles.securityContact) { roles.append(("security_contact", p)) }
        if !roles.isEmpty { pairs.append(("roles", .map(roles))) }
        return .map(pairs)
    }

    /// Reads the section from `r` (a reader of the `system` mapping); problems are reported on
    /// `r` with their dotted field (`system.cage_codes[1]`). Returns nil when there are any.
    static func read(_ r: inout FieldReader) -> SystemSection? {
        let before = r.issues.count
        var s = SystemSection()
        if r.isEmptyMapping { r.report("", "must not be empty: leave the system section out until a field is set (evident system set FIELD=VALUE)") }
        func text(_ r: inout FieldReader, _ key: String, _ field: Field) -> String? {
            guard let v = r.string(key, required: false, maxLength: Int.max, allowEmpty: true) else { return nil }
            if let p = problem(field, v) {
                r.report(key, p)
                return nil
            }
            return v
        }
        func list(_ key: String, _ field: Field, check: (String) -> String?) -> [String] {
            guard let items = r.stringList(key, required: false, minCount: 1) else { return [] }
            var out = [String]()
            for (i, item) in items.enumerated() {
                if let p = check(item) {
                    r.report("\(key)[\(i)]", p)
                } else {
                    out.append(item)
                }
            }
            return out
        }
        s.name = text(&r, "name", .name)
        s.description = text(&r, "description", .description)
        s.boundary = text(&r, "boundary", .boundary)
        s.environments = list("environments", .environments) { problem(.environments, $0) }
        s.scope = r.oneOf("scope", SystemScope.allCases.map(\.rawValue), required: false)
        s.cageCodes = list("cage_codes", .cageCodes) { CAGECode($0) == nil ? CAGECode.problem($0) : nil }
        _ = r.nested("ssp", required: false) { (p: inout FieldReader) -> Bool? in
            if p.isEmptyMapping { p.report("", "must not be empty: give version or date, or leave ssp out") }
            s.sspVersion = text(&p, "version", .sspVersion)
            s.sspDate = p.day("date", required: false)
            return true
        }
        _ = r.nested("roles", required: false) { (p: inout FieldReader) -> Bool? in
            if p.isEmptyMapping { p.report("", "must not be empty: give a role, or leave roles out") }
            func person(_ key: String, _ fields: (Field, Field, Field)) -> Person {
                var out = Person()
                _ = p.nested(key, required: false) { (q: inout FieldReader) -> Bool? in
                    if q.isEmptyMapping { q.report("", "must not be empty: give name, title or email, or leave \(key) out") }
                    out.name = text(&q, "name", fields.0)
                    out.title = text(&q, "title", fields.1)
                    out.email = text(&q, "email", fields.2)
                    return true
                }
                return out
            }
            s.roles.systemOwner = person("system_owner", (.systemOwnerName, .systemOwnerTitle, .systemOwnerEmail))
            s.roles.affirmingOfficial = person("affirming_official", (.affirmingOfficialName, .affirmingOfficialTitle, .affirmingOfficialEmail))
            s.roles.securityContact = person("security_contact", (.securityContactName, .securityContactTitle, .securityContactEmail))
            return true
        }
        return r.issues.count == before ? s : nil
    }
}

/// What an assessment covers (`system.scope`), as SPRS asks it: the whole enterprise, an
/// enclave, or the systems of one contract.
public enum SystemScope: String, CaseIterable, Sendable {
    case enterprise, enclave, contract
}

/// A CAGE code (Commercial and Government Entity code): five characters, capital letters and
/// digits (`7NW42`). SPRS lists every CAGE code an assessment covers (32 CFR 170.15(a)(1)(i)).
public struct CAGECode: Equatable, Hashable, Sendable, CustomStringConvertible {
    public let code: String

    /// nil unless `text` is exactly five capital letters or digits.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 5, u.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }) else { return nil }
        code = text
    }

    public var description: String { code }

    /// Why `text` is not a CAGE code, naming the fix.
    public static func problem(_ text: String) -> String {
        let upper = text.uppercased()
        if upper != text, CAGECode(upper) != nil { return "'\(text)' is not a CAGE code: write it in capitals, \(upper)" }
        return "'\(text)' is not a CAGE code: a CAGE code is exactly 5 capital letters or digits, like 7NW42"
    }
}
