import Foundation
import Ledger
import LedgerCore
import Testing
import TestSupport

/// `ZipArchive.write`, the one-pass ZIP writer of evidence bundles, read back by Python's zipfile,
/// Info-ZIP's unzip and ZIPFoundation (`ZipArchive.read`).
@Suite struct ZipArchiveTests {
    static func python(_ script: String, _ args: [String]) -> ProcessResult {
        Processes.run("/usr/bin/python3", ["-c", script] + args, cwd: "/")
    }

    /// More than 65,534 entries need the ZIP64 end records (APPNOTE 4.3.14-4.3.15): the 16-bit
    /// counts of the classic end record say 0xFFFF. 70,000 entries named f00000 ... f69999, each
    /// holding its own name: Python counts 70,000 and reads f69999's text back, unzip tests every
    /// entry, and ZIPFoundation reads the same 70,000 with their SHA-256.
    @Test func seventyThousandEntriesTakeTheZIP64EndRecords() throws {
        let dir = TemporaryDirectory("evident-zip64")
        let names = (0..<70_000).map { String(format: "f%05d", $0) }
        let zip = try ZipArchive.write(names.map { ($0, Data($0.utf8)) }, day: try #require(Day("2026-06-01")))
        let path = dir.write("many.zip", zip)
        let py = Self.python("import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(len(z.infolist()), z.read('f69999').decode())", [path])
        #expect(py.stdout == "70000 f69999\n", "\(py.stdout)\(py.stderr)")
        let t = Processes.run("/usr/bin/unzip", ["-tq", path], cwd: "/")
        #expect(t.status == 0, "\(t.stdout)\(t.stderr)")
        let entries = try ZipArchive.read(path, shownAs: "many.zip")
        #expect(entries.count == 70_000 && entries.last?.path == "f69999")
        // sha256 of "f69999" (printf f69999 | sha256sum).
        #expect(entries.last?.sha256 == Digest.sha256(Data("f69999".utf8)))
    }

    /// A file over 4 MiB is deflated a megabyte at a time (only its deflated bytes are held):
    /// 5,000,000 letters of a linear congruential sequence beside a small file. Python reads it
    /// back whole with its CRC-32 checked (`testzip`), and its stored stream is byte for byte
    /// what zlib gives for the whole text in one call at the same settings (raw deflate, level
    /// 6, memory level 8): feeding it in pieces changes nothing a reader or a re-export sees.
    @Test func aLargeFileIsDeflatedInPiecesToTheSameStream() throws {
        var x: UInt32 = 7
        let text = Data((0..<5_000_000).map { _ -> UInt8 in x = x &* 1_103_515_245 &+ 12_345; return 97 + UInt8((x >> 16) % 26) })
        let zip = try ZipArchive.write([("big.txt", text), ("small.txt", Data("small\n".utf8))], day: try #require(Day("2026-06-01")))
        let dir = TemporaryDirectory("evident-zip-large")
        let path = dir.write("large.zip", zip)
        let big = dir.write("big.txt", text)
        let script = """
        import sys, zipfile, zlib, hashlib
        z = zipfile.ZipFile(sys.argv[1])
        assert z.testzip() is None
        data = open(sys.argv[2], 'rb').read()
        assert z.read('big.txt') == data
        info = z.getinfo('big.txt')
        raw = open(sys.argv[1], 'rb').read()
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        stored = raw[start:start + info.compress_size]
        c = zlib.compressobj(6, zlib.DEFLATED, -15, 8)
        print(info.file_size, stored == c.compress(data) + c.flush(), z.read('small.txt').decode(), end='')
        """
        let py = Self.python(script, [path, big])
        #expect(py.stdout == "5000000 True small\n", "\(py.stdout)\(py.stderr)")
    }

    /// ZIP dates run from 1980 to 2107: a day before is written as 1980-01-01, one after as
    /// 2107-12-31, both at 00:00; an empty file is a deflated empty stream.
    @Test func daysOutsideTheZipRangeAreItsEndsAndTheSameFilesGiveTheSameBytes() throws {
        let dir = TemporaryDirectory("evident-zip-days")
        for (day, shown) in [("1975-07-04", "(1980, 1, 1, 0, 0, 0)"), ("2200-03-01", "(2107, 12, 31, 0, 0, 0)"), ("2099-12-31", "(2099, 12, 31, 0, 0, 0)")] {
            let files: [(path: String, data: Data)] = [("empty", Data()), ("a/b.txt", Data("b\n".utf8))]
            let d = try #require(Day(day))
            let zip = try ZipArchive.write(files, day: d)
            #expect(try ZipArchive.write(files, day: d) == zip)
            let path = dir.write("\(day).zip", zip)
            let py = Self.python("import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nfor i in z.infolist(): print(i.filename, i.date_time, i.file_size)", [path])
            #expect(py.stdout == "empty \(shown) 0\na/b.txt \(shown) 2\n", "\(day): \(py.stdout)\(py.stderr)")
        }
    }

    /// An entry whose compressed size (in its local header and the directory) is cut to half of
    /// its deflate stream: the stream ends past the entry, in bytes that follow it. Inflating
    /// stops at the entry's end and calls it damaged (ZIPFoundation's own `extract` reads on past
    /// it). The text, 200,000 letters of a linear congruential sequence, deflates to a stream
    /// far longer than a block, so half of it is no complete stream.
    @Test func aDeflateStreamCutShortIsDamagedAndReadingEnds() throws {
        var x: UInt32 = 1
        let text = Data((0..<200_000).map { _ -> UInt8 in x = x &* 1_103_515_245 &+ 12_345; return 97 + UInt8((x >> 16) % 26) })
        var zip = try ZipArchive.write([("big.txt", text), ("after.txt", Data("after\n".utf8))], day: try #require(Day("2026-06-01")))
        // The local header's compressed size is at byte 18; the directory starts 46 + 7 bytes and
        // 46 + 9 bytes of headers before the end record (22 bytes), its compressed size at 20.
        let compressed = Int(zip[18]) | Int(zip[19]) << 8 | Int(zip[20]) << 16 | Int(zip[21]) << 24
        let half = UInt32(compressed / 2)
        let directory = zip.count - 22 - (46 + 7) - (46 + 9)
        for at in [18, directory + 20] {
            for k in 0..<4 { zip[at + k] = UInt8((half >> (8 * UInt32(k))) & 0xFF) }
        }
        let dir = TemporaryDirectory("evident-zip-cut")
        let path = dir.write("cut.zip", zip)
        let entries = try ZipArchive.read(path, shownAs: "cut.zip")
        #expect(entries.map(\.path) == ["big.txt", "after.txt"])
        #expect(entries.first?.unreadable == "does not inflate (its deflate stream is damaged or cut short): the entry is damaged")
        #expect(entries.last?.unreadable == nil && entries.last?.sha256 == Digest.sha256(Data("after\n".utf8)))
    }

    /// A bundle with 4 bytes appended (as a careless transfer might add them) is no bundle as it
    /// was written: the refusal counts the bytes after its end record rather than calling it cut short.
    @Test func bytesAfterTheEndRecordAreCounted() throws {
        let dir = TemporaryDirectory("evident-zip-appended")
        var zip = try ZipArchive.write([("a.txt", Data("a\n".utf8))], day: try #require(Day("2026-06-01")))
        zip.append(contentsOf: Array("junk".utf8))
        let path = dir.write("appended.zip", zip)
        #expect(throws: LedgerError.invalid("--bundle appended.zip has 4 bytes after the end of its ZIP: something was added to the file after it was written (a bundle ends with its ZIP's end record); give the .zip exactly as 'evident export bundle' wrote it")) {
            try ZipArchive.read(path, shownAs: "appended.zip")
        }
    }

    @Test func readingRefusesWhatIsNoZip() {
        let dir = TemporaryDirectory("evident-zip-bad")
        let path = dir.write("bad.zip", "PK\u{3}\u{4} not really\n")
        #expect(throws: LedgerError.invalid("--bundle bad.zip is not a ZIP file (no ZIP directory at its end; the file is another kind, or cut short): give the .zip that 'evident export bundle' wrote")) {
            try ZipArchive.read(path, shownAs: "bad.zip")
        }
    }
}
