import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Assessment snapshots: annotated tags assessment/NAME carrying readiness and the artifact hash list.",
        subcommands: [SnapshotCreateCommand.self, SnapshotListCommand.self, SnapshotShowCommand.self, SnapshotVerifyCommand.self]
    )
}

struct SnapshotCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Tag HEAD as an assessment snapshot (never moved, optionally SSH-signed as git signs tags).",
        discussion: "KIND: \(SnapshotManifest.kinds.joined(separator: ", ")). A snapshot records the state as it is: low readiness never blocks it."
    )
    @Argument(help: "Snapshot name (the tag is assessment/NAME).") var name: String
    @Option(help: "What kind of assessment this closes.") var kind: String
    @Option(name: .customLong("framework"), help: "Frameworks to record (default: those of the kind).") var frameworks: [String] = []
    @Option(help: ArgumentHelp("Observation period (SOC 2 Type 2).", valueName: "FROM..TO")) var period: String?
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Assessment day (default today; end of --period for Type 2).", valueName: "DATE")) var asOf: String?
    @Option(help: "Who assessed (C3PAO, CPA firm, internal team).") var assessor: String?
    @Flag(help: "Sign the tag with an SSH key, as git does with gpg.format=ssh.") var sign = false
    @Option(help: ArgumentHelp("SSH key to sign with (default: git config user.signingkey).", valueName: "PATH")) var key: String?
    @Option(name: .customShort("m"), help: ArgumentHelp("A note for the tag message.", valueName: "MESSAGE")) var message: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let repo = try ledger.openLedger()
        let s = try SnapshotService(ledger: repo, environment: try ledger.environment()).create(.init(
            name: name, kind: kind, frameworks: frameworks, period: period, asOf: asOf, assessor: assessor, sign: sign, key: key, message: message))
        switch format {
        case .json: Output.json(SnapshotJSON.value(s, signer: nil))
        case .text:
            let m = s.manifest!
            Output.print("""
            Created snapshot \(s.name) (tag \(SnapshotService.tagPrefix)\(s.name)\(s.signed ? ", signed" : "")) on \(m.commit.prefix(10)), as of \(m.asOf)
            \(ReadinessSummary.lines(m).map { "  " + $0 }.joined(separator: "\n"))
              artifacts: \(m.artifacts.count), list sha256 \(m.artifactListSHA256)
            Share it with: git push origin \(SnapshotService.tagPrefix)\(s.name)
            """)
        }
    }
}

struct SnapshotListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Snapshots, oldest first: kind, date, readiness, signature.")
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let service = SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        let snapshots = try service.list()
        let signers = try snapshots.map { try service.signer(of: $0) }
        switch format {
        case .json: Output.json(.list(zip(snapshots, signers).map { SnapshotJSON.value($0, signer: $1) }))
        case .text:
            if snapshots.isEmpty {
                Output.print("No snapshots yet: 'evident snapshot create NAME --kind KIND' tags the current state.")
                return
            }
            Output.print(Output.table(["NAME", "KIND", "AS OF", "READINESS", "SIGNED"], zip(snapshots, signers).map { s, v in
                [s.name, s.manifest?.kind ?? "?", s.manifest?.asOf.description ?? "?",
                 s.manifest.map { ReadinessSummary.lines($0).joined(separator: "; ") } ?? (s.manifestProblem ?? ""),
                 SnapshotJSON.signerText(s, v)]
            }))
        }
    }
}

struct SnapshotShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One snapshot: its manifest, readiness and signature.")
    @Argument(help: "Snapshot name.") var name: String
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let service = SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment())
        let s = try service.snapshot(named: name)
        let signer = try service.signer(of: s)
        switch format {
        case .json:
            guard case .map(var pairs) = SnapshotJSON.value(s, signer: signer) else { return }
            if let m = s.manifest { pairs.append(("manifest", m.recordValue)) }
            Output.json(.map(pairs))
        case .text:
            guard let m = s.manifest else {
                Output.print("\(s.name): \(s.manifestProblem ?? "no manifest")")
                return
            }
            var lines = [
                "Snapshot \(s.name)  (tag \(SnapshotService.tagPrefix)\(s.name), \(m.kind))",
                "  commit:     \(m.commit)",
                "  as of:      \(m.asOf)\(m.period.map { ", period \($0)" } ?? "")",
                "  created:    \(m.createdAt) by \(s.tag.tagger.map { "\($0.name) <\($0.email)>" } ?? "?")",
                "  assessor:   \(m.assessor ?? "-")",
                "  signed:     \(SnapshotJSON.signerText(s, signer))",
                "  catalogs:   \(m.catalogs.map { "\($0.id)@\($0.version)" }.joined(separator: ", "))",
                "  artifacts:  \(m.artifacts.count), list sha256 \(m.artifactListSHA256)",
                "  readiness:",
            ]
            lines += ReadinessSummary.lines(m).map { "    " + $0 }
            Output.print(lines.joined(separator: "\n"))
        }
    }
}

struct SnapshotVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check one snapshot: tag, history, manifest recomputed from its tree, artifact hashes, signature. Exit 2 with findings."
    )
    @Argument(help: "Snapshot name.") var name: String
    @Option(name: .customLong("tag-object"), help: ArgumentHelp(
        "Check this tag object as assessment/NAME before any ref names it (for the pre-receive hook; also in a bare repository).", valueName: "OID"))
    var tagObject: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        // A tag object is checked from git objects only: a bare repository will do.
        let repo = tagObject == nil ? try ledger.openLedger()
            : try LedgerRepository(path: ledger.directory ?? FileManager.default.currentDirectoryPath, allowBare: true)
        let r = try SnapshotService(ledger: repo, environment: try ledger.environment()).verify(name, tagObject: tagObject)
        VerifyOutput.report(r.findings, notices: r.notices, checked: "snapshot \(name)", format: format)
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole ledger: every snapshot, every record and artifact at HEAD. Exit 2 with one line per finding."
    )
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let (count, findings, notices) = try SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment()).verifyAll()
        VerifyOutput.report(findings, notices: notices, checked: "\(count) snapshot\(count == 1 ? "" : "s") and the records at HEAD", format: format)
    }
}

enum VerifyOutput {
    /// Findings fail the check (exit 2); notices are printed (on stderr in text) and do not.
    static func report(_ findings: [String], notices: [String] = [], checked: String, format: OutputFormat) {
        switch format {
        case .json: Output.json(.map([("ok", .bool(findings.isEmpty)), ("findings", .strings(findings)), ("notices", .strings(notices))]))
        case .text:
            notices.forEach { Output.notice("notice: " + $0) }
            findings.forEach { Output.print($0) }
            if findings.isEmpty { Output.print("ok: \(checked) verified, no findings") }
        }
        if !findings.isEmpty { Foundation.exit(ExitStatus.gate) }
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export what an assessor receives.",
        subcommands: [ExportHashesCommand.self]
    )
}

struct ExportHashesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hashes",
        abstract: "The snapshot's artifact hash list (DoD CMMC artifact hashing: SHA-256 of each artifact, then of the list).",
        discussion: "Writes artifacts.sha256 ('sha256sum -c' accepts it from the ledger root) and artifacts.sha256.sha256 (the hash of the list)."
    )
    @Argument(help: "Snapshot name.") var name: String
    @Option(name: .customShort("o"), help: ArgumentHelp("Output folder (default: evident-hashes-NAME).", valueName: "DIR")) var output: String?
    @OptionGroup var ledger: LedgerOptions

    func run() throws {
        let cwd = ledger.directory ?? FileManager.default.currentDirectoryPath
        let dir = output.map { $0.hasPrefix("/") ? $0 : cwd + "/" + $0 } ?? cwd + "/evident-hashes-\(name)"
        let r = try SnapshotService(ledger: try ledger.openLedger(), environment: try ledger.environment()).exportHashes(name, to: dir)
        Output.print("""
        Wrote \(r.count) artifact hashes to \(r.list)
          and the hash of the list (\(r.listSHA256)) to \(r.hash)
        Check them from the ledger root with the snapshot's commit checked out: sha256sum -c \(r.list)
        """)
    }
}

enum ReadinessSummary {
    static func lines(_ m: SnapshotManifest) -> [String] {
        (m.readiness.listValue ?? []).map { f in
            let id = f["id"]?.stringValue ?? "?"
            let status = f["status"]?.stringValue ?? "?"
            switch id {
            case "cmmc-l2": return "CMMC Level 2: " + (f["score"]?.intValue.map { "SPRS \($0)/110" } ?? "no score") + ", \(status)"
            case "cmmc-l1": return "CMMC Level 1: \(f["met"]?.intValue ?? 0)/\(f["total"]?.intValue ?? 15) MET, \(status)"
            case "soc2": return "SOC 2 Type \(f["type"]?.intValue ?? 1): \(f["ready"]?.intValue ?? 0)/\(f["total"]?.intValue ?? 0) ready, \(status)"
            default: return "\(id): \(status)"
            }
        }
    }
}

enum SnapshotJSON {
    static func signerText(_ s: Snapshot, _ verdict: SSHSignature.Verdict?) -> String {
        guard s.signed else { return "no" }
        switch verdict {
        case .good(let principal, let fingerprint)?: return "yes, by \(principal) (\(fingerprint))"
        case .bad(let reason)?: return "yes, NOT VERIFIED: \(reason)"
        case nil: return "yes"
        }
    }

    static func value(_ s: Snapshot, signer: SSHSignature.Verdict?) -> RecordValue {
        var signerValue: RecordValue = .null
        var verified: RecordValue = .null
        if case .good(let principal, _)? = signer {
            signerValue = .string(principal)
            verified = .bool(true)
        } else if case .bad? = signer {
            verified = .bool(false)
        }
        return .map([
            ("name", .string(s.name)),
            ("tag", .string(SnapshotService.tagPrefix + s.name)),
            ("kind", .optional(s.manifest?.kind)),
            ("commit", .string(s.tag.target.hex)),
            ("as_of", .optional(s.manifest?.asOf.description)),
            ("created_at", .optional(s.manifest?.createdAt.description)),
            ("period", s.manifest?.period.map { .map([("from", .string($0.from.description)), ("to", .string($0.to.description))]) } ?? .null),
            ("readiness", s.manifest?.readiness.listValue.map { list in .list(list.map { f in
                .map((f.mapPairs ?? []).filter { $0.0 != "requirements" && $0.0 != "criteria" })
            }) } ?? .null),
            ("artifacts", .int(s.manifest?.artifacts.count ?? 0)),
            ("artifact_list_sha256", .optional(s.manifest?.artifactListSHA256)),
            ("signed", .bool(s.signed)),
            ("signature_verified", verified),
            ("signer", signerValue),
        ])
    }
}
