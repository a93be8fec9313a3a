import Foundation

/// Maps an array on every core, keeping order. For pure work only (parsing, hashing): never
/// touch libgit2 objects inside `transform`.
enum ParallelMap {
    static func map<T: Sendable, U: Sendable>(_ items: [T], minimumChunk: Int = 256, _ transform: @Sendable (T) -> U) -> [U] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard cores > 1, items.count >= minimumChunk * 2 else { return items.map(transform) }
        let chunks = min(cores * 4, (items.count + minimumChunk - 1) / minimumChunk)
        let size = (items.count + chunks - 1) / chunks
        let results = ParallelSlots<U>(chunks)
        items.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = c * size
                let hi = min(items.count, lo + size)
                guard lo < hi else { return }
                var out = [U]()
                out.reserveCapacity(hi - lo)
                for i in lo..<hi { out.append(transform(buffer[i])) }
                results.slots[c] = out // each chunk writes only its own slot
            }
        }
        return results.slots.flatMap { $0 }
    }
}

/// One result array per chunk; each chunk writes only its own slot.
private final class ParallelSlots<U>: @unchecked Sendable {
    var slots: [[U]]
    init(_ n: Int) { slots = Array(repeating: [], count: n) }
}
