/// Draws the auditor's sample from a control's population (soc2-rules.md §5: "a sample is drawn
/// from the occurrences ... deterministically from a seed that is recorded with it, so the same
/// ledger and seed always give the same sample").
public enum SampleDraw {
    /// The seed used when none is given: a digest (64-bit FNV-1a) of the ledger (organization and
    /// creation time, the same in every clone) and the period, so the same ledger and period draw
    /// the same sample everywhere. Kept below 2^53 so it reads back exactly from JSON.
    public static func defaultSeed(organization: String, createdAt: Timestamp, period: EvidenceRecord.Period) -> UInt64 {
        fnv1a("\(organization)\n\(createdAt)\n\(period)") & ((1 << 53) - 1)
    }

    /// `size` distinct indices of `0..<count`, in increasing order: a partial Fisher-Yates shuffle
    /// driven by SplitMix64 seeded with the seed and the control's id (so one control's sample
    /// does not change when another control is added). All of them when `size >= count`.
    public static func draw(count: Int, size: Int, seed: UInt64, control: String) -> [Int] {
        guard count > 0, size > 0 else { return [] }
        if size >= count { return Array(0..<count) }
        var rng = SplitMix64(seed: seed ^ fnv1a(control))
        var indices = Array(0..<count)
        for i in 0..<size {
            let j = i + rng.below(count - i)
            indices.swapAt(i, j)
        }
        return indices[0..<size].sorted()
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}
