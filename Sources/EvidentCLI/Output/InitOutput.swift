import Foundation
import Ledger
import LedgerCore

/// What `init` commands print.
enum InitOutput {
    /// A new ledger.
    static func created(_ result: InitService.Result, format: OutputFormat) {
        switch format {
        case .json:
            Output.json(.map([
                ("root", .string(result.root)),
                ("commit", .string(result.commit.hex)),
                ("organization", .string(result.config.organization)),
                ("frameworks", .strings(result.config.frameworks.map(\.id))),
                ("hooks", .strings(result.hooks)),
                ("controls", .int(result.controls)),
            ]))
        case .text:
            Output.print("""
            Created the ledger of \(result.config.organization) in \(result.root)
              frameworks: \(result.config.frameworks.map(\.description).joined(separator: ", "))
              commit:     \(result.commit.short) (\(Layout.configPath), pinned catalogs in \(CatalogStore.folder)/\(result.controls > 0 ? ", \(result.controls) starter controls" : ""))
            \(result.hooks.map { "  hooks:      " + $0 }.joined(separator: "\n"))
            Next: evident -C \(result.root) evidence add FILE --control ID --title TEXT
            """)
        }
    }
}
