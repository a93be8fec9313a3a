import Clibgit2
import Foundation

/// zlib streams for pack entries. zlib is linked directly (libgit2-dev depends on zlib1g-dev, so
/// its header and library are always there). A deflater keeps one stream and resets it per
/// object, which costs much less than a fresh stream per small file. Level 1, as git uses for
/// loose objects. One deflater per thread.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let ready: Bool

    init(level: Int32 = 1) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Z_DEFLATED, 15 window bits (what git writes), memory level 8, default strategy.
        ready = deflateInit2_(stream, level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if ready { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Appends the zlib stream of `input` to `out`; false (and `out` unchanged) when zlib refused.
    func compress(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        guard ready, input.count < Int(UInt32.max / 2) else { return false }
        deflateReset(stream)
        let bound = Int(deflateBound(stream, UInt(input.count)))
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        let produced: Int? = out.withUnsafeMutableBytes { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = UInt32(input.count)
            stream.pointee.next_out = (base + start).assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(bound)
            guard deflate(stream, Z_FINISH) == Z_STREAM_END else { return nil }
            return bound - Int(stream.pointee.avail_out)
        }
        guard let produced else {
            out.removeSubrange(start...)
            return false
        }
        out.removeSubrange((start + produced)...)
        return true
    }
}
