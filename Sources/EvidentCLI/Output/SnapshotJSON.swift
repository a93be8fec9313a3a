import Foundation
import Ledger
import LedgerCore

/// Snapshots as JSON values, and their signature state in words.
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
            ("commit", .string(s.commit.hex)),
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
