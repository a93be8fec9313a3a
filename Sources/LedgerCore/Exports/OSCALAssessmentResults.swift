extension OSCALExport {
    /// One framework's results as a snapshot manifest recorded them (`snapshotSummary`).
    struct RecordedFramework {
        let framework: String
        let catalog: String
        /// Requirement (criterion) id and recorded status, in the manifest's order.
        let statuses: [(id: String, status: String)]
        let props: [RecordValue]
    }

    /// The frameworks a manifest recorded, with the SPRS score and the CMMC and SOC 2 status as
    /// props: what the snapshot found, never recomputed (a later evident may judge the same tree
    /// under corrected rules; the snapshot keeps its result, ReadinessRules).
    static func recorded(_ manifest: SnapshotManifest, catalogs: CatalogSet) -> [RecordedFramework] {
        (manifest.readiness.listValue ?? []).compactMap { f in
            guard let id = f["id"]?.stringValue, let catalog = FrameworkScope.catalogID(forFramework: id) else { return nil }
            // In catalog order (a manifest read back has its keys sorted); ids the catalog no longer holds last.
            let order = Dictionary((catalogs.catalog(catalog)?.requirementIDs ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let statuses = ((f["requirements"] ?? f["criteria"])?.mapPairs?.compactMap { k, v in v.stringValue.map { (id: k, status: $0) } } ?? [])
                .sorted { (order[$0.id] ?? Int.max, $0.id) < (order[$1.id] ?? Int.max, $1.id) }
            var props = [RecordValue?]()
            let status = f["status"]?.stringValue
            switch id {
            case "cmmc-l2":
                // The SPRS score out of 110 (32 CFR 170.24(c)(2)); none when the assessment is incomplete.
                if let score = f["score"]?.intValue {
                    props.append(prop("sprs-score", String(score)))
                    props.append(prop("sprs-max-score", "110"))
                }
                props.append(status.flatMap { prop("cmmc-l2-status", $0) })
                props.append(f["closeout_deadline"]?.stringValue.flatMap { prop("cmmc-l2-closeout-deadline", $0) })
            case "cmmc-l1":
                props.append(status.flatMap { prop("cmmc-l1-status", $0) })
                if let met = f["met"]?.intValue, let total = f["total"]?.intValue { props.append(prop("cmmc-l1-met", "\(met) of \(total)")) }
            default:
                if let type = f["type"]?.intValue { props.append(prop("soc2-type", String(type))) }
                props.append(status.flatMap { prop("soc2-status", $0) })
                if let ready = f["ready"]?.intValue, let total = f["total"]?.intValue { props.append(prop("soc2-ready", "\(ready) of \(total)")) }
            }
            return RecordedFramework(framework: id, catalog: catalog, statuses: statuses, props: props.compactMap { $0 })
        }
    }

    /// assessment-results.json: one result per snapshot up to the revision, oldest first. Each
    /// holds the findings its manifest recorded, one per requirement or criterion (MET and N/A
    /// satisfied, N/A counting as MET under 32 CFR 170.24(b)(3); NOT MET and not ready
    /// not-satisfied), the SPRS score and the CMMC and SOC 2 status as props, and one
    /// observation per evidence record at the snapshot's commit whose relevant evidence carries
    /// each artifact's path (from the ledger root, as in the snapshot's hash list) and SHA-256.
    /// A finding's related observations are the evidence of the controls serving it collected
    /// on or before the snapshot's as-of day. evident writes no separate assessment plan: the
    /// plan is the snapshot (its kind, frameworks and day), which `import-ap` names in the back matter.
    /// Throws `LedgerError` `.notFound` without a snapshot (OSCAL requires a result).
    func assessmentResults() throws -> RecordValue {
        if let why = absence(.assessmentResults) { throw LedgerError.notFound("assessment results cannot be written: " + why) }
        let planResource = uuid("resource:assessment-plan")
        let inSSP = Set(try inScope().flatMap { $0.requirements.map(\.qualifiedID) })
        let currentControls = Set(input.controls.map(\.id))
        let results = input.snapshots.map { result($0, inSSP: inSSP, currentControls: currentControls) }
        let metadata = Metadata(title: "\(Self.line(input.config.organization, or: "evident ledger")): assessment results, one per snapshot")
        return document(.assessmentResults, metadata, [
            ("import-ap", .map([("href", .string("#" + planResource))])),
            ("results", .list(results)),
            ("back-matter", .map([("resources", .list([.map([
                ("uuid", .string(planResource)),
                ("title", .string("Assessment plan")),
                ("description", .string("evident keeps no separate OSCAL assessment plan: each snapshot is the plan of its result (its kind, the frameworks assessed, the as-of day or observation period and the assessor, in the result's props), taken of the system that ssp.json describes.")),
                ("rlinks", .list([.map([("href", .string(OSCALModel.ssp.fileName)), ("media-type", .string("application/json"))])])),
            ])]))])),
        ])
    }

    func result(_ s: OSCALSnapshot, inSSP: Set<String>, currentControls: Set<String>) -> RecordValue {
        let m = s.manifest
        let key = "result:" + m.name
        let frameworks = Self.recorded(m, catalogs: input.catalogs)
        // Observations: every evidence record at the snapshot's commit, in id order.
        let evidence = s.evidence.sorted { $0.id < $1.id }
        let observationUUID = { (id: String) in self.uuid(key + ":observation:" + id) }
        let observations = evidence.map { e -> RecordValue in
            var props: [RecordValue?] = [Self.prop("evidence-id", e.id), Self.prop("method", e.method), Self.prop("classification", e.classification),
                                         Self.prop("collected-by", e.collectedBy)]
            if let source = e.source { props.append(Self.prop("source", source)) }
            if let c = e.covers { props += [Self.prop("covers-from", c.from.description), Self.prop("covers-to", c.to.description)] }
            if let v = e.validUntil { props.append(Self.prop("valid-until", v.description)) }
            if e.noOccurrence { props.append(Self.prop("no-occurrence", "true")) }
            props += e.controls.map { Self.prop("control-id", $0) }
            let subjects = e.controls.filter(currentControls.contains).map { c -> RecordValue in
                .map([("subject-uuid", .string(componentUUID(control: c))), ("type", .string("component"))])
            }
            let relevant = e.artifacts.map { a -> RecordValue in
                let path = e.folder + "/" + a.path
                return .map([
                    ("href", .string(Self.href(path))),
                    ("description", .string("Artifact \(path) (\(a.bytes) bytes, \(a.mediaType)), SHA-256 \(a.sha256)")),
                    ("props", .list([Self.prop("path", path), Self.prop("sha256", a.sha256), Self.prop("bytes", String(a.bytes)),
                                     Self.prop("media-type", a.mediaType)].compactMap { $0 })),
                ])
            }
            var description = "Evidence \(e.id), collected \(e.collectedAt) by \(e.collectedBy)" + (e.source.map { " from \($0)" } ?? "")
                + " (\(e.method), \(e.classification)), for \(e.controls.joined(separator: ", "))."
            if let d = e.description.flatMap(Self.string) { description += "\n\n" + d }
            return .map([
                ("uuid", .string(observationUUID(e.id))),
                ("title", .string(Self.line("\(e.id): \(e.title)", or: e.id))),
                ("description", .string(description)),
                ("props", .list(props.compactMap { $0 })),
                ("methods", .strings([e.method == "interview" ? "INTERVIEW" : "EXAMINE"])),
            ] + Self.list("subjects", subjects) + Self.list("relevant-evidence", relevant) + [
                ("collected", .string(e.collectedAt.description)),
            ])
        }
        // The evidence of each control collected on or before the as-of day.
        var byControl = [String: [String]]()
        for e in evidence where e.collectedAt.day <= m.asOf { for c in e.controls { byControl[c, default: []].append(e.id) } }
        let mapping = Self.byRequirement(s.controls)
        // Findings: one per requirement each recorded framework judged.
        var findings = [RecordValue]()
        var reviewed = [RecordValue]()
        for f in frameworks {
            for (id, status) in f.statuses {
                let qualified = f.catalog + ":" + id
                guard let controlID = controlID(qualified) else { continue }
                let requirement = input.catalogs.requirement(qualifiedID: qualified)
                let label = requirement.map(Self.label) ?? id
                let word: String, satisfied: Bool
                switch status {
                case "met": (word, satisfied) = ("MET", true)
                case "ready": (word, satisfied) = ("ready", true)
                case "not_applicable": (word, satisfied) = ("N/A", true)
                case "not_ready": (word, satisfied) = ("not ready", false)
                default: (word, satisfied) = ("NOT MET", false)
                }
                var target: [(String, RecordValue)] = [("type", .string("statement-id")), ("target-id", .string(Self.statementID(controlID))),
                                                       ("status", .map([("state", .string(satisfied ? "satisfied" : "not-satisfied")),
                                                                        ("reason", .string(satisfied ? "pass" : "fail"))]))]
                if status == "not_applicable" { target.append(("remarks", .string("Not applicable: counts as MET (32 CFR 170.24(b)(3)).")) ) }
                let serving = Self.controls(serving: qualified, in: mapping, catalogs: input.catalogs).map(\.id)
                let related = Set(serving.flatMap { byControl[$0] ?? [] }).sorted()
                    .map { RecordValue.map([("observation-uuid", .string(observationUUID($0)))]) }
                var pairs: [(String, RecordValue)] = [
                    ("uuid", .string(uuid(key + ":finding:" + qualified))),
                    ("title", .string(Self.line("\(label): \(requirement?.title ?? id)", or: label))),
                    ("description", .string("\(label) was \(word) in snapshot \(m.name) (\(m.kind)) as of \(m.asOf)"
                                            + (serving.isEmpty ? "; no control served it." : ", served by \(serving.joined(separator: ", ")).")
                    )),
                    ("props", .list([Self.prop("requirement", qualified), Self.prop("framework", f.framework), Self.prop("result", status)].compactMap { $0 })),
                    ("target", .map(target)),
                ]
                if inSSP.contains(qualified) { pairs.append(("implementation-statement-uuid", .string(implementedRequirementUUID(qualified)))) }
                pairs += Self.list("related-observations", related)
                findings.append(.map(pairs))
                reviewed.append(.map([("control-id", .string(controlID))]))
            }
        }
        var props: [RecordValue?] = [Self.prop("snapshot", m.name), Self.prop("snapshot-kind", m.kind), Self.prop("as-of", m.asOf.description)]
        if let p = m.period { props += [Self.prop("period-from", p.from.description), Self.prop("period-to", p.to.description)] }
        props += [Self.prop("commit", m.commit), Self.prop("tree", m.tree)]
        if let a = m.assessor { props.append(Self.prop("assessor", a)) }
        props += [Self.prop("artifact-count", String(m.artifacts.count)), Self.prop("artifact-list-sha256", m.artifactListSHA256),
                  Self.prop("readiness-rules", String(m.readinessRules)), Self.prop("evident-version", m.evidentVersion)]
        props += frameworks.flatMap(\.props)
        let selection: RecordValue = reviewed.isEmpty ? .map([("include-all", .map([]))]) : .map([("include-controls", .list(reviewed))])
        let description = "Snapshot \(m.name) (\(m.kind)) of commit \(m.commit.prefix(12)), judged as of \(m.asOf)"
            + (m.period.map { " over the observation period \($0)" } ?? "") + ", taken \(m.createdAt)" + (m.assessor.map { " by \($0)" } ?? "")
            + ". Its findings are what the snapshot's manifest recorded (readiness rules version \(m.readinessRules)); 'evident snapshot verify \(m.name)' checks it."
        return .map([
            ("uuid", .string(uuid(key))),
            ("title", .string(Self.line("Snapshot \(m.name) (\(m.kind)) as of \(m.asOf)", or: m.name))),
            ("description", .string(description)),
            ("start", .string(Self.time(m.period?.from ?? m.asOf))),
            ("end", .string(max(m.createdAt, Timestamp(day: m.period?.from ?? m.asOf)).description)),
            ("props", .list(props.compactMap { $0 })),
            ("reviewed-controls", .map([("control-selections", .list([selection]))])),
        ] + Self.list("observations", observations) + Self.list("findings", findings))
    }

    /// A ledger path as a relative URI reference: every byte outside the unreserved characters
    /// and '/' percent-encoded (RFC 3986 §2.1).
    static func href(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
