extension OSCALExport {
    /// catalog.json: every catalog pinned in the ledger (.evident/catalogs/) as one group, its
    /// families (or SOC 2 categories) as groups, each requirement a control titled in evident's
    /// own words (never the standard's text). A control's statement part (`<id>_smt`) is what the
    /// findings of the assessment results and the POA&M target.
    func catalog() -> RecordValue {
        let groups = input.catalogs.catalogs.map { c -> RecordValue in
            let families = c.families.compactMap { family -> RecordValue? in
                let controls = c.requirements(inFamily: family.code).compactMap { control($0) }
                guard !controls.isEmpty else { return nil }
                let code = Self.isToken(c.id + "_family_" + family.code) ? family.code : String(c.families.firstIndex(of: family) ?? 0)
                return .map([
                    ("id", .string(c.id + "_family_" + code)),
                    ("class", .string(c.id == Catalogs.soc2ID ? "category" : "family")),
                    ("title", .string(Self.line(family.name, or: Self.line(family.code, or: c.id))))]
                    + Self.list("props", [Self.prop("label", family.code, own: false)].compactMap { $0 })
                    + [("controls", .list(controls))])
            }
            // Requirements outside every family (a hand-pinned catalog) stay in the catalog's group.
            let loose = c.requirements.filter { ($0.family ?? $0.category) == nil }.compactMap { control($0) }
            var pairs: [(String, RecordValue)] = [
                ("id", .string(c.id)),
                ("class", .string("catalog")),
                ("title", .string(Self.line(c.title, or: c.id))),
                ("props", .list([Self.prop("catalog-id", c.id), Self.prop("catalog-version", c.version)].compactMap { $0 })),
            ]
            if let source = Self.string(c.source) {
                pairs.append(("parts", .list([.map([("id", .string(c.id + "_source")), ("name", .string("overview")), ("prose", .string(source))])])))
            }
            pairs += Self.list("groups", families) + Self.list("controls", loose)
            return .map(pairs)
        }
        let metadata = Metadata(
            title: "\(Self.line(input.config.organization, or: "evident ledger")): the catalogs pinned in the evident ledger",
            props: input.catalogs.catalogs.compactMap { Self.prop("catalog", "\($0.id) \($0.version)") },
            remarks: "Requirement and criterion ids, CMMC ids and SPRS point values are the standards'; every title is evident's own short wording, not the text of NIST SP 800-171, the CMMC model or the AICPA Trust Services Criteria.")
        return document(.catalog, metadata, Self.list("groups", groups))
    }

    /// One requirement as a control: its label(s), point values and kind as props, its title as
    /// the statement.
    func control(_ r: Requirement) -> RecordValue? {
        guard let id = controlIDs[r.qualifiedID] else { return nil }
        var props: [RecordValue?] = [Self.prop("label", r.id, own: false)]
        if let cmmc = r.cmmcID, cmmc != r.id { props.append(Self.prop("label", cmmc, own: false, class: "cmmc")) }
        props.append(Self.prop("requirement", r.qualifiedID))
        if let k = r.kind { props.append(Self.prop("kind", k)) }
        // SPRS values (32 CFR 170.24(c)(2)(i)(B)); 3.12.4 has none, which is not zero.
        if let p = r.points { props.append(Self.prop("points", String(p))) }
        if let p = r.partialPoints { props.append(Self.prop("partial-points", String(p))) }
        if let c = r.category { props.append(Self.prop("category", c)) }
        if let g = r.group { props.append(Self.prop("group", g)) }
        props += r.related.map { Self.prop("related", $0) }
        let title = Self.line(r.title, or: r.id)
        return .map([
            ("id", .string(id)),
            ("class", .string(r.catalog)),
            ("title", .string(title)),
            ("props", .list(props.compactMap { $0 })),
            ("parts", .list([.map([("id", .string(Self.statementID(id))), ("name", .string("statement")), ("prose", .string(title))])])),
        ])
    }

    /// profile.json: the requirements of the frameworks in scope (ledger.yaml `frameworks`;
    /// SOC 2 with its categories), selected from catalog.json and kept in its grouping.
    /// Throws `LedgerError` `.notFound` when a framework's catalog is not pinned.
    func profile() throws -> RecordValue {
        let scope = try inScope()
        let ids = scope.flatMap { $0.requirements.compactMap { controlIDs[$0.qualifiedID] } }
        let include: (String, RecordValue) = ids.isEmpty
            ? ("include-all", .map([]))
            : ("include-controls", .list([.map([("with-ids", .strings(ids))])]))
        let metadata = Metadata(
            title: "\(Self.line(input.config.organization, or: "evident ledger")): the requirements in scope",
            props: input.config.frameworks.compactMap { Self.prop("framework", $0.description) })
        return document(.profile, metadata, [
            ("imports", .list([.map([("href", .string(OSCALModel.catalog.fileName)), include])])),
            ("merge", .map([("as-is", .bool(true))])),
        ])
    }
}
