import Ledger
import LedgerCore
import Testing

/// Use-case errors name inputs by field; the front end words them (the CLI as flags).
struct InputErrorTests {
    @Test func fieldsStayApartFromTheText() {
        let e = InputError.invalid("\(field: .validUntil) '2026-13-01' is not a date: write YYYY-MM-DD")
        #expect(e.description == "valid_until '2026-13-01' is not a date: write YYYY-MM-DD")
        #expect(e.message.text { "--" + $0.name.replacingOccurrences(of: "_", with: "-") } == "--valid-until '2026-13-01' is not a date: write YYYY-MM-DD")
        #expect(e.message.parts.first == .field(.validUntil))
    }

    @Test func mapsToTheLedgerErrorOfItsKind() {
        let e = InputError.usage("name at least one control with \(field: .control) ID")
        #expect(LedgerRuntime.ledgerError(for: e) == LedgerError(.usage, "name at least one control with control ID"))
        let joined = InputError.notFound("\(field: .control) X: no such control" + "; add it")
        #expect(joined.description == "control X: no such control; add it")
    }
}
