import Foundation
import Ledger
import LedgerCore

/// What `signers` commands print.
enum SignersOutput {
    /// The allowed signers at HEAD.
    static func list(_ listing: SignersService.Listing, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.list(listing.signers.map { s in
                .map([
                    ("principal", .string(s.principals)),
                    ("key_type", .string(s.key.type)),
                    ("fingerprint", .string(s.fingerprint)),
                    ("namespaces", s.namespaces.map { .list($0.map(RecordValue.string)) } ?? .null),
                ])
            }))
        case .text:
            if listing.signers.isEmpty {
                Output.print("No allowed signers: add one with 'evident signers add PRINCIPAL KEY.pub'.")
                return
            }
            Output.print(Output.table(["PRINCIPAL", "KEY-TYPE", "FINGERPRINT"],
                                      listing.signers.map { [$0.principals, $0.key.type, $0.fingerprint] }))
        }
    }
}
