/// The sample a service auditor is likely to test from one control's population over a Type 2
/// period (soc2-rules.md §5: practitioner guidance, not AICPA text; firms differ).
///
/// - The defaults are the table of §5: annual 1, semiannual 1, quarterly 2, monthly 2, weekly 5,
///   daily 25, continuous 25; on_event 10% of the population (the event records in the period),
///   rounded up, at least 3 and at most 30, and all of them when there are fewer than 3.
/// - A ledger overrides any of them in `policy.sample_sizes` (ledger.yaml); for on_event the
///   override is a fixed number in place of the 10% rule.
/// - A sample never exceeds the population: practitioners test every occurrence when there are
///   fewer than the table asks for (two quarters in a six-month period give a sample of 2; a
///   four-month period with one whole quarter gives 1). An empty population gives 0.
public enum SampleSizes {
    /// soc2-rules.md §5, the "default here" column (on_event is computed, see `sample`).
    public static let defaults: [ControlFrequency: Int] = [
        .annual: 1, .semiannual: 1, .quarterly: 2, .monthly: 2, .weekly: 5, .daily: 25, .continuous: 25,
    ]

    /// The likely sample for `population` occurrences (for on_event: event records) of a control
    /// of `frequency`, with the ledger's `overrides`.
    public static func sample(_ frequency: ControlFrequency, population: Int, overrides: [ControlFrequency: Int] = [:]) -> Int {
        guard population > 0 else { return 0 }
        if let n = overrides[frequency] { return min(max(n, 1), population) }
        if frequency == .onEvent {
            // All when fewer than 3; else 10% rounded up (45 events: 4.5 -> 5), within 3...30.
            if population < 3 { return population }
            let tenth = population / 10 + (population % 10 == 0 ? 0 : 1)
            return min(min(30, max(3, tenth)), population)
        }
        return min(defaults[frequency] ?? 1, population)
    }
}
