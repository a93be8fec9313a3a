import Foundation

/// The one way evident spreads work over the cores: maps an array, keeping its order.
///
/// Workers take items in batches from a shared counter, so a slow item does not hold back the
/// others. Each result is written by exactly one worker into its own slot of a preallocated
/// buffer (distinct memory, so no data race), and the first error stops the others and is
/// thrown. `makeWorker` builds per-thread state once per worker (for example a repository
/// handle: libgit2 objects are never shared between threads).
public enum ConcurrentMap {
    /// The number of threads worth starting for `count` items taken `batch` at a time.
    public static func workers(for count: Int, batch: Int) -> Int {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return max(1, min(cores, count / max(1, batch)))
    }

    /// Maps `items` with per-worker state; serially, on this thread, when one worker suffices.
    public static func map<T, U, W>(
        _ items: [T], batch: Int = 64,
        worker makeWorker: () throws -> W,
        _ transform: (inout W, T) throws -> U
    ) throws -> [U] {
        let threads = workers(for: items.count, batch: batch)
        if threads == 1 {
            var state = try makeWorker()
            return try items.map { try transform(&state, $0) }
        }
        let shared = SharedResults<U>(items.count)
        defer { shared.release() }
        try withoutActuallyEscaping(makeWorker) { makeWorker in
            try withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let makeWorker = makeWorker, transform = transform
                items.withUnsafeBufferPointer { buffer in
                    nonisolated(unsafe) let buffer = buffer
                    DispatchQueue.concurrentPerform(iterations: threads) { _ in
                        var state: W
                        do { state = try makeWorker() } catch {
                            shared.fail(error)
                            return
                        }
                        while let range = shared.take(batch) {
                            for i in range {
                                do { shared.set(i, try transform(&state, buffer[i])) } catch {
                                    shared.fail(error)
                                    return
                                }
                            }
                        }
                    }
                }
                if let error = shared.error { throw error }
            }
        }
        return shared.values()
    }

    /// Maps `items` with a pure transform (parsing, hashing, stat calls).
    public static func map<T, U>(_ items: [T], batch: Int = 256, _ transform: (T) throws -> U) throws -> [U] {
        try map(items, batch: batch, worker: { () }, { _, item in try transform(item) })
    }

    /// Maps `items` with a pure transform that cannot fail.
    public static func map<T, U>(_ items: [T], batch: Int = 256, _ transform: (T) -> U) -> [U] {
        // The closure cannot throw, so neither can the map.
        (try? map(items, batch: batch, worker: { () }, { _, item in transform(item) })) ?? items.map(transform)
    }
}

/// Results by index, the work counter and the first error, shared by the workers of one map.
private final class SharedResults<U>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private let slots: UnsafeMutablePointer<U?>
    private var firstError: (any Error)?

    init(_ count: Int) {
        self.count = count
        slots = .allocate(capacity: max(1, count))
        slots.initialize(repeating: nil, count: count)
    }

    func release() {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    var error: (any Error)? {
        lock.lock(); defer { lock.unlock() }
        return firstError
    }

    /// The next batch of indexes, or nil when the items are used up or a worker failed.
    func take(_ n: Int) -> Range<Int>? {
        lock.lock(); defer { lock.unlock() }
        guard firstError == nil, next < count else { return nil }
        let r = next..<min(count, next + n)
        next = r.upperBound
        return r
    }

    /// Index `i` belongs to the worker that took it: no other thread touches this slot.
    func set(_ i: Int, _ value: U) {
        (slots + i).pointee = value
    }

    func fail(_ e: any Error) {
        lock.lock(); defer { lock.unlock() }
        if firstError == nil { firstError = e }
    }

    /// Every value, once all workers are done and none failed.
    func values() -> [U] {
        var out = [U]()
        out.reserveCapacity(count)
        for i in 0..<count {
            if let v = slots[i] { out.append(v) }
        }
        return out
    }
}
