/// The version of the rules readiness is computed by. A snapshot records the version its
/// readiness was judged under (`readiness_rules` in its manifest), so that `verify` can tell a
/// manifest that was edited from one judged by an earlier evident under rules that have since
/// been corrected: only a manifest of the current version must equal its recomputation.
///
/// Raise `version` in the change that makes the same tree and day give a different readiness
/// result, and say here what changed.
///
/// - 1: the rules of evident's first releases (manifests without `readiness_rules` are version 1).
/// - 2: SOC 2 Type 1 holds every mapped control to the rule of a CMMC requirement (one planned
///   control makes a criterion not ready), and a criterion whose mapped controls are all not
///   applicable is N/A, not a gap (soc2-rules.md §2).
///   CMMC Level 2: open POA&M items keep an all-MET result Conditional (cmmc-rules.md §12.3), a
///   not-applicable SSP control scores 3.12.4 NOT MET (§12.4), partial credit for 3.5.3 and
///   3.13.11 with several controls follows §12.5, and 3.12.2's reason names the requirements
///   without a plan (§12.6).
/// - 3: the assessed result no longer reads the closeout clock: a Conditional result stays
///   conditional after 180 days, and what expired is the status held, computed from the
///   snapshots of one assessment type (cmmc-rules.md §12.1, §12.2).
///   SOC 2 Type 2 tests each control as an auditor does (soc2-rules.md §3, §5): the
///   occurrences of weekly to annual controls are the calendar intervals wholly inside the
///   period (partial ones at the edges are listed, not tested), one record evidences one
///   occurrence at most and must be collected in the interval or within the grace after it,
///   daily and continuous controls need every day covered, on_event controls need an event
///   record or a no-occurrence record covering the period, and each control reports its
///   occurrences, evidenced count and likely sample. No-occurrence records never count as
///   evidence for CMMC or SOC 2 Type 1.
///   CMMC Level 2: a NOT MET requirement covered by an open enduring exception that names its
///   SSP section, or by an open temporary deficiency with a dated action, is scored MET (never
///   3.12.4), and such a temporary deficiency is a plan of action for 3.12.2 (cmmc-rules.md §12.6,
///   §12.7; 32 CFR 170.24(b)(1)(i)-(ii)).
public enum ReadinessRules {
    public static let version = 3
}
