/// Computes the SHA-1 checksums git's own file formats end with (the index, packfiles).
/// Object ids are computed by libgit2; this is only for trailers. Callers with a faster
/// implementation at hand (BoringSSL, CommonCrypto) pass their own.
public protocol ChecksumHasher {
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    mutating func finalize() -> [UInt8]
}

/// Makes a fresh hasher for each checksum.
public typealias ChecksumFactory = @Sendable () -> any ChecksumHasher

/// SHA-1 (FIPS 180-4) in plain Swift: about 300 MB/s, enough for tests and small files.
public struct SHA1: ChecksumHasher {
    private var h0: UInt32 = 0x67452301
    private var h1: UInt32 = 0xEFCDAB89
    private var h2: UInt32 = 0x98BADCFE
    private var h3: UInt32 = 0x10325476
    private var h4: UInt32 = 0xC3D2E1F0
    private var pending = [UInt8]()
    private var length: UInt64 = 0

    public init() { pending.reserveCapacity(64) }

    public static let factory: ChecksumFactory = { SHA1() }

    /// The 20-byte digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var s = SHA1()
        s.update(bytes)
        return s.finalize()
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            if pending.count == 64 {
                let block = pending
                block.withUnsafeBytes { compress($0.baseAddress!) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        while bytes.count - offset >= 64 {
            compress(base + offset)
            offset += 64
        }
        if offset < bytes.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset))
        }
    }

    public mutating func finalize() -> [UInt8] {
        let bits = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for s in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(s))) }
        tail.withUnsafeBytes { b in
            var o = 0
            while o < b.count {
                compress(b.baseAddress! + o)
                o += 64
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(20)
        for w in [h0, h1, h2, h3, h4] {
            out.append(UInt8(truncatingIfNeeded: w >> 24))
            out.append(UInt8(truncatingIfNeeded: w >> 16))
            out.append(UInt8(truncatingIfNeeded: w >> 8))
            out.append(UInt8(truncatingIfNeeded: w))
        }
        return out
    }

    @inline(__always) private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }

    private mutating func compress(_ p: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { buffer in
            let w = buffer.baseAddress!
            for i in 0..<16 { w[i] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
            @inline(__always) func schedule(_ i: Int) -> UInt32 {
                let x = w[(i &- 3) & 15] ^ w[(i &- 8) & 15] ^ w[(i &- 14) & 15] ^ w[i & 15]
                let v = (x << 1) | (x >> 31)
                w[i & 15] = v
                return v
            }
            var a = h0, b = h1, c = h2, d = h3, e = h4
            for i in 0..<20 {
                let wi = i < 16 ? w[i] : schedule(i)
                let t = Self.rotl(a, 5) &+ ((b & c) | (~b & d)) &+ e &+ 0x5A827999 &+ wi
                e = d; d = c; c = Self.rotl(b, 30); b = a; a = t
            }
            for i in 20..<40 {
                let t = Self.rotl(a, 5) &+ (b ^ c ^ d) &+ e &+ 0x6ED9EBA1 &+ schedule(i)
                e = d; d = c; c = Self.rotl(b, 30); b = a; a = t
            }
            for i in 40..<60 {
                let t = Self.rotl(a, 5) &+ ((b & c) | (d & (b | c))) &+ e &+ 0x8F1BBCDC &+ schedule(i)
                e = d; d = c; c = Self.rotl(b, 30); b = a; a = t
            }
            for i in 60..<80 {
                let t = Self.rotl(a, 5) &+ (b ^ c ^ d) &+ e &+ 0xCA62C1D6 &+ schedule(i)
                e = d; d = c; c = Self.rotl(b, 30); b = a; a = t
            }
            h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e
        }
    }
}
