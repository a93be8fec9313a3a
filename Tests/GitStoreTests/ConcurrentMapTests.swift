import Foundation
import GitStore
import Testing
import TestSupport

/// The one concurrent map: order kept, per-worker state built once per thread, the first error
/// thrown. `make test` also runs this suite under the thread sanitizer.
@Suite struct ConcurrentMapTests {
    struct Boom: Error, Equatable { let item: Int }

    @Test func keepsTheOrderOfItsInput() {
        let items = Array(0..<10_000)
        let squares = ConcurrentMap.map(items, batch: 16) { $0 * $0 }
        #expect(squares == items.map { $0 * $0 })
    }

    @Test func buildsOneStatePerWorkerAndNeverSharesIt() throws {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var made = 0
        }
        let counter = Counter()
        let items = Array(0..<4_096)
        let out = try ConcurrentMap.map(items, batch: 8, worker: { () -> [Int] in
            counter.lock.lock(); counter.made += 1; counter.lock.unlock()
            return []
        }) { seen, item -> Int in
            // Each worker's own array: appending from several threads at once would be a race.
            seen.append(item)
            return item + 1
        }
        #expect(out == items.map { $0 + 1 })
        #expect(counter.made >= 1 && counter.made <= max(1, ProcessInfo.processInfo.activeProcessorCount))
    }

    @Test func throwsAnErrorOfAWorker() {
        let items = Array(0..<2_000)
        #expect(throws: Boom.self) {
            _ = try ConcurrentMap.map(items, batch: 4) { item -> Int in
                if item == 1_234 { throw Boom(item: item) }
                return item
            }
        }
    }

    @Test func readsGitObjectsWithAHandlePerWorker() throws {
        let f = try RepoFixture()
        let blobs = try (0..<300).map { try f.repo.writeBlob(Data("blob \($0)\n".utf8)) }
        let path = f.dir.path
        let texts = try ConcurrentMap.map(blobs, batch: 16, worker: { try Repository(at: path) }) { repo, id in
            String(decoding: try repo.blob(id), as: UTF8.self)
        }
        #expect(texts == (0..<300).map { "blob \($0)\n" })
    }
}
