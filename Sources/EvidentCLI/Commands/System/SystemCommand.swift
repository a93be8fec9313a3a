import ArgumentParser
import Foundation
import Ledger
import LedgerCore

struct SystemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "system",
        abstract: "Describe the information system once, for the SSP, SPRS and OSCAL exports.",
        discussion: """
        The system section of .evident/ledger.yaml: name, description, boundary, environments, \
        scope (enterprise, enclave or contract), cage_codes, ssp (version, date) and roles \
        (system_owner, affirming_official, security_contact: each name, title, email).
        """,
        subcommands: [SystemShowCommand.self, SystemSetCommand.self]
    )
}
