import ArgumentParser
import Foundation
import Ledger
import LedgerCore

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum PoamStatusFilter: String, ExpressibleByArgument, CaseIterable {
    case open, closed, all
}
