import Foundation
import Ledger
import LedgerCore

/// The geometry of one trend chart of `evident report`: every coordinate worked out here, as
/// numbers, and drawn by the `chart` partial of `ReportTemplate` (so no SVG is assembled as
/// text). One band per snapshot along the x axis, in trend order, so the SPRS chart and the
/// SOC 2 chart line up; a snapshot that did not record the series keeps its band and its name
/// but has no point.
struct ReportChart {
    struct Tick {
        let y: Double
        let label: String
    }

    struct Band {
        let x: Double
        let name: String
    }

    struct Point {
        /// The band (snapshot) it stands in.
        let band: Int
        let x: Double
        let y: Double
        let label: String
        /// The point's `<title>`: the snapshot, its day and what it recorded.
        let title: String
    }

    let id: String
    let title: String
    let description: String
    let ticks: [Tick]
    /// A dashed reference line (the Conditional minimum of the SPRS chart).
    let reference: Tick?
    let bands: [Band]
    let points: [Point]
    /// The snapshot names are turned when their bands are too narrow for them.
    let turnNames: Bool
    /// What the reference line means, under the chart.
    var legend: String? = nil

    static let width = 560.0
    static let left = 52.0
    static let right = 16.0
    static let top = 22.0
    static let plotHeight = 214.0
    static var plotWidth: Double { width - left - right }
    /// Room under the plot for the snapshot names: more when they are turned.
    var height: Double { Self.top + Self.plotHeight + (turnNames ? 100 : 34) }

    /// The x of the middle of band `i` of `n`: one snapshot is a single point in the middle.
    static func x(_ i: Int, of n: Int) -> Double { left + (Double(i) + 0.5) * plotWidth / Double(max(n, 1)) }

    /// The y of `value` on an axis from `low` (bottom) to `high` (top).
    static func y(_ value: Double, low: Double, high: Double) -> Double { top + (high - value) / (high - low) * plotHeight }

    static func format(_ v: Double) -> String { String(format: "%.1f", v) }

    /// The SPRS score each snapshot recorded, on the whole range a score can take:
    /// -203 to 110 (cmmc-rules.md §3), with the least score a Conditional status allows, 88
    /// (32 CFR 170.21(a)(2)(i)), as a reference line.
    static func sprs(_ trend: [ReportService.TrendPoint]) -> ReportChart {
        let low = Double(CMMCRules.minScore), high = Double(CMMCRules.maxScore)
        let n = trend.count
        var points = [Point]()
        for (i, p) in trend.enumerated() {
            guard let score = p.sprsScore else { continue }
            points.append(Point(band: i, x: x(i, of: n), y: y(Double(score), low: low, high: high), label: String(score),
                                title: "\(p.name) (\(p.kind)), as of \(p.asOf): SPRS score \(score) of \(CMMCRules.maxScore), \(ReportWords.result(p.cmmcL2Status ?? "?"))"))
        }
        let values = trend.compactMap(\.sprsScore)
        let description: String
        if values.isEmpty {
            description = "No snapshot recorded a CMMC Level 2 SPRS score."
        } else {
            let recorded = trend.filter { $0.sprsScore != nil }
            let first = recorded[0], last = recorded[recorded.count - 1]
            description = recorded.count == 1
                ? "One snapshot recorded a score: \(first.sprsScore ?? 0) (\(first.name), as of \(first.asOf))."
                : "\(recorded.count) snapshots recorded a score, from \(first.sprsScore ?? 0) (\(first.name), as of \(first.asOf)) to \(last.sprsScore ?? 0) (\(last.name), as of \(last.asOf)); lowest \(values.min() ?? 0), highest \(values.max() ?? 0)."
        }
        let ticks = [CMMCRules.maxScore, 50, 0, -50, -100, -150, CMMCRules.minScore].map { Tick(y: y(Double($0), low: low, high: high), label: String($0)) }
        return ReportChart(id: "chart-sprs", title: "SPRS score recorded by each snapshot (\(CMMCRules.minScore) to \(CMMCRules.maxScore))",
                           description: description, ticks: ticks,
                           reference: Tick(y: y(Double(CMMCRules.conditionalMinimum), low: low, high: high), label: String(CMMCRules.conditionalMinimum)),
                           bands: bands(trend), points: points, turnNames: turn(n),
                           legend: "Dashed line: \(CMMCRules.conditionalMinimum), the least score a Conditional status allows (32 CFR 170.21(a)(2)(i)).")
    }

    /// The share of the SOC 2 criteria that apply which each snapshot recorded ready, 0 to 100 %
    /// (N/A criteria counted apart, soc2-rules.md §2).
    static func soc2(_ trend: [ReportService.TrendPoint]) -> ReportChart {
        let n = trend.count
        var points = [Point]()
        for (i, p) in trend.enumerated() {
            guard let share = p.soc2Share else { continue }
            points.append(Point(band: i, x: x(i, of: n), y: y(share * 100, low: 0, high: 100), label: ReportWords.percent(share),
                                title: "\(p.name) (\(p.kind)), as of \(p.asOf): SOC 2 Type \(p.soc2Type ?? 1), \(p.soc2Ready ?? 0) of \(p.soc2Applicable ?? 0) criteria ready (\(ReportWords.percent(share))), \(ReportWords.result(p.soc2Status ?? "?"))"))
        }
        let recorded = trend.filter { $0.soc2Share != nil }
        let description: String
        if let first = recorded.first, let last = recorded.last {
            func words(_ p: ReportService.TrendPoint) -> String { "\(p.soc2Ready ?? 0) of \(p.soc2Applicable ?? 0) (\(ReportWords.percent(p.soc2Share ?? 0)), \(p.name), as of \(p.asOf))" }
            description = recorded.count == 1
                ? "One snapshot recorded SOC 2: \(words(first)) criteria ready."
                : "\(recorded.count) snapshots recorded SOC 2, from \(words(first)) to \(words(last)) criteria ready."
        } else {
            description = "No snapshot recorded SOC 2."
        }
        let ticks = [100, 75, 50, 25, 0].map { Tick(y: y(Double($0), low: 0, high: 100), label: "\($0)%") }
        return ReportChart(id: "chart-soc2", title: "SOC 2 criteria ready, as a share of those that apply",
                           description: description, ticks: ticks, reference: nil, bands: bands(trend), points: points, turnNames: turn(n))
    }

    static func bands(_ trend: [ReportService.TrendPoint]) -> [Band] {
        trend.enumerated().map { Band(x: x($0.offset, of: trend.count), name: $0.element.name) }
    }

    /// Names lie flat while each band is wide enough for about 14 characters.
    static func turn(_ n: Int) -> Bool { plotWidth / Double(max(n, 1)) < 96 }

    /// Every how many bands a name and a value are written out, so neighbours never overlap
    /// (about 28 px each; the latest snapshot always has its own). Every point keeps its name
    /// in its `<title>`, and the table under the charts lists them all.
    var step: Int {
        let band = Self.plotWidth / Double(max(bands.count, 1))
        return band >= 28 ? 1 : Int((28 / band).rounded(.up))
    }

    func shows(_ band: Int) -> Bool {
        let last = bands.count - 1
        return band == last || (band % step == 0 && last - band >= step)
    }

    /// A name cut to what its band holds (about 7 px a character lying flat, 16 characters
    /// turned), in the middle: names often end in what tells them apart (a date, a quarter).
    func visible(_ name: String) -> String {
        let room = turnNames ? 16 : max(5, Int(Self.plotWidth / Double(max(bands.count, 1)) / 7))
        guard name.count > room else { return name }
        let head = (room - 1) / 2
        return String(name.prefix(head)) + "…" + String(name.suffix(room - 1 - head))
    }

    /// What the `chart` partial reads. Keys carry the `chart` prefix: Mustache looks a missing
    /// key up in the enclosing levels.
    var context: [String: Any] {
        var c: [String: Any] = [
            "chartID": id, "chartTitle": title, "chartDesc": description,
            "chartWidth": Self.format(Self.width), "chartHeight": Self.format(height),
            "chartLeft": Self.format(Self.left), "chartRight": Self.format(Self.width - Self.right),
            "chartTop": Self.format(Self.top), "chartBottom": Self.format(Self.top + Self.plotHeight),
            "chartTickX": Self.format(Self.left - 8),
            "chartTicks": ticks.map { ["tickY": Self.format($0.y), "tickTextY": Self.format($0.y + 4), "tickLabel": $0.label] },
            "chartBands": bands.enumerated().filter { shows($0.offset) }.map { _, b -> [String: Any] in
                let y = Self.top + Self.plotHeight + 18
                return ["bandX": Self.format(b.x), "bandY": Self.format(y), "bandName": visible(b.name),
                        "bandTurn": turnNames ? "rotate(-55 \(Self.format(b.x)) \(Self.format(y)))" : "rotate(0)",
                        "bandAnchor": turnNames ? "end" : "middle"]
            },
            "chartPoints": points.map { p -> [String: Any] in
                var point: [String: Any] = ["pointX": Self.format(p.x), "pointY": Self.format(p.y), "pointLabelY": Self.format(p.y - 11), "pointTitle": p.title,
                                            "pointSquare": Self.format(p.x - 5), "pointSquareY": Self.format(p.y - 5)]
                if shows(p.band) { point["pointLabel"] = p.label }
                return point
            },
            "chartLine": points.map { "\(Self.format($0.x)),\(Self.format($0.y))" }.joined(separator: " "),
        ]
        if points.count > 1 { c["chartHasLine"] = true }
        if points.isEmpty {
            c["chartEmpty"] = true
            c["chartEmptyY"] = Self.format(Self.top + Self.plotHeight / 2)
            c["chartMiddleX"] = Self.format(Self.left + Self.plotWidth / 2)
        }
        if let r = reference {
            // Its value by the axis, as a tick is written (never over a point); its meaning under the chart.
            c["chartRef"] = ["refY": Self.format(r.y), "refTextY": Self.format(r.y + 4), "refLabel": r.label, "refX": Self.format(Self.left - 8)]
            if let legend { c["chartLegend"] = legend }
        }
        return c
    }
}
