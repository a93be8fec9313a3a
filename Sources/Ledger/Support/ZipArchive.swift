import Crypto
import Foundation
import GitStore
import LedgerCore
import ZIPFoundation

/// ZIP files, the one place evident reads and writes them: GitStore's `Deflater` deflates and
/// checksums what is written (zlib's raw deflate and CRC-32), ZIPFoundation inflates and checksums
/// what is read; the containers are laid out and read here, because
/// ZIPFoundation's own `Archive` is quadratic when writing and can hang when reading a damaged
/// file (see `write` and `read`). No ZIPFoundation type leaves this file. Evidence bundles are written here and read back by
/// `verify --bundle`.
public enum ZipArchive {
    /// The bytes of a ZIP holding `files` in the order given: each a regular file (mode 0644,
    /// made on Unix, UTF-8 name), deflated by zlib at its default level (`Deflater.zip`), dated `day`
    /// at 00:00, with no extra field, no comment and no data descriptor, so the same files and
    /// day give the same bytes on every run and machine with the same zlib.
    ///
    /// The container (local headers, central directory, end record) is written here, in one
    /// pass: ZIPFoundation's `addEntry` reads and rewrites the whole central directory for every
    /// entry it adds, which made a bundle of 63,000 files take most of a minute and one of
    /// 200,000 (a 100k-record ledger) hours. More than 65,534 files take the ZIP64 end records
    /// (APPNOTE 4.3.14-4.3.15), which unzip, Python's zipfile and ZIPFoundation read.
    ///
    /// ZIP dates are MS-DOS date and time fields with no time zone, 1980 to 2107: a day outside
    /// that is written as its nearest end. Throws `LedgerError` `.failure` when a file is
    /// compressed to 4 GiB or more, or the whole ZIP would reach 4 GiB (offsets beyond need ZIP64
    /// fields per entry, which this writer does not write).
    public static func write(_ files: [(path: String, data: Data)], day: Day) throws -> Data {
        var out = Data()
        var writer = Writer(day: day) { out.append($0) }
        for f in files { try writer.add(f.path, try deflate(f.data, path: f.path)) }
        try writer.finish()
        return out
    }

    /// One file's entry data: its deflated bytes, CRC-32 and size. Pure, so entries can be
    /// deflated on every core and written in order: each entry's bytes depend on its file alone.
    public struct Deflated: Sendable {
        let crc: UInt32
        let size: Int
        let bytes: [UInt8]
    }

    /// Throws `LedgerError` `.failure` when zlib fails.
    public static func deflate(_ data: Data, path: String) throws -> Deflated {
        try data.withUnsafeBytes { try deflate($0, path: path, with: Deflater.zip()) }
    }

    /// The entry `deflater` made of a stream fed in pieces (`Deflater.start`, `feed`, `finish`).
    static func finish(_ deflater: Deflater, path: String) throws -> Deflated {
        guard let (out, crc, size) = deflater.finish() else { throw LedgerError(.failure, "compressing \(path) for the ZIP: zlib refused it") }
        return Deflated(crc: crc, size: size, bytes: out)
    }

    /// `deflate` of bytes borrowed for the call (a blob as git holds it), with a deflater the
    /// calling thread keeps for every file it deflates.
    static func deflate(_ bytes: UnsafeRawBufferPointer, path: String, with deflater: Deflater) throws -> Deflated {
        // A large file goes through in pieces: only its deflated bytes are held, not zlib's
        // bound of it besides (the 19 MB manifest.json of the 100k bench ledger's bundle).
        if bytes.count > 1 << 22 {
            deflater.start()
            var at = 0
            while at < bytes.count {
                let piece = UnsafeRawBufferPointer(rebasing: bytes[at..<min(at + (1 << 20), bytes.count)])
                guard deflater.feed(piece) else { throw LedgerError(.failure, "compressing \(path) for the ZIP: zlib refused it") }
                at += piece.count
            }
            return try finish(deflater, path: path)
        }
        guard let (out, crc) = deflater.deflate(bytes) else { throw LedgerError(.failure, "compressing \(path) for the ZIP: zlib refused it") }
        return Deflated(crc: crc, size: bytes.count, bytes: out)
    }

    /// Writes a ZIP front to back through `sink` (`write` describes the layout), keeping only
    /// the central directory: a bundle of 400 MB of artifacts is never whole in memory.
    public struct Writer {
        let dosDate: UInt16
        let dosTime = UInt16(0)
        let limit = Int(UInt32.max)
        let sink: (Data) throws -> Void
        var central = [UInt8]()
        /// Bytes not yet given to `sink`: written a megabyte at a time, not a header at a time.
        var pending = [UInt8]()
        /// Where in the central directory the entry added with `inHeldPlace` goes (`holdPlace`).
        var held: Int?
        var count = 0
        /// Bytes written so far.
        public private(set) var offset = 0

        public init(day: Day, sink: @escaping (Data) throws -> Void) {
            let year = min(max(day.year, 1980), 2107)
            dosDate = UInt16(year == day.year ? (year - 1980) << 9 | day.month << 5 | day.day : year == 1980 ? 1 << 5 | 1 : 127 << 9 | 12 << 5 | 31)
            self.sink = sink
        }

        /// Throws `LedgerError` `.failure` for a name too long or a ZIP reaching 4 GiB, and
        /// whatever `sink` throws.
        /// Marks where the central directory lists the next entry added with `inHeldPlace`: an
        /// entry whose bytes depend on every later one (SHA256SUMS) is listed in path order
        /// with the rest and written after them.
        public mutating func holdPlace() { held = central.count }

        /// Makes room in the central directory for `entries` more entries whose names take
        /// `nameBytes` in all: 210k entries on the 100k bench ledger, whose directory (25 MB)
        /// otherwise doubles its way there, copy after copy.
        public mutating func reserve(entries: Int, nameBytes: Int) {
            central.reserveCapacity(central.count + 46 * entries + nameBytes)
        }

        public mutating func add(_ path: String, _ entry: Deflated, inHeldPlace: Bool = false) throws {
            let name = Array(path.utf8)
            guard name.count < Int(UInt16.max) else { throw LedgerError(.failure, "\(path.prefix(60))...: a name this long cannot be stored in a ZIP") }
            guard entry.size < limit, entry.bytes.count < limit, offset + 30 + name.count + entry.bytes.count < limit else {
                throw LedgerError(.failure, "the ZIP would reach 4 GiB at \(path): a bundle holds less than 4 GiB in all")
            }
            // Local file header (APPNOTE 4.3.7): version 2.0, UTF-8 name (bit 11), deflate.
            var local = [UInt8]()
            local.reserveCapacity(30 + name.count)
            local.le32(0x0403_4B50)
            local.le16(20); local.le16(0x0800); local.le16(8); local.le16(dosTime); local.le16(dosDate)
            local.le32(entry.crc); local.le32(UInt32(entry.bytes.count)); local.le32(UInt32(entry.size))
            local.le16(UInt16(name.count)); local.le16(0)
            local.append(contentsOf: name)
            pending.append(contentsOf: local)
            if entry.bytes.count >= 1 << 20 {
                // A large entry goes to `sink` as it is, a megabyte at a time, not copied into
                // `pending` first and then whole into a `Data`.
                try sink(Data(pending))
                pending.removeAll(keepingCapacity: true)
                try entry.bytes.withUnsafeBytes { all in
                    var at = 0
                    while at < all.count {
                        let end = min(at + (1 << 20), all.count)
                        try sink(Data(UnsafeRawBufferPointer(rebasing: all[at..<end])))
                        at = end
                    }
                }
            } else {
                pending.append(contentsOf: entry.bytes)
            }
            if pending.count >= 1 << 20 {
                try sink(Data(pending))
                pending.removeAll(keepingCapacity: true)
            }
            // Central directory header (4.3.12): made by Unix (3) with version 2.0, mode 0100644.
            var record = [UInt8]()
            record.reserveCapacity(46 + name.count)
            record.le32(0x0201_4B50)
            record.le16(3 << 8 | 20); record.le16(20); record.le16(0x0800); record.le16(8); record.le16(dosTime); record.le16(dosDate)
            record.le32(entry.crc); record.le32(UInt32(entry.bytes.count)); record.le32(UInt32(entry.size))
            record.le16(UInt16(name.count)); record.le16(0); record.le16(0); record.le16(0); record.le16(0)
            record.le32(UInt32(0o100644) << 16); record.le32(UInt32(offset))
            record.append(contentsOf: name)
            if inHeldPlace, let at = held {
                central.insert(contentsOf: record, at: at)
                held = nil
            } else {
                central.append(contentsOf: record)
            }
            offset += local.count + entry.bytes.count
            count += 1
        }

        /// The central directory and end records. Throws as `add` does.
        /// (The directory goes to `sink` a megabyte at a time, as it is: copied whole, once to
        /// append the end records and again into `pending` and a `Data`, the 25 MB directory of
        /// a 100k-record bundle was 100 MB at the end of the export.)
        public mutating func finish() throws {
            let centralOffset = offset
            let centralSize = central.count
            guard centralOffset + centralSize < limit else { throw LedgerError(.failure, "the ZIP would reach 4 GiB: a bundle holds less than 4 GiB in all") }
            if !pending.isEmpty { try sink(Data(pending)) }
            pending = []
            var at = 0
            while at < centralSize {
                let end = min(at + (1 << 20), centralSize)
                try central.withUnsafeBytes { try sink(Data(UnsafeRawBufferPointer(rebasing: $0[at..<end]))) }
                at = end
            }
            central = []
            var out = [UInt8]()
            if count >= Int(UInt16.max) {
                // ZIP64 end of central directory record (4.3.14) and its locator (4.3.15).
                let record = centralOffset + centralSize
                out.le32(0x0606_4B50); out.le64(44)
                out.le16(3 << 8 | 45); out.le16(45); out.le32(0); out.le32(0)
                out.le64(UInt64(count)); out.le64(UInt64(count)); out.le64(UInt64(centralSize)); out.le64(UInt64(centralOffset))
                out.le32(0x0706_4B50); out.le32(0); out.le64(UInt64(record)); out.le32(1)
            }
            // End of central directory record (4.3.16); 0xFFFF entries: see the ZIP64 record.
            let shortCount = UInt16(min(count, Int(UInt16.max)))
            out.le32(0x0605_4B50); out.le16(0); out.le16(0); out.le16(shortCount); out.le16(shortCount)
            out.le32(UInt32(centralSize)); out.le32(UInt32(centralOffset)); out.le16(0)
            try sink(Data(out))
            offset += centralSize + out.count
        }
    }

    /// Every entry of the ZIP at `path` (shown as `shown`) as `EvidenceBundle.check` takes it, in
    /// the order of the ZIP's central directory (what unzip lists and extracts): its SHA-256
    /// computed as it is inflated (its CRC-32 and size held to the directory's), its bytes kept
    /// only for the files the check reads. Nothing is extracted to disk, and an entry whose name
    /// is unsafe (`EvidenceBundle.isSafe`) is not even inflated.
    ///
    /// The container is read here, every offset and size checked against the file, and the
    /// data inflated by ZIPFoundation's `Data.decompress` from a provider that stops at the
    /// entry's compressed size: ZIPFoundation's own `extract` reads past an entry's data and,
    /// when a damaged stream reaches the end of the file, loops forever (found by flipping bytes
    /// of a bundle). Throws `LedgerError` `.notFound` when there is no such file, `.invalidInput`
    /// when it is a folder, cannot be read, or is not a ZIP (no readable end record or central
    /// directory).
    public static func read(_ path: String, shownAs shown: String) throws -> [EvidenceBundle.Entry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LedgerError.notFound("--bundle \(shown): no such file; give the .zip that 'evident export bundle' wrote")
        }
        guard !isDirectory.boolValue else {
            throw LedgerError.invalid("--bundle \(shown) is a folder: give the bundle's .zip file itself (an extracted bundle is checked with 'sha256sum -c SHA256SUMS' in it)")
        }
        guard let file = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw LedgerError.invalid("--bundle \(shown) cannot be read (permission denied?): make it readable, or copy it somewhere that is")
        }
        let notZip = LedgerError.invalid("--bundle \(shown) is not a ZIP file (no ZIP directory at its end; the file is another kind, or cut short): give the .zip that 'evident export bundle' wrote")
        let bytes = ZipBytes(file)
        guard let directory = bytes.centralDirectory() else {
            if let extra = bytes.bytesAfterEndRecord() {
                throw LedgerError.invalid("--bundle \(shown) has \(extra) byte\(extra == 1 ? "" : "s") after the end of its ZIP: something was added to the file after it was written (a bundle ends with its ZIP's end record); give the .zip exactly as 'evident export bundle' wrote it")
            }
            throw notZip
        }
        var out = [EvidenceBundle.Entry]()
        var at = directory.offset
        for _ in 0..<directory.count {
            guard let header = bytes.centralHeader(at: at) else { throw notZip }
            at = header.next
            out.append(entry(header, in: bytes))
        }
        return out
    }

    /// The largest file whose bytes the check keeps (a manifest of 100,000 artifacts is about 15 MB).
    static let keptLimit = 512 << 20

    static func entry(_ h: ZipBytes.CentralHeader, in bytes: ZipBytes) -> EvidenceBundle.Entry {
        let name = h.name
        func unreadable(_ why: String) -> EvidenceBundle.Entry { EvidenceBundle.Entry(path: name, sha256: nil, data: nil, unreadable: why) }
        guard EvidenceBundle.isSafe(name) else { return EvidenceBundle.Entry(path: name, sha256: nil, data: nil) }
        // Unix mode in the high 16 bits of the external attributes, when made on Unix (3).
        let mode = h.madeBy >> 8 == 3 ? (h.externalAttributes >> 16) & 0o170000 : 0
        if name.hasSuffix("/") || mode == 0o040000 {
            return EvidenceBundle.Entry(path: name.hasSuffix("/") ? name : name + "/", sha256: nil, data: nil)
        }
        if mode == 0o120000 { return unreadable("is a symbolic link, not a file: it was not followed") }
        if h.flags & 1 != 0 { return unreadable("is encrypted: a bundle holds no encrypted file") }
        guard h.method == 0 || h.method == 8 else { return unreadable("is compressed with method \(h.method), which is neither stored (0) nor deflate (8)") }
        guard let data = bytes.entryData(h) else { return unreadable("lies partly outside the ZIP file, or its local header is damaged: the ZIP was cut short or edited") }
        guard data.localName == h.nameBytes else { return unreadable("has another name in its local header: tools that read the ZIP front to back would see another file") }
        let keep = EvidenceBundle.textFiles.contains(name)
        if keep && h.uncompressedSize > UInt64(keptLimit) { return unreadable("is larger than any such file a bundle holds (\(h.uncompressedSize) bytes)") }
        var hasher = SHA256()
        var kept = Data()
        var produced: UInt64 = 0
        let crc: UInt32
        do {
            if h.method == 0 {
                let slice = bytes.data[data.range]
                crc = slice.crc32(checksum: 0)
                hasher.update(data: slice)
                produced = UInt64(slice.count)
                if keep { kept = Data(slice) }
            } else {
                let range = data.range
                crc = try Data.decompress(size: Int64(range.count), bufferSize: defaultReadChunkSize, skipCRC32: false, provider: { position, size in
                    let start = range.lowerBound + Int(position)
                    guard start < range.upperBound else { throw ZipBytes.Damaged() }
                    return bytes.data.subdata(in: start..<min(start + size, range.upperBound))
                }, consumer: { chunk in
                    produced += UInt64(chunk.count)
                    // More than the directory says: a damaged stream, or one made to fill the disk.
                    guard produced <= h.uncompressedSize else { throw ZipBytes.Damaged() }
                    hasher.update(data: chunk)
                    if keep { kept.append(chunk) }
                })
            }
        } catch {
            return unreadable("does not inflate (its deflate stream is damaged or cut short): the entry is damaged")
        }
        guard produced == h.uncompressedSize else { return unreadable("holds \(produced) bytes, but the ZIP's directory says \(h.uncompressedSize): the entry is damaged") }
        guard crc == h.crc32 else { return unreadable("does not match the CRC-32 the ZIP records for it: the entry is damaged") }
        return EvidenceBundle.Entry(path: name, sha256: Digest.hex(hasher.finalize()), data: keep ? kept : nil)
    }
}

/// A ZIP file's bytes, read field by field with every offset checked (APPNOTE 4.3).
struct ZipBytes {
    struct Damaged: Error {}

    let data: Data
    init(_ data: Data) { self.data = data.startIndex == 0 ? data : Data(data) }

    func u16(_ at: Int) -> UInt16? {
        guard at >= 0, at + 2 <= data.count else { return nil }
        return UInt16(data[at]) | UInt16(data[at + 1]) << 8
    }

    func u32(_ at: Int) -> UInt32? {
        guard let lo = u16(at), let hi = u16(at + 2) else { return nil }
        return UInt32(lo) | UInt32(hi) << 16
    }

    func u64(_ at: Int) -> UInt64? {
        guard let lo = u32(at), let hi = u32(at + 4) else { return nil }
        return UInt64(lo) | UInt64(hi) << 32
    }

    /// How many bytes follow the last end record (with its comment) in the file, when there is one
    /// that does not end it: a ZIP something was appended to. nil when no end record is found.
    func bytesAfterEndRecord() -> Int? {
        guard data.count >= 22 else { return nil }
        var end = data.count - 22
        let lowest = max(0, data.count - 22 - 0xFFFF)
        while end >= lowest {
            if u32(end) == 0x0605_4B50, let comment = u16(end + 20), end + 22 + Int(comment) < data.count {
                return data.count - (end + 22 + Int(comment))
            }
            end -= 1
        }
        return nil
    }

    /// Where the central directory starts and how many entries it holds: from the end record
    /// (searched back over the longest comment), or its ZIP64 record when the end record says so.
    func centralDirectory() -> (offset: Int, count: Int)? {
        guard data.count >= 22 else { return nil }
        var end = data.count - 22
        let lowest = max(0, data.count - 22 - 0xFFFF)
        while end >= lowest {
            if u32(end) == 0x0605_4B50, let comment = u16(end + 20), end + 22 + Int(comment) == data.count { break }
            end -= 1
        }
        guard end >= lowest, var count = u16(end + 10).map(UInt64.init), var offset = u32(end + 16).map(UInt64.init) else { return nil }
        if count == 0xFFFF || offset == 0xFFFF_FFFF {
            // The ZIP64 end record's locator lies just before the end record.
            guard u32(end - 20) == 0x0706_4B50, let record = u64(end - 12), record < UInt64(data.count),
                  u32(Int(record)) == 0x0606_4B50, let c = u64(Int(record) + 32), let o = u64(Int(record) + 48) else { return nil }
            (count, offset) = (c, o)
        }
        // Each central header is at least 46 bytes: a count the file cannot hold is no directory.
        guard offset < UInt64(data.count), count <= UInt64(data.count) / 46 else { return nil }
        return (Int(offset), Int(count))
    }

    struct CentralHeader {
        let madeBy: UInt16
        let flags: UInt16
        let method: UInt16
        let crc32: UInt32
        let compressedSize: UInt64
        let uncompressedSize: UInt64
        let localOffset: UInt64
        let externalAttributes: UInt32
        let nameBytes: Data
        /// The name: UTF-8 (the flag of bit 11, or ASCII, which reads the same).
        var name: String { String(decoding: nameBytes, as: UTF8.self) }
        /// Where the next header starts.
        let next: Int
    }

    func centralHeader(at: Int) -> CentralHeader? {
        guard u32(at) == 0x0201_4B50, let madeBy = u16(at + 4), let flags = u16(at + 8), let method = u16(at + 10),
              let crc = u32(at + 16), let csize = u32(at + 20), let usize = u32(at + 24), let nameLength = u16(at + 28),
              let extraLength = u16(at + 30), let commentLength = u16(at + 32), let external = u32(at + 38), let offset = u32(at + 42) else { return nil }
        let nameStart = at + 46
        let extraStart = nameStart + Int(nameLength)
        let next = extraStart + Int(extraLength) + Int(commentLength)
        guard next <= data.count else { return nil }
        // A ZIP64 extended information field (tag 1) holds, in order, each value its 32-bit field marks 0xFFFFFFFF.
        var sizes = (UInt64(usize), UInt64(csize), UInt64(offset))
        var e = extraStart
        while e + 4 <= extraStart + Int(extraLength), let tag = u16(e), let length = u16(e + 2) {
            if tag == 1 {
                var f = e + 4
                func take() -> UInt64? { defer { f += 8 }; return f + 8 <= e + 4 + Int(length) ? u64(f) : nil }
                if usize == 0xFFFF_FFFF { sizes.0 = take() ?? sizes.0 }
                if csize == 0xFFFF_FFFF { sizes.1 = take() ?? sizes.1 }
                if offset == 0xFFFF_FFFF { sizes.2 = take() ?? sizes.2 }
            }
            e += 4 + Int(length)
        }
        return CentralHeader(madeBy: madeBy, flags: flags, method: method, crc32: crc, compressedSize: sizes.1, uncompressedSize: sizes.0,
                             localOffset: sizes.2, externalAttributes: external, nameBytes: data.subdata(in: nameStart..<extraStart), next: next)
    }

    /// An entry's compressed bytes, after its local header, and the name that header gives.
    func entryData(_ h: CentralHeader) -> (range: Range<Int>, localName: Data)? {
        guard h.localOffset < UInt64(data.count), h.compressedSize <= UInt64(data.count) else { return nil }
        let at = Int(h.localOffset)
        guard u32(at) == 0x0403_4B50, let nameLength = u16(at + 26), let extraLength = u16(at + 28) else { return nil }
        let nameStart = at + 30
        let start = nameStart + Int(nameLength) + Int(extraLength)
        let end = start + Int(h.compressedSize)
        guard end <= data.count else { return nil }
        return (start..<end, data.subdata(in: nameStart..<(nameStart + Int(nameLength))))
    }
}

extension [UInt8] {
    /// Little-endian integers, as every ZIP field is.
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { le16(UInt16(v & 0xFFFF)); le16(UInt16(v >> 16)) }
    mutating func le64(_ v: UInt64) { le32(UInt32(v & 0xFFFF_FFFF)); le32(UInt32(v >> 32)) }
}
