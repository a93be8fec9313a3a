/// Name-based UUIDs (version 5, RFC 9562 §5.5) for the OSCAL export: the same ledger and the
/// same object key give the same UUID on every machine and every run, so a re-export changes
/// only the UUIDs of what changed.
///
/// LedgerCore is Foundation only, so the SHA-1 that version 5 is defined over is computed here
/// (FIPS 180-4 §6.1). It names objects; it protects nothing.
public struct OSCALUUID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// The RFC 9562 namespace for URLs, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    public static let urlNamespace = OSCALUUID(unchecked: [0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8])
    /// The RFC 9562 namespace for DNS names, 6ba7b810-9dad-11d1-80b4-00c04fd430c8.
    public static let dnsNamespace = OSCALUUID(unchecked: [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8])
    /// evident's own namespace: the version 5 UUID of `urn:evident:oscal` in the URL namespace.
    public static let evident = OSCALUUID.v5(urlNamespace, "urn:evident:oscal")

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// The version 5 UUID of `name` (its UTF-8 bytes) in `namespace`: the first 16 bytes of
    /// SHA-1(namespace bytes + name bytes), with the version nibble set to 5 and the variant
    /// bits to 10 (RFC 9562 §5.5).
    public static func v5(_ namespace: OSCALUUID, _ name: String) -> OSCALUUID {
        var hash = Array(SHA1.hash(namespace.bytes + Array(name.utf8)).prefix(16))
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        return OSCALUUID(unchecked: hash)
    }

    /// Lower-case, 8-4-4-4-12 hex digits.
    public var description: String {
        let hex = bytes.map { b -> String in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
    }
}

/// SHA-1 (FIPS 180-4 §6.1), for name-based UUIDs only.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message
        let bitLength = UInt64(message.count) &* 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 80)
        var chunk = 0
        while chunk < data.count {
            for t in 0..<16 {
                let o = chunk + t * 4
                w[t] = UInt32(data[o]) << 24 | UInt32(data[o + 1]) << 16 | UInt32(data[o + 2]) << 8 | UInt32(data[o + 3])
            }
            for t in 16..<80 { w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
                e = d
                d = c
                c = rotl(b, 30)
                b = a
                a = temp
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
            chunk += 64
        }
        return h.flatMap { v in [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
    }

    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }
}
