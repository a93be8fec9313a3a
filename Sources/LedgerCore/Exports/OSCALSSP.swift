extension OSCALExport {
    /// The fields of the system section an SSP cannot be written without (OSCAL requires a
    /// system name, description and authorization boundary), missing at this revision.
    var missingSystemFields: [SystemSection.Field] {
        let s = input.config.system ?? SystemSection()
        return [.name, .description, .boundary].filter { s[text: $0].flatMap(Self.string) == nil }
    }

    /// ssp.json: the System Security Plan (CA.L2-3.12.4) as OSCAL: the system as ledger.yaml's
    /// `system` describes it (name, description, boundary, scope, CAGE codes, environments, SSP
    /// version and date, roles), each control of the library as a component, and each requirement
    /// of profile.json implemented by the components of the controls that serve it, with the
    /// control's status as the implementation status (N/A with its justification).
    /// Throws `LedgerError` `.gate` naming the command that sets each missing system field, and
    /// `.notFound` as `profile()`.
    func ssp() throws -> RecordValue {
        let missing = missingSystemFields
        guard missing.isEmpty else {
            throw LedgerError(.gate, "the SSP (ssp.json) needs the system's " + missing.map { "system.\($0.rawValue)" }.joined(separator: ", ")
                              + ", which ledger.yaml does not give: set " + (missing.count == 1 ? "it" : "them") + " with "
                              + "'evident system set " + missing.map(\.example).joined(separator: " ") + "'")
        }
        let system = input.config.system ?? SystemSection()
        let organization = Self.line(input.config.organization, or: "Organization")
        let orgParty = uuid("party:organization")
        // Parties and roles: the organization, and one person per role ledger.yaml names.
        var parties: [RecordValue] = [.map([("uuid", .string(orgParty)), ("type", .string("organization")), ("name", .string(organization))]
                                           + Self.list("props", system.cageCodes.compactMap { Self.prop("cage-code", $0) }))]
        var roles = [RecordValue]()
        var responsible = [RecordValue]()
        for (id, title, person) in [("system-owner", "System Owner", system.roles.systemOwner),
                                    ("affirming-official", "Affirming Official (32 CFR 170.22)", system.roles.affirmingOfficial),
                                    ("security-contact", "Security Contact", system.roles.securityContact)] where !person.isEmpty {
            guard let name = (person.name ?? person.title ?? person.email).flatMap(Self.string) else { continue }
            let party = uuid("party:" + id)
            var pairs: [(String, RecordValue)] = [("uuid", .string(party)), ("type", .string("person")), ("name", .string(name))]
            pairs += Self.list("props", [person.title.flatMap { Self.prop("job-title", $0) }].compactMap { $0 })
            pairs += Self.list("email-addresses", [person.email.flatMap(Self.string).map(RecordValue.string)].compactMap { $0 })
            pairs.append(("member-of-organizations", .strings([orgParty])))
            parties.append(.map(pairs))
            roles.append(.map([("id", .string(id)), ("title", .string(title))]))
            responsible.append(.map([("role-id", .string(id)), ("party-uuids", .strings([party]))]))
        }
        let name = Self.line(system.name, or: organization)
        let metadata = Metadata(
            title: "System Security Plan: \(name)", published: system.sspDate.map(Self.time), version: system.sspVersion.flatMap(Self.string),
            props: [], roles: roles, parties: parties, responsibleParties: responsible)

        var characteristics: [(String, RecordValue)] = [
            ("system-ids", .list([.map([("identifier-type", .string("http://ietf.org/rfc/rfc4122")), ("id", .string(systemUUID))])])),
            ("system-name", .string(name)),
            ("description", .string(Self.prose(system.description ?? name))),
        ]
        var props: [RecordValue?] = [system.scope.flatMap { Self.prop("cmmc-assessment-scope", $0) }]
        props += system.cageCodes.map { Self.prop("cage-code", $0) }
        props += system.environments.map { Self.prop("environment", $0) }
        props += input.config.frameworks.map { Self.prop("framework", $0.description) }
        characteristics += Self.list("props", props.compactMap { $0 })
        characteristics += [
            ("system-information", .map([("information-types", .list(informationTypes()))])),
            ("status", .map([("state", .string("operational"))])),
            ("authorization-boundary", .map([("description", .string(Self.prose(system.boundary ?? name)))])),
        ]

        let components: [RecordValue] = [
            .map([("uuid", .string(thisSystemComponent)), ("type", .string("this-system")), ("title", .string(name)),
                  ("description", .string(Self.prose(system.description ?? name))), ("status", .map([("state", .string("operational"))]))]),
        ] + input.controls.map(component)

        var implemented = [RecordValue]()
        let mapping = Self.byRequirement(input.controls)
        for (_, requirements) in try inScope() {
            for r in requirements {
                guard let controlID = controlIDs[r.qualifiedID] else { continue }
                let serving = Self.controls(serving: r.qualifiedID, in: mapping, catalogs: input.catalogs)
                var pairs: [(String, RecordValue)] = [("uuid", .string(implementedRequirementUUID(r.qualifiedID))), ("control-id", .string(controlID))]
                pairs += Self.list("props", [Self.prop("requirement", r.qualifiedID)].compactMap { $0 })
                pairs += Self.list("by-components", serving.map { c in byComponent(c, requirement: r) })
                if serving.isEmpty { pairs.append(("remarks", .string("No control of the library maps to \(Self.label(r)) yet ('evident control map').") )) }
                implemented.append(.map(pairs))
            }
        }
        return document(.ssp, metadata, [
            ("import-profile", .map([("href", .string(OSCALModel.profile.fileName))])),
            ("system-characteristics", .map(characteristics)),
            ("system-implementation", .map([("components", .list(components))])),
            ("control-implementation", .map([
                ("description", .string("Each requirement in scope (profile.json) and the controls of \(organization)'s unified control library that implement it, as the ledger's records say at the revision this document names (metadata).")),
                ("implemented-requirements", .list(implemented)),
            ])),
        ])
    }

    /// The information the system holds, by the frameworks in scope: CUI for CMMC Level 2 and 3
    /// (32 CFR 170.4: CUI), FCI for any CMMC level (FAR 52.204-21), and the data the SOC 2
    /// system's commitments cover.
    func informationTypes() -> [RecordValue] {
        let ids = Set(input.config.frameworks.map(\.id))
        var out = [RecordValue]()
        func type(_ key: String, _ title: String, _ description: String) {
            out.append(.map([("uuid", .string(uuid("information-type:" + key))), ("title", .string(title)), ("description", .string(description))]))
        }
        if ids.contains("cmmc-l2") || ids.contains("cmmc-l3") {
            type("cui", "Controlled Unclassified Information (CUI)", "CUI the system stores, processes or transmits, protected under NIST SP 800-171 r2 (CMMC Level 2).")
        }
        if ids.contains("cmmc-l1") || ids.contains("cmmc-l2") || ids.contains("cmmc-l3") {
            type("fci", "Federal Contract Information (FCI)", "FCI the system stores, processes or transmits, protected under FAR 52.204-21 (CMMC Level 1).")
        }
        if ids.contains("soc2") || out.isEmpty {
            type("customer-data", "Customer data", "The data the system's service commitments cover (SOC 2 Trust Services categories in scope).")
        }
        return out
    }

    /// A control of the library as an SSP component (a process or procedure the organization
    /// runs), with its owner, frequency, status and scoring attributes as props.
    func component(_ c: ControlRecord) -> RecordValue {
        var props: [RecordValue?] = [Self.prop("control-id", c.id), Self.prop("owner", c.owner), Self.prop("frequency", c.frequency),
                                     Self.prop("control-status", c.status)]
        if let v = c.evidenceValidFor { props.append(Self.prop("evidence-valid-for", v.description)) }
        props += c.attributes.map { Self.prop($0.key.replacing("_", with: "-"), $0.value) }
        let state: String
        switch c.status {
        case "implemented", "partially_implemented": state = "operational"
        case "not_applicable": state = "other"
        default: state = "under-development"
        }
        var status: [(String, RecordValue)] = [("state", .string(state))]
        if c.status == "not_applicable" { status.append(("remarks", .string(Self.prose("Not applicable: " + (c.justification ?? ""))))) }
        return .map([("uuid", .string(componentUUID(control: c.id))), ("type", .string("process-procedure")),
                     ("title", .string(Self.line("\(c.id): \(c.title)", or: c.id))), ("description", .string(Self.prose(c.description ?? c.title)))]
                    + Self.list("props", props.compactMap { $0 })
                    + [("status", .map(status))])
    }

    /// How one control implements one requirement: the control's status as the implementation
    /// status (implemented, partial, planned, not-implemented, not-applicable with its justification).
    func byComponent(_ c: ControlRecord, requirement r: Requirement) -> RecordValue {
        let state: String
        switch c.status {
        case "implemented": state = "implemented"
        case "partially_implemented": state = "partial"
        case "planned": state = "planned"
        case "not_applicable": state = "not-applicable"
        // OSCAL's implementation states allow others; evident says what it knows.
        default: state = "not-implemented"
        }
        var status: [(String, RecordValue)] = [("state", .string(state))]
        if c.status == "not_applicable" { status.append(("remarks", .string(Self.prose(c.justification ?? "Not applicable.")))) }
        return .map([
            ("component-uuid", .string(componentUUID(control: c.id))),
            ("uuid", .string(uuid("by-component:" + r.qualifiedID + ":" + c.id))),
            ("description", .string(Self.prose(c.description ?? c.title))),
            ("implementation-status", .map(status)),
        ])
    }
}
