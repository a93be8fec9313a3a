import Clibgit2
import Foundation

/// zlib streams, the one place evident deflates: pack entries (zlib format, level 1, as git uses
/// for loose objects) and ZIP entries (`Deflater.zip`: raw deflate at zlib's default level, as
/// `git archive --format=zip` and ZIP tools write). zlib is linked directly (libgit2-dev depends
/// on zlib1g-dev, so its header and library are always there). A deflater keeps one stream and
/// resets it per file, which costs much less than a fresh stream per small file. One deflater
/// per thread.
public final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let ready: Bool

    convenience init(level: Int32 = 1) {
        self.init(level: level, windowBits: 15)
    }

    /// A deflater for ZIP entries: raw deflate (APPNOTE 4.4.5 method 8, no zlib header or
    /// trailer), zlib's default level (6).
    public static func zip() -> Deflater { Deflater(level: Z_DEFAULT_COMPRESSION, windowBits: -15) }

    private init(level: Int32, windowBits: Int32) {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Z_DEFLATED, 15 window bits (what git writes; negative: raw deflate), memory level 8, default strategy.
        ready = deflateInit2_(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    /// The deflated bytes of `input` and its CRC-32 (zlib's, as ZIP records it); nil when zlib refused.
    /// (Deflated into a buffer the deflater keeps, then copied out at its size: a fresh buffer of
    /// zlib's bound for every file cost a page fault per page of it.)
    public func deflate(_ input: UnsafeRawBufferPointer) -> (bytes: [UInt8], crc32: UInt32)? {
        scratch.removeAll(keepingCapacity: true)
        guard compress(input, into: &scratch) else { return nil }
        let crc = crc32(0, input.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(input.count))
        let out = Array(scratch)
        // A large file's buffer is not kept for the small ones after it.
        if scratch.capacity > 1 << 22 { scratch = [] }
        return (out, UInt32(truncatingIfNeeded: crc))
    }

    private var scratch = [UInt8]()

    // MARK: A stream given in pieces

    /// Starts a stream whose input comes in pieces (`feed`, then `finish`), so that only its
    /// deflated bytes are held, never the whole input: a bundle's SHA256SUMS is 26 MB of lines
    /// on the 100k bench ledger, and written last, after every file's hash is known.
    public func start() {
        deflateReset(stream)
        streamed = []
        streamedCRC = 0
        streamedSize = 0
    }

    /// Deflates the next piece of the stream `start` began; false when zlib refused.
    public func feed(_ input: UnsafeRawBufferPointer) -> Bool {
        run(input, flush: Z_NO_FLUSH)
    }

    /// Ends the stream: its deflated bytes, the CRC-32 and size of all it was fed; nil when zlib refused.
    public func finish() -> (bytes: [UInt8], crc32: UInt32, size: Int)? {
        guard run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH) else { return nil }
        // Grown by doubling: a buffer up to twice the stream is not kept while the entry waits to be written.
        let out = streamed.capacity - streamed.count > 1 << 20 ? Array(streamed) : streamed
        streamed = []
        return (out, UInt32(truncatingIfNeeded: streamedCRC), streamedSize)
    }

    private var streamed = [UInt8]()
    private var streamedCRC: UInt = 0
    private var streamedSize = 0

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32) -> Bool {
        guard ready, input.count < Int(UInt32.max / 2) else { return false }
        let bytes = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        if input.count > 0 { streamedCRC = crc32(streamedCRC, bytes, UInt32(input.count)) }
        streamedSize += input.count
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes)
        stream.pointee.avail_in = UInt32(input.count)
        let room = 1 << 16
        while true {
            let start = streamed.count
            streamed.append(contentsOf: repeatElement(0, count: room))
            let rc: Int32 = streamed.withUnsafeMutableBytes { buffer in
                guard let base = buffer.baseAddress else { return Z_MEM_ERROR }
                stream.pointee.next_out = (base + start).assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(room)
                return Clibgit2.deflate(stream, flush)
            }
            let produced = room - Int(stream.pointee.avail_out)
            streamed.removeSubrange((start + produced)...)
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return true }
                guard rc == Z_OK || rc == Z_BUF_ERROR else { return false }
                continue
            }
            guard rc == Z_OK || rc == Z_BUF_ERROR else { return false }
            // All input taken and room left over: zlib holds nothing it could write yet.
            if stream.pointee.avail_in == 0 && produced < room { return true }
        }
    }

    deinit {
        if ready { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Appends the zlib stream of `input` to `out`; false (and `out` unchanged) when zlib refused.
    func compress(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        // (Named in full: `deflate` is also this class's own method.)
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
            guard Clibgit2.deflate(stream, Z_FINISH) == Z_STREAM_END else { return nil }
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
