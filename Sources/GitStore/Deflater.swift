import Clibgit2
import Foundation

/// zlib streams for packfile entries: zlib is linked directly (libgit2-dev depends on
/// zlib1g-dev, so its header and library are always there). A deflater keeps one stream and
/// resets it per object (git's loose-object writer starts a fresh stream per object, which costs
/// more than compressing a small file). Level 1, as git uses for loose objects.
///
/// If zlib refuses the stream (a version it does not accept), the deflater writes "stored"
/// (uncompressed) zlib blocks: still a valid zlib stream for every reader, only larger.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let ready: Bool

    /// `compress: false` writes stored blocks even when zlib is at hand (for tests).
    init(level: Int32 = 1, compress: Bool = true) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Z_DEFLATED, 15 window bits (what git writes), memory level 8, default strategy.
        ready = compress && deflateInit2_(stream, level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if ready { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Appends the zlib stream of `input` to `out`.
    func compress(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard ready, input.count < Int(UInt32.max / 2) else {
            Self.stored(input, into: &out)
            return
        }
        deflateReset(stream)
        let bound = Int(deflateBound(stream, UInt(input.count)))
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        let produced: Int? = out.withUnsafeMutableBytes { buffer in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = UInt32(input.count)
            stream.pointee.next_out = (buffer.baseAddress! + start).assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(bound)
            guard deflate(stream, Z_FINISH) == Z_STREAM_END else { return nil }
            return bound - Int(stream.pointee.avail_out)
        }
        if let produced {
            out.removeSubrange((start + produced)...)
        } else {
            out.removeSubrange(start...)
            Self.stored(input, into: &out)
        }
    }

    /// A zlib stream of stored blocks (no compression): header, blocks of at most 65535 bytes,
    /// Adler-32.
    static func stored(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.append(0x78)
        out.append(0x01)
        var offset = 0
        repeat {
            let n = min(65535, input.count - offset)
            let final = offset + n == input.count
            out.append(final ? 1 : 0)
            out.append(UInt8(n & 0xFF))
            out.append(UInt8(n >> 8))
            out.append(UInt8(~n & 0xFF))
            out.append(UInt8((~n >> 8) & 0xFF))
            if n > 0 { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[offset..<(offset + n)])) }
            offset += n
        } while offset < input.count
        var a: UInt32 = 1, b: UInt32 = 0
        var k = 0
        while k < input.count {
            let end = min(input.count, k + 5552)
            while k < end {
                a &+= UInt32(input[k])
                b &+= a
                k += 1
            }
            a %= 65521
            b %= 65521
        }
        let adler = b << 16 | a
        for s in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: adler >> UInt32(s))) }
    }
}
