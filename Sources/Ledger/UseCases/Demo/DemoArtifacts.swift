import Foundation

/// Small, real files for the demo ledger, drawn by evident itself: a PNG chart and a PDF policy.
enum DemoArtifacts {
    // MARK: PNG

    /// A PNG bar chart (RGB, 8 bits per channel) with one bar per value, scaled to 0...100.
    static func barChartPNG(values: [Int], width: Int = 320, height: Int = 160) -> Data {
        var pixels = [UInt8](repeating: 255, count: width * height * 3)
        func set(_ x: Int, _ y: Int, _ rgb: (UInt8, UInt8, UInt8)) {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            let i = (y * width + x) * 3
            pixels[i] = rgb.0; pixels[i + 1] = rgb.1; pixels[i + 2] = rgb.2
        }
        // Axes.
        for x in 20..<(width - 10) { set(x, height - 20, (60, 60, 60)) }
        for y in 10..<(height - 20) { set(20, y, (60, 60, 60)) }
        // Grid line at the 90% target.
        let target = height - 20 - (height - 40) * 90 / 100
        for x in stride(from: 21, to: width - 10, by: 4) { set(x, target, (200, 80, 80)) }
        let slot = (width - 40) / max(values.count, 1)
        for (i, v) in values.enumerated() {
            let barHeight = (height - 40) * min(max(v, 0), 100) / 100
            let x0 = 24 + i * slot
            let colour: (UInt8, UInt8, UInt8) = v >= 90 ? (46, 139, 87) : (218, 165, 32)
            for x in x0..<(x0 + slot - 6) {
                for y in (height - 20 - barHeight)..<(height - 20) { set(x, y, colour) }
            }
        }
        var raw = Data()
        raw.reserveCapacity((width * 3 + 1) * height)
        for y in 0..<height {
            raw.append(0) // filter: none
            raw.append(contentsOf: pixels[(y * width * 3)..<((y + 1) * width * 3)])
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var ihdr = Data()
        ihdr.append(be32(UInt32(width)))
        ihdr.append(be32(UInt32(height)))
        ihdr.append(contentsOf: [8, 2, 0, 0, 0]) // 8-bit RGB, deflate, no filter, no interlace
        png.append(chunk("IHDR", ihdr))
        png.append(chunk("IDAT", zlibStored(raw)))
        png.append(chunk("IEND", Data()))
        return png
    }

    private static func be32(_ v: UInt32) -> Data {
        Data([UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)])
    }

    private static func chunk(_ type: String, _ data: Data) -> Data {
        var out = be32(UInt32(data.count))
        var body = Data(type.utf8)
        body.append(data)
        out.append(body)
        out.append(be32(crc32(body)))
        return out
    }

    /// zlib stream of stored (uncompressed) deflate blocks: valid, simple, and small enough here.
    private static func zlibStored(_ data: Data) -> Data {
        var out = Data([0x78, 0x01])
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let n = min(65_535, bytes.count - offset)
            let final: UInt8 = offset + n >= bytes.count ? 1 : 0
            out.append(final)
            out.append(contentsOf: [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)])
            out.append(contentsOf: bytes[offset..<(offset + n)])
            offset += n
        } while offset < bytes.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        out.append(be32(b << 16 | a))
        return out
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    // MARK: PDF

    /// A one-page PDF with a title and lines of text (Helvetica), with a correct xref table.
    static func textPDF(title: String, lines: [String]) -> Data {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
        }
        var content = "BT /F1 16 Tf 56 780 Td (\(escape(title))) Tj ET\n"
        var y = 750
        for line in lines {
            content += "BT /F1 10 Tf 56 \(y) Td (\(escape(line))) Tj ET\n"
            y -= 15
        }
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets = [Int]()
        for (i, body) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(i + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets {
            let s = String(o)
            pdf += String(repeating: "0", count: 10 - s.count) + s + " 00000 n \n"
        }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }
}
