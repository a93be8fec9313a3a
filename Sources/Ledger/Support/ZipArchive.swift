import Crypto
import Foundation
import LedgerCore
import ZIPFoundation

/// ZIP files, the one place evident reads and writes them: ZIPFoundation reads them and deflates
/// and checksums what is written; the container of a written ZIP is laid out here. No
/// ZIPFoundation type leaves this file. Evidence bundles are written here and read back by
/// `verify --bundle`.
public enum ZipArchive {
    /// The bytes of a ZIP holding `files` in the order given: each a regular file (mode 0644,
    /// made on Unix, UTF-8 name), deflated by ZIPFoundation (zlib, default level), dated `day`
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
        let year = min(max(day.year, 1980), 2107)
        let dosDate = UInt16(year == day.year ? (year - 1980) << 9 | day.month << 5 | day.day : year == 1980 ? 1 << 5 | 1 : 127 << 9 | 12 << 5 | 31)
        let dosTime = UInt16(0)
        let limit = Int(UInt32.max)
        var out = Data()
        var central = Data()
        for f in files {
            let name = Data(f.path.utf8)
            guard name.count < Int(UInt16.max) else { throw LedgerError(.failure, "\(f.path.prefix(60))...: a name this long cannot be stored in a ZIP") }
            var deflated = Data()
            let data = f.data
            let crc: UInt32
            do {
                crc = try Data.compress(size: Int64(data.count), bufferSize: defaultWriteChunkSize, provider: { position, size in
                    let start = data.startIndex + Int(position)
                    return data.subdata(in: start..<min(start + size, data.endIndex))
                }, consumer: { deflated.append($0) })
            } catch {
                throw LedgerError(.failure, "compressing \(f.path) for the ZIP: \(error)")
            }
            let offset = out.count
            guard data.count < limit, deflated.count < limit, offset + 30 + name.count + deflated.count < limit else {
                throw LedgerError(.failure, "the ZIP would reach 4 GiB at \(f.path): a bundle holds less than 4 GiB in all")
            }
            // Local file header (APPNOTE 4.3.7): version 2.0, UTF-8 name (bit 11), deflate.
            var local = Data()
            local.le32(0x0403_4B50)
            local.le16(20); local.le16(0x0800); local.le16(8); local.le16(dosTime); local.le16(dosDate)
            local.le32(crc); local.le32(UInt32(deflated.count)); local.le32(UInt32(data.count))
            local.le16(UInt16(name.count)); local.le16(0)
            out.append(local); out.append(name); out.append(deflated)
            // Central directory header (4.3.12): made by Unix (3) with version 2.0, mode 0100644.
            central.le32(0x0201_4B50)
            central.le16(3 << 8 | 20); central.le16(20); central.le16(0x0800); central.le16(8); central.le16(dosTime); central.le16(dosDate)
            central.le32(crc); central.le32(UInt32(deflated.count)); central.le32(UInt32(data.count))
            central.le16(UInt16(name.count)); central.le16(0); central.le16(0); central.le16(0); central.le16(0)
            central.le32(UInt32(0o100644) << 16); central.le32(UInt32(offset))
            central.append(name)
        }
        let centralOffset = out.count
        guard centralOffset + central.count < limit else { throw LedgerError(.failure, "the ZIP would reach 4 GiB: a bundle holds less than 4 GiB in all") }
        out.append(central)
        let count = files.count
        if count >= Int(UInt16.max) {
            // ZIP64 end of central directory record (4.3.14) and its locator (4.3.15).
            let record = out.count
            out.le32(0x0606_4B50); out.le64(44)
            out.le16(3 << 8 | 45); out.le16(45); out.le32(0); out.le32(0)
            out.le64(UInt64(count)); out.le64(UInt64(count)); out.le64(UInt64(central.count)); out.le64(UInt64(centralOffset))
            out.le32(0x0706_4B50); out.le32(0); out.le64(UInt64(record)); out.le32(1)
        }
        // End of central directory record (4.3.16); 0xFFFF entries: see the ZIP64 record.
        let shortCount = UInt16(min(count, Int(UInt16.max)))
        out.le32(0x0605_4B50); out.le16(0); out.le16(0); out.le16(shortCount); out.le16(shortCount)
        out.le32(UInt32(central.count)); out.le32(UInt32(centralOffset)); out.le16(0)
        return out
    }

    /// Every entry of the ZIP at `path` (shown as `shown`) as `EvidenceBundle.check` takes it, in
    /// the ZIP's order: its SHA-256 computed as it is decompressed (its CRC-32 checked), its bytes
    /// kept only for the files the check reads. Nothing is extracted to disk, and an entry whose
    /// name is unsafe (`EvidenceBundle.isSafe`) is not even decompressed. Throws `LedgerError`
    /// `.notFound` when there is no such file, `.invalidInput` when it is a folder, cannot be read
    /// or is not a ZIP.
    public static func read(_ path: String, shownAs shown: String) throws -> [EvidenceBundle.Entry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LedgerError.notFound("--bundle \(shown): no such file; give the .zip that 'evident export bundle' wrote")
        }
        guard !isDirectory.boolValue else {
            throw LedgerError.invalid("--bundle \(shown) is a folder: give the bundle's .zip file itself (an extracted bundle is checked with 'sha256sum -c SHA256SUMS' in it)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw LedgerError.invalid("--bundle \(shown) cannot be read (permission denied?): make it readable, or copy it somewhere that is")
        }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw LedgerError.invalid("--bundle \(shown) is not a ZIP file (no ZIP directory at its end; the file is another kind, or cut short): give the .zip that 'evident export bundle' wrote")
        }
        var out = [EvidenceBundle.Entry]()
        for entry in archive {
            let name = entry.path
            guard EvidenceBundle.isSafe(name) else {
                out.append(EvidenceBundle.Entry(path: name, sha256: nil, data: nil))
                continue
            }
            switch entry.type {
            case .directory:
                out.append(EvidenceBundle.Entry(path: name.hasSuffix("/") ? name : name + "/", sha256: nil, data: nil))
                continue
            case .symlink:
                out.append(EvidenceBundle.Entry(path: name, sha256: nil, data: nil, unreadable: "is a symbolic link, not a file: it was not followed"))
                continue
            case .file:
                break
            }
            let keep = EvidenceBundle.textFiles.contains(name)
            var hasher = SHA256()
            var kept = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    hasher.update(data: chunk)
                    if keep { kept.append(chunk) }
                }
            } catch {
                let why: String
                if case Archive.ArchiveError.invalidCRC32 = error {
                    why = "does not match the CRC-32 the ZIP records for it: the entry is damaged"
                } else {
                    why = "cannot be read from the ZIP (\(error)): the entry is damaged"
                }
                out.append(EvidenceBundle.Entry(path: name, sha256: nil, data: nil, unreadable: why))
                continue
            }
            let digest = hasher.finalize()
            out.append(EvidenceBundle.Entry(path: name, sha256: Digest.hex(digest), data: keep ? kept : nil))
        }
        return out
    }
}

extension Data {
    /// Little-endian integers, as every ZIP field is.
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { le16(UInt16(v & 0xFFFF)); le16(UInt16(v >> 16)) }
    mutating func le64(_ v: UInt64) { le32(UInt32(v & 0xFFFF_FFFF)); le32(UInt32(v >> 32)) }
}
