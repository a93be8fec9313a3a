import Foundation
import Ledger
import LedgerCore

/// `evident export bundle`: the files of the bundle rendered from what `BundleService` gathered
/// (the documents with the renderers of their own exports), its README.txt, and what the
/// command prints; `evident verify --bundle`: what it found.
enum BundleOutput {
    /// Every file of the bundle but the evidence and SHA256SUMS (which `BundleService.zip` adds,
    /// reading the evidence from git as it writes it).
    static func files(_ c: BundleService.Contents) throws -> [(path: String, data: Data)] {
        var files: [(path: String, data: Data)] = [
            (EvidenceBundle.manifest, c.manifestFile),
            (EvidenceBundle.manifestHash, Data(EvidenceBundle.manifestHashText(c.manifestSHA256).utf8)),
            (DoDHashLog.artifactsLogName, c.dodLogs.artifactsLog),
            (DoDHashLog.logHashName, c.dodLogs.logHash),
        ]
        if c.audience == .soc2 {
            let csv = CSVText.document(header: EvidenceBundle.withheldColumns, rows: EvidenceBundle.withheldRows(c.withheld))
            files.append((EvidenceBundle.withheld, Data(csv.utf8)))
        }
        // The documents do not depend on each other: rendered on every core (the SSP of a 100k
        // ledger takes seconds each as Markdown and as HTML).
        var renders = [(path: String, render: () throws -> Data)]()
        func document(_ d: EvidenceBundle.Document, _ text: @escaping () throws -> String) { renders.append((d.path, { Data(try text().utf8) })) }
        if let plan = c.ssp {
            document(.sspMarkdown) { SSPMarkdown.render(plan) }
            document(.sspHTML) { try SSPHTML.render(plan) }
        }
        if let poam = c.poam {
            document(.poamCSV) { PoamExportOutput.csv(poam) }
            document(.poamJSON) { PoamExportOutput.json(poam) }
        }
        if let sprs = c.sprs {
            document(.sprsText) { SPRSOutput.text(sprs, latest: false) }
            document(.sprsJSON) { SPRSOutput.json(sprs) }
        }
        for d in c.oscal?.documents ?? [] {
            renders.append((EvidenceBundle.oscalPath(d.model), { ExportOutput.oscalJSON(d.document) }))
        }
        for (r, data) in Swift.zip(renders, Parallel.map(renders) { r in Result { try r.render() } }) {
            files.append((r.path, try data.get()))
        }
        files.append((EvidenceBundle.readme, Data(readme(c, documents: Set(files.map(\.path))).utf8)))
        return files
    }

    /// Notices for what the bundle leaves out and why, in the order README.txt gives them.
    static func absences(_ c: BundleService.Contents) -> [String] {
        var out = [String]()
        if let why = c.sprsAbsence { out.append("note: documents/sprs.txt and sprs.json are left out of the bundle: \(why)") }
        if let why = c.oscalAbsence { out.append("note: the OSCAL documents are left out of the bundle: \(why)") }
        for s in c.oscal?.skipped ?? [] { out.append("note: \(EvidenceBundle.oscalPath(s.model)) is left out of the bundle: \(s.reason)") }
        return out
    }

    /// A paragraph wrapped at 92 columns, each line indented by `indent` spaces, the first one
    /// starting with `first` instead when given (a step's number). Runs of spaces are kept.
    static func wrap(_ text: String, indent: Int = 4, first: String? = nil) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines = [String]()
        var line = ""
        var lead = first ?? pad
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && lead.count + line.count + 1 + word.count > 92 {
                lines.append(lead + line)
                lead = pad
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(lead + line) }
        return lines.joined(separator: "\n")
    }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String { "\(n) \(n == 1 ? one : many ?? one + "s")" }

    /// README.txt: what the bundle is, what each file is, and how to check it with stock tools
    /// and with evident. Nothing in it depends on when or where the bundle was made.
    static func readme(_ c: BundleService.Contents, documents present: Set<String>) -> String {
        let m = c.manifest
        let name = c.snapshot
        let hashValue = c.dodLogs.hashValue
        var out = [String]()
        func section(_ title: String) { out += ["", title, String(repeating: "=", count: title.count), ""] }
        func item(_ names: String, _ text: String) { out += [names, wrap(text), ""] }

        out.append("Evidence bundle of snapshot \(name) (\(m.kind)), \(c.organization), as of \(m.asOf)")
        out.append("")
        switch c.audience {
        case .cmmc:
            out.append(wrap("For a CMMC assessor: every artifact and record of the snapshot, its manifest and DoD hash logs, and the documents computed at the snapshot (SSP, POA&M, SPRS entry, OSCAL: each is described below, or why it is not here).", indent: 0))
        case .soc2:
            out.append(wrap("For a SOC 2 CPA firm, which is not the assessor of CUI: the artifacts classified cui (\(plural(c.withheld.count, "artifact")) of \(plural(c.withheldRecords, "evidence record"))) and their records are left out and listed in \(EvidenceBundle.withheld) by id and hash only. The CMMC documents (SSP, POA&M, SPRS entry, OSCAL) are left out too: they describe the CUI environment and its open weaknesses, and are no part of a SOC 2 examination ('evident export workpapers' makes the SOC 2 workpapers). The manifest and the DoD logs stay as the snapshot recorded them: they name paths and hashes only, and they hold this bundle to the snapshot.", indent: 0))
        }
        out.append("")
        out.append(wrap("The snapshot is the annotated git tag assessment/\(name) on commit \(m.commit) (tree \(m.tree)), taken \(m.createdAt) with evident \(m.evidentVersion). The bundle was made from git objects at that commit by evident \(EvidentVersion.current) ('evident export bundle \(name) --for \(c.audience.rawValue)'); the same snapshot always gives the same bundle, byte for byte. Every file in it is dated \(m.asOf) 00:00, the day the snapshot judges.", indent: 0))

        section("What each file is")
        item(EvidenceBundle.manifest, "The snapshot's manifest, exactly as the tag's message records it: kind, frameworks, as-of day, readiness results, catalog versions, and every artifact with its SHA-256 and size (\(plural(c.manifestArtifacts, "artifact"))). Its artifacts.list_sha256, \(m.artifactListSHA256), is the SHA-256 of that list written one '<sha256>  <path>' line per artifact, sorted by path.")
        item(EvidenceBundle.manifestHash, "The SHA-256 of manifest.json: \(c.manifestSHA256).")
        item(DoDHashLog.artifactsLogName, "The DoD CIO's artifact hash log of the snapshot's \(plural(c.dodLogs.count, "artifact")), in the layout of ArtifactHash.ps1 v1.11 (paths relative to the ledger root, which is this bundle's root), as 'evident export hashes \(name) --format dod' writes it. For CMMC eMASS: Hashed Data List \(c.dodLogs.hashedDataList), Hash Value \(hashValue)." + (c.audience == .soc2 && !c.withheld.isEmpty ? " It lists the withheld files too (path and hash only)." : ""))
        item(DoDHashLog.logHashName, "The same table for the one file \(DoDHashLog.artifactsLogName): its SHA-256, \(hashValue).")
        item("evidence/YYYY/MM/EVIDENCE-ID/record.yaml", "The \(plural(c.records, "evidence record")): what each piece of evidence is, who collected it and when, the period it covers, the controls it serves, its classification, and its artifacts' SHA-256.")
        item("evidence/YYYY/MM/EVIDENCE-ID/...", "The \(plural(c.artifacts, "artifact")), at their paths in the ledger, byte for byte as committed.")
        if c.audience == .soc2 {
            item(EvidenceBundle.withheld, "The \(plural(c.withheld.count, "artifact")) left out because \(c.withheld.count == 1 ? "its evidence is" : "their evidence is") classified cui: evidence id, path, SHA-256 and size, as the manifest records them (CSV, RFC 4180, UTF-8). The records of that evidence are left out with them.")
        }
        let docs = EvidenceBundle.Document.self
        if present.contains(docs.sspMarkdown.path) {
            item("documents/ssp.md, documents/ssp.html", "The System Security Plan at the snapshot (CA.L2-3.12.4), as 'evident export ssp --at \(name)' writes it: Markdown, and one self-contained HTML file that prints.")
        }
        if present.contains(docs.poamCSV.path) {
            item("documents/poam.csv, documents/poam.json", "The plan of action and milestones at the snapshot, as 'evident export poam --at \(name)' writes it (the CSV is RFC 4180, UTF-8 with a byte order mark).")
        }
        if present.contains(docs.sprsText.path) {
            item("documents/sprs.txt, documents/sprs.json", "What is typed into SPRS for this snapshot, as 'evident export sprs \(name)' writes it.")
        } else if let why = c.sprsAbsence {
            item("documents/sprs.txt, documents/sprs.json", "Not in this bundle: \(why).")
        }
        if let oscal = c.oscal {
            item(oscal.documents.map { EvidenceBundle.oscalPath($0.model) }.joined(separator: ", "), "The OSCAL \(OSCALExport.oscalVersion) documents at the snapshot, as 'evident export oscal --at \(name) -o DIR' writes them; they refer to each other by relative href."
                 + oscal.skipped.map { " \($0.model.fileName) is not in this bundle: \($0.reason)." }.joined())
        } else if let why = c.oscalAbsence {
            item("oscal/", "Not in this bundle: \(why).")
        }
        item(EvidenceBundle.sums, "The SHA-256 of every other file in the bundle, this README included, as sha256sum writes it.")
        item(EvidenceBundle.readme, "This file.")

        section("How to check it")
        func step(_ n: Int, _ text: String) { out += [wrap(text, indent: 3, first: "\(n). "), ""] }
        func command(_ text: String) { out += ["       " + text, ""] }
        func more(_ text: String) { out += [wrap(text, indent: 3), ""] }
        step(1, "Every file, with stock tools, where FILE.zip is this bundle under the name it was received as:")
        command("unzip FILE.zip -d bundle && cd bundle && sha256sum -c SHA256SUMS")
        more("Every line must end in OK (on macOS: shasum -a 256 -c SHA256SUMS). 'sha256sum -c \(EvidenceBundle.manifestHash)' checks the manifest the same way.")
        step(2, "The DoD logs, in PowerShell, in the same folder:")
        command("Get-FileHash -Algorithm SHA256 \(DoDHashLog.artifactsLogName)")
        var dod = "must print the Hash Value \(hashValue), which \(DoDHashLog.logHashName) records (and CMMC eMASS, for a CMMC assessment). Each row of \(DoDHashLog.artifactsLogName) must be what Get-FileHash prints for that file"
        dod += c.audience == .soc2 && !c.withheld.isEmpty ? " (the withheld files excepted: they are not here)" : ""
        if let example = c.evidence.first(where: { !$0.path.hasSuffix("/" + EvidenceRecord.fileName) })?.path {
            more(dod + ", as in")
            command("Get-FileHash -Algorithm SHA256 \(example)")
        } else {
            more(dod + ".")
        }
        more("The DoD's ArtifactHash.ps1, run over the bundle's evidence folder, writes a log that 'evident verify \(name) --hash-log FILE' holds to the snapshot in the ledger.")
        step(3, "All of it at once, offline, without the ledger:")
        command("evident verify --bundle FILE.zip")
        more("It checks every file against the manifest (a withheld file must be absent and listed with the manifest's hash), the manifest against its hash and its artifact list against list_sha256, the DoD logs against the files and each other, and SHA256SUMS against every file. It exits 0 when the bundle is intact, and 2 with one line per finding.")
        step(4, "Against the ledger: 'evident snapshot verify \(name)' re-checks the snapshot itself (its tree, records, manifest and signature), and the manifest its tag records is manifest.json:")
        command("git cat-file tag assessment/\(name) | sed -n '/^-----BEGIN EVIDENT MANIFEST-----$/,/^-----END EVIDENT MANIFEST-----$/p' | sed '1d;$d' | sha256sum")
        more("prints \(c.manifestSHA256).")
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// What `export bundle` prints once the ZIP is written.
    static func written(_ c: BundleService.Contents, files: Int, bytes: Int, path: String) -> String {
        let who = c.audience == .cmmc ? "a CMMC assessor" : "a SOC 2 CPA firm (\(plural(c.withheld.count, "CUI artifact")) withheld)"
        // Written to standard output (-o -): the check names the file it is saved to.
        let shown = path == "-" ? "standard output" : path
        let check = path == "-" ? "Check it, once saved as FILE.zip, with 'evident verify --bundle FILE.zip'" : "Check it with 'evident verify --bundle \(path)'"
        return """
        Wrote \(shown): snapshot \(c.snapshot) for \(who), \(plural(files, "file")) (\(plural(c.artifacts, "artifact")), \(plural(c.records, "record"))), \(bytes) bytes
          manifest.json sha256 \(c.manifestSHA256)
          Hash Value (\(DoDHashLog.artifactsLogName)): \(c.dodLogs.hashValue)
        \(check), or unzip it and run 'sha256sum -c SHA256SUMS' in it
        """
    }

    /// `verify --bundle`: one line per finding, or that all is well.
    static func verified(_ r: EvidenceBundle.CheckResult, file: String, format: OutputFormat) throws {
        let name = r.manifest.map { "snapshot \($0.name)" } ?? "no readable manifest"
        let checked = "bundle \(file) (\(name), \(plural(r.files, "file"))\(r.withheld > 0 ? ", \(plural(r.withheld, "CUI artifact")) withheld" : ""))"
        try VerifyOutput.report(r.findings.map(\.description), checked: checked, format: format,
                                extra: [("bundle", .map([("file", .string(file)), ("snapshot", .optional(r.manifest?.name)),
                                                         ("files", .int(r.files)), ("withheld", .int(r.withheld))]))])
    }
}
