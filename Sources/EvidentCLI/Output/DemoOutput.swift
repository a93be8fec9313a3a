import Ledger
import LedgerCore

/// What `demo` prints: the ledger it built and what to try next.
enum DemoOutput {
    static func built(_ result: DemoService.Result) {
        let rows = result.evidence.map { [$0.id, $0.collectedAt.day.description, $0.controls.joined(separator: ","), $0.title] }
        Output.print("""
        Built a demo ledger for Northwind Aerospace Systems in \(result.root)
        (\(result.commits) commits, \(result.evidence.count + result.generated) evidence records; CMMC Level 2 and SOC 2 security, availability, confidentiality)

        \(Output.table(["EVIDENCE", "COLLECTED", "CONTROLS", "TITLE"], rows))

        Try next:
          cd \(result.root)
          evident evidence list                       # what is in the ledger
          evident evidence show \(result.evidence.first?.id ?? "ID")     # one record, its artifacts and hashes
          evident readiness                           # SPRS score, CMMC status, SOC 2 Type 1 gaps
          evident readiness --framework soc2 --type 2 --period \(result.period)
          evident readiness --explain 3.13.11         # why one requirement stands where it does
          evident exception list                      # an enduring exception and a temporary deficiency
          evident calendar                            # closeout, reassessment and affirmation due dates
          evident calendar --format ics -o ../compliance.ics  # the same dates for a calendar application
          evident export sprs                         # the fields to type into SPRS for the latest snapshot
          evident export ssp --format html -o ../ssp.html  # the System Security Plan, one printable page
          evident export oscal -o ../oscal            # catalog, profile, SSP, assessment results, POA&M in OSCAL
          evident snapshot list                       # the two assessment snapshots
          evident diff \(result.snapshots.joined(separator: " "))    # what changed between them, and why
          evident history 3.6.3                       # one requirement across snapshots and commits
          evident verify                              # re-check every snapshot, record and artifact
          evident log                                 # who committed what, when
          evident validate                            # re-hash every artifact, check every record
          git log --format='%h %an %s%n%(trailers)'   # the same history, with plain git
        """)
    }
}
