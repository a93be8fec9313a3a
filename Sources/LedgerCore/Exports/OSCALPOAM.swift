extension OSCALExport {
    /// poam.json: every POA&M item at the revision (32 CFR 170.21; open and closed, in id
    /// order). Each item is a poam-item tied to a risk (the weakness, open or closed, due at its
    /// scheduled completion, with a remediation whose tasks are its milestones and the scheduled
    /// completion) and to a finding that targets its requirement's statement in catalog.json
    /// (not-satisfied while the item is open).
    /// Throws `LedgerError` `.notFound` without an item (OSCAL requires one).
    func poam() throws -> RecordValue {
        if let why = absence(.poam) { throw LedgerError.notFound("the plan of action and milestones cannot be written: " + why) }
        let inSSP = Set(try inScope().flatMap { $0.requirements.map(\.qualifiedID) })
        var risks = [RecordValue]()
        var findings = [RecordValue]()
        var items = [RecordValue]()
        for p in input.poams.sorted(by: { $0.id < $1.id }) {
            let requirement = input.catalogs.requirement(qualifiedID: p.requirement)
            let label = requirement.map(Self.label) ?? p.requirement
            let title = Self.line("\(label): \(requirement?.title ?? p.requirement)", or: p.id)
            let open = p.status == "open"
            let key = "poam:" + p.id
            let riskUUID = uuid(key + ":risk")
            let findingUUID = uuid(key + ":finding")
            var props: [RecordValue?] = [Self.prop("poam-id", p.id), Self.prop("requirement", p.requirement), Self.prop("status", p.status),
                                         Self.prop("opened", p.opened.description), Self.prop("scheduled-completion", p.scheduledCompletion.description)]
            if let closed = p.closed { props.append(Self.prop("closed", closed.description)) }
            if let points = requirement?.points { props.append(Self.prop("points", String(points))) }
            // The milestones, then the scheduled completion (the closeout of 32 CFR 170.21(b); cmmc-rules.md §5).
            var tasks = p.milestones.sorted { ($0.date, $0.description) < ($1.date, $1.description) }.map { ms -> RecordValue in
                .map([("uuid", .string(uuid(key + ":milestone:\(ms.date):\(ms.description)"))), ("type", .string("milestone")),
                      ("title", .string(Self.line(ms.description, or: "Milestone"))),
                      ("timing", .map([("on-date", .map([("date", .string(Self.time(ms.date)))]))]))])
            }
            tasks.append(.map([("uuid", .string(uuid(key + ":scheduled-completion"))), ("type", .string("milestone")),
                               ("title", .string("Scheduled completion")),
                               ("timing", .map([("on-date", .map([("date", .string(Self.time(p.scheduledCompletion)))]))]))]))
            let weakness = Self.prose(p.weakness)
            var statement = "\(label) \(open ? "is" : "was") NOT MET: \(weakness)\(weakness.hasSuffix(".") ? "" : ".") Opened \(p.opened), scheduled to be completed by \(p.scheduledCompletion)"
            statement += p.closed.map { "; closed \($0)." } ?? "."
            risks.append(.map([
                ("uuid", .string(riskUUID)),
                ("title", .string(title)),
                ("description", .string(Self.prose(p.weakness))),
                ("statement", .string(statement)),
                ("props", .list(props.compactMap { $0 })),
                ("status", .string(open ? "open" : "closed")),
                ("deadline", .string(Self.time(p.scheduledCompletion))),
                ("remediations", .list([.map([
                    ("uuid", .string(uuid(key + ":remediation"))),
                    ("lifecycle", .string(open ? "planned" : "completed")),
                    ("title", .string("Plan of action \(p.id)")),
                    ("description", .string("Correct the weakness by \(p.scheduledCompletion)" + (p.milestones.isEmpty ? "." : ", through the milestones below."))),
                    ("tasks", .list(tasks)),
                ])])),
            ]))
            var finding: [(String, RecordValue)] = [
                ("uuid", .string(findingUUID)),
                ("title", .string(title)),
                ("description", .string(Self.prose(p.weakness))),
                ("target", .map([("type", .string("statement-id")),
                                 ("target-id", .string(Self.statementID(controlID(p.requirement) ?? "unknown"))),
                                 ("status", .map([("state", .string(open ? "not-satisfied" : "satisfied"))]))])),
            ]
            if inSSP.contains(p.requirement) { finding.append(("implementation-statement-uuid", .string(implementedRequirementUUID(p.requirement)))) }
            finding.append(("related-risks", .list([.map([("risk-uuid", .string(riskUUID))])])))
            findings.append(.map(finding))
            items.append(.map([
                ("uuid", .string(uuid(key))),
                ("title", .string(Self.line("\(p.id) (\(label)): \(requirement?.title ?? p.requirement)", or: p.id))),
                ("description", .string(Self.prose(p.weakness))),
                ("props", .list(props.compactMap { $0 })),
                ("related-findings", .list([.map([("finding-uuid", .string(findingUUID))])])),
                ("related-risks", .list([.map([("risk-uuid", .string(riskUUID))])])),
            ]))
        }
        let metadata = Metadata(title: "\(Self.line(input.config.organization, or: "evident ledger")): plan of action and milestones")
        return document(.poam, metadata, [
            ("import-ssp", .map([("href", .string(OSCALModel.ssp.fileName))])),
            ("system-id", .map([("identifier-type", .string("http://ietf.org/rfc/rfc4122")), ("id", .string(systemUUID))])),
            ("risks", .list(risks)),
            ("findings", .list(findings)),
            ("poam-items", .list(items)),
        ])
    }
}
