@testable import GitStore
import Testing

/// `Libgit2.withSmallObjectCache`: libgit2's object cache is 1 MiB while any such call runs and
/// 8 MiB once none does, however the calls nest. (Other tests may hold it small at the same
/// time, so "after" is judged with the count of calls read under the same lock.)
@Suite struct ObjectCacheTests {
    @Test func aSmallCacheHoldsUntilTheLastCallReturns() throws {
        let small = 1 << 20, usual = 8 << 20
        Libgit2.withSmallObjectCache {
            #expect(Libgit2.objectCacheState.limit == small)
            Libgit2.withSmallObjectCache { #expect(Libgit2.objectCacheState.limit == small) }
            // The inner call returned; the outer one still runs.
            #expect(Libgit2.objectCacheState.limit == small)
        }
        struct Thrown: Error {}
        #expect(throws: Thrown.self) { try Libgit2.withSmallObjectCache { throw Thrown() } }
        let after = Libgit2.objectCacheState
        #expect(after.limit == (after.users == 0 ? usual : small), "\(after)")
    }
}
