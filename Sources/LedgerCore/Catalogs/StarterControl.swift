import Foundation

/// A control of the starter library that `evident init --starter-controls` can write into a new
/// ledger. Every starter control is `planned`: the organisation adopts, edits and implements it.
public struct StarterControl: Sendable, Hashable {
    /// Control id, `^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`, e.g. `IAM-MFA`.
    public var id: String
    public var title: String
    public var description: String
    /// One of `StarterControl.frequencies`.
    public var frequency: String
    /// Always `planned` for the starter library.
    public var status: String
    /// Catalog id -> canonical requirement ids in that catalog, in catalog order.
    public var maps: [String: [String]]
    /// Scoring attributes: `mfa_scope` (on the control mapping 3.5.3) and `encryption` (on the
    /// control mapping 3.13.11).
    public var attributes: [String: String]

    public init(
        id: String, title: String, description: String, frequency: String,
        status: String = "planned", maps: [String: [String]], attributes: [String: String] = [:]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.frequency = frequency
        self.status = status
        self.maps = maps
        self.attributes = attributes
    }

    /// The frequencies a control may have, shortest first.
    public static let frequencies = ControlFrequency.allCases.map(\.rawValue)

    /// Allowed values of the `mfa_scope` attribute (32 CFR 170.24(c)(2)(i)(B)(4), IA.L2-3.5.3).
    public static let mfaScopes = ["all", "remote_and_privileged", "none"]

    /// Allowed values of the `encryption` attribute (32 CFR 170.24(c)(2)(i)(B)(4), SC.L2-3.13.11).
    public static let encryptionValues = ["fips_validated", "not_fips_validated", "none"]

    /// Whether `id` matches `^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$`.
    public static func isValidID(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first?.first, first.isASCII, first.isUppercase else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
        }
    }

    /// Every `catalog:id` this control maps, catalogs in sorted order.
    public var qualifiedMaps: [String] {
        maps.keys.sorted().flatMap { catalog in maps[catalog, default: []].map { catalog + ":" + $0 } }
    }
}
