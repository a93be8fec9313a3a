#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// zlib streams for packfile entries.
///
/// GitStore has no zlib module of its own, but libgit2 is linked against the system zlib, so its
/// functions are in the process: they are looked up once by name. A deflater keeps one stream and
/// resets it per object (git's loose-object writer starts a fresh stream per object, which costs
/// more than compressing a small file). Level 1, as git uses for loose objects.
///
/// When zlib cannot be found the deflater writes "stored" (uncompressed) zlib blocks: still a
/// valid zlib stream for every reader, only larger.
final class Deflater {
    private typealias InitFunction = @convention(c) (UnsafeMutableRawPointer, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>, Int32) -> Int32
    private typealias StreamFunction = @convention(c) (UnsafeMutableRawPointer) -> Int32
    private typealias DeflateFunction = @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    private typealias BoundFunction = @convention(c) (UnsafeMutableRawPointer, UInt) -> UInt
    private typealias VersionFunction = @convention(c) () -> UnsafePointer<CChar>

    private struct Zlib: @unchecked Sendable {
        let initialize: InitFunction
        let deflate: DeflateFunction
        let reset: StreamFunction
        let end: StreamFunction
        let bound: BoundFunction
        let version: UnsafePointer<CChar>
    }

    /// zlib's functions, or nil.
    private static let zlib: Zlib? = {
        // z_stream's layout below is that of LP64 platforms.
        guard MemoryLayout<Int>.size == 8 else { return nil }
        for h in handles {
            guard let i = dlsym(h, "deflateInit2_"), let d = dlsym(h, "deflate"), let r = dlsym(h, "deflateReset"),
                  let e = dlsym(h, "deflateEnd"), let b = dlsym(h, "deflateBound"), let v = dlsym(h, "zlibVersion") else { continue }
            let version = unsafeBitCast(v, to: VersionFunction.self)()
            // The stream layout is zlib 1.x's.
            guard version.pointee == 0x31 else { continue }
            return Zlib(initialize: unsafeBitCast(i, to: InitFunction.self), deflate: unsafeBitCast(d, to: DeflateFunction.self),
                        reset: unsafeBitCast(r, to: StreamFunction.self), end: unsafeBitCast(e, to: StreamFunction.self),
                        bound: unsafeBitCast(b, to: BoundFunction.self), version: version)
        }
        return nil
    }()

    typealias CRC32Function = @convention(c) (UInt, UnsafeRawPointer?, UInt32) -> UInt

    /// zlib's `crc32`, or nil.
    static let crc32: CRC32Function? = {
        guard zlib != nil else { return nil }
        for h in handles {
            if let f = dlsym(h, "crc32") { return unsafeBitCast(f, to: CRC32Function.self) }
        }
        return nil
    }()

    /// The zlib already loaded with libgit2 first, then the process's global symbols.
    private static var handles: [UnsafeMutableRawPointer] {
        var out = [UnsafeMutableRawPointer]()
        for name in ["libz.so.1", "libz.1.dylib", "libz.dylib"] {
            if let h = dlopen(name, RTLD_NOW | RTLD_NOLOAD) { out.append(h) }
        }
        if let own = dlopen(nil, RTLD_NOW) { out.append(own) }
        return out
    }

    /// Whether output is compressed (false: stored blocks).
    static var compresses: Bool { zlib != nil }

    // z_stream on LP64: next_in 0, avail_in 8, total_in 16, next_out 24, avail_out 32,
    // total_out 40, msg 48, state 56, zalloc 64, zfree 72, opaque 80, data_type 88, adler 96,
    // reserved 104; 112 bytes in all.
    private static let streamSize = 112
    private let stream: UnsafeMutableRawPointer
    private let zlib: Zlib?

    /// `compress: false` writes stored blocks even when zlib is at hand (for tests).
    init(level: Int32 = 1, compress: Bool = true) {
        stream = UnsafeMutableRawPointer.allocate(byteCount: Self.streamSize, alignment: 8)
        stream.initializeMemory(as: UInt8.self, repeating: 0, count: Self.streamSize)
        var z = compress ? Self.zlib : nil
        // Z_DEFLATED, 15 window bits (what git writes), memory level 8, default strategy.
        if let lib = z, lib.initialize(stream, level, 8, 15, 8, 0, lib.version, Int32(Self.streamSize)) != 0 {
            z = nil
        }
        zlib = z
    }

    deinit {
        if let zlib { _ = zlib.end(stream) }
        stream.deallocate()
    }

    /// Appends the zlib stream of `input` to `out`.
    func compress(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        guard let zlib, input.count < Int(UInt32.max / 2) else {
            Self.stored(input, into: &out)
            return
        }
        _ = zlib.reset(stream)
        let bound = Int(zlib.bound(stream, UInt(input.count)))
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        let produced: Int? = out.withUnsafeMutableBytes { buffer in
            stream.storeBytes(of: input.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, toByteOffset: 0, as: UnsafeRawPointer.self)
            stream.storeBytes(of: UInt32(input.count), toByteOffset: 8, as: UInt32.self)
            stream.storeBytes(of: buffer.baseAddress! + start, toByteOffset: 24, as: UnsafeMutableRawPointer.self)
            stream.storeBytes(of: UInt32(bound), toByteOffset: 32, as: UInt32.self)
            // Z_FINISH; Z_STREAM_END when all is out.
            guard zlib.deflate(stream, 4) == 1 else { return nil }
            return bound - Int(stream.load(fromByteOffset: 32, as: UInt32.self))
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
