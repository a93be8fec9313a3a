import GitStore

/// `GitStore.ConcurrentMap` for the command layer, which does not import GitStore: the one
/// parallel map, order kept, on every core.
public enum Parallel {
    /// Maps `items` with a pure transform, `batch` items at a time per worker.
    public static func map<T, U>(_ items: [T], batch: Int = 1, _ transform: (T) -> U) -> [U] {
        ConcurrentMap.map(items, batch: batch, transform)
    }
}
