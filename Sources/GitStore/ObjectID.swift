import Clibgit2

/// A git object id (SHA-1), as a value.
///
/// The 20 bytes are held inline as three big-endian words, not in an array: a 100k-record ledger
/// has hundreds of thousands of ids in flight (tree entries, cache keys), and an array per id
/// would be one heap allocation each. Big-endian words keep `<` the byte order git sorts by.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    private let w0: UInt64
    private let w1: UInt64
    private let w2: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        (w0, w1, w2) = withUnsafeBytes(of: &copy.id) { Self.words($0) }
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    private static func words(_ b: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt32) {
        var a: UInt64 = 0, c: UInt64 = 0, d: UInt32 = 0
        for i in 0..<8 { a = a << 8 | UInt64(b[i]) }
        for i in 8..<16 { c = c << 8 | UInt64(b[i]) }
        for i in 16..<20 { d = d << 8 | UInt32(b[i]) }
        return (a, c, d)
    }

    /// True for the all-zero id (libgit2's "none").
    public var isZero: Bool { w0 == 0 && w1 == 0 && w2 == 0 }

    /// An id from its 20 raw bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        (w0, w1, w2) = bytes.withUnsafeBytes { Self.words($0) }
    }

    /// An id from 20 raw bytes in memory (a cache file, a tree buffer).
    public init(rawBytes: UnsafeRawBufferPointer) {
        precondition(rawBytes.count >= 20)
        (w0, w1, w2) = Self.words(rawBytes)
    }

    /// Parses a full 40-character hexadecimal id.
    public init?(hex: String) {
        let chars = Array(hex.utf8)
        guard chars.count == 40 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(20)
        var i = 0
        while i < 40 {
            guard let hi = Self.nibble(chars[i]), let lo = Self.nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        (w0, w1, w2) = out.withUnsafeBytes { Self.words($0) }
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }

    /// The 20 raw bytes.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(20)
        for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: w0 >> UInt64(s))) }
        for s in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: w1 >> UInt64(s))) }
        for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: w2 >> UInt32(s))) }
        return out
    }

    var raw: git_oid {
        var oid = git_oid()
        let (a, c, d) = (w0, w1, w2)
        withUnsafeMutableBytes(of: &oid.id) { buffer in
            for i in 0..<8 { buffer[i] = UInt8(truncatingIfNeeded: a >> UInt64(56 - 8 * i)) }
            for i in 0..<8 { buffer[8 + i] = UInt8(truncatingIfNeeded: c >> UInt64(56 - 8 * i)) }
            for i in 0..<4 { buffer[16 + i] = UInt8(truncatingIfNeeded: d >> UInt32(24 - 8 * i)) }
        }
        return oid
    }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(40)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var short: String { String(hex.prefix(10)) }
    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { (lhs.w0, lhs.w1, lhs.w2) < (rhs.w0, rhs.w1, rhs.w2) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an object id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}
