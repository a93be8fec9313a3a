import Foundation
import GitStore

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

extension ParallelMap {
    /// Maps `items` on every core where each worker thread reads git objects through its own
    /// repository handle on `gitDirectory` (libgit2 handles are never shared between threads).
    /// Workers take items in small batches from a shared counter, so a slow item does not hold
    /// back the others; results keep the order of `items`. The first error is thrown.
    static func mapReading<T: Sendable, U: Sendable>(_ items: [T], gitDirectory: String, batch: Int = 32,
                                                     _ transform: @Sendable (Repository, T) throws -> U) throws -> [U] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let workers = min(cores, max(1, items.count / batch))
        let results = ParallelResults<U>(items.count)
        items.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let repository: Repository
                do { repository = try Repository(at: gitDirectory) } catch {
                    results.fail(error)
                    return
                }
                while let range = results.take(batch), !results.failed {
                    for i in range {
                        do { results.set(i, try transform(repository, buffer[i])) } catch {
                            results.fail(error)
                            return
                        }
                    }
                }
            }
        }
        if let error = results.error { throw error }
        return results.values.map { $0! }
    }
}

/// Results by index, a work counter and the first error, shared by the workers of `mapReading`.
private final class ParallelResults<U>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private(set) var values: [U?]
    private(set) var error: (any Error)?

    init(_ n: Int) { values = Array(repeating: nil, count: n) }

    var failed: Bool {
        lock.lock(); defer { lock.unlock() }
        return error != nil
    }

    func take(_ n: Int) -> Range<Int>? {
        lock.lock(); defer { lock.unlock() }
        guard next < values.count else { return nil }
        let r = next..<min(values.count, next + n)
        next = r.upperBound
        return r
    }

    /// Each index is written by exactly one worker; the lock orders the writes to the array.
    func set(_ i: Int, _ value: U) {
        lock.lock(); defer { lock.unlock() }
        values[i] = value
    }

    func fail(_ e: any Error) {
        lock.lock(); defer { lock.unlock() }
        if error == nil { error = e }
    }
}

/// One result array per chunk; each chunk writes only its own slot.
private final class ParallelSlots<U>: @unchecked Sendable {
    var slots: [[U]]
    init(_ n: Int) { slots = Array(repeating: [], count: n) }
}
