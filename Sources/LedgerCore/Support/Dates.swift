/// The range evident's calendar works in, decided once here (issue "trust": no record, option or
/// date can crash a reader). Every date and duration computation is total over it:
///
/// - **Days** run from 0001-01-01 to 9999-12-31, what `YYYY-MM-DD` can write. Arithmetic that
///   would leave that range stops at its edge (`Day.adding(days:)`, `Day.adding(months:)`,
///   `Day(epochDay:)` clamp), so evidence valid "until after 9999" is valid until 9999-12-31.
/// - **Timestamps** run from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. A typed time whose
///   zone offset moves it outside is refused (`Timestamp(parsing:)`); a commit time outside
///   (git stores any 64-bit number) is shown clamped.
/// - **Durations** (`evidence_valid_for`, `policy.default_evidence_validity`, `policy.grace`) are
///   at most `P100Y`, counting a year as the Gregorian average of 365.2425 days and a month as a
///   twelfth of that (`P1200M` and `P36524D` pass, `P36525D` does not). Longer is a typo
///   (`P8000Y` for `P8Y`); records holding one fail validation, naming the field and this limit.
/// - **Observation periods** (`readiness --type 2 --period`, soc2-type2 snapshots) span at most
///   ten years: SOC 2 Type 2 periods run 3 to 12 months, and ten years is already 3,653 daily
///   intervals per control, each of which the report names when uncovered.
public enum CalendarLimits {
    public static let firstDay = Day(checkedYear: 1, month: 1, day: 1)
    public static let lastDay = Day(checkedYear: 9999, month: 12, day: 31)
    public static let firstSecond = Timestamp(seconds: firstDay.epochDay * 86_400)
    public static let lastSecond = Timestamp(seconds: lastDay.epochDay * 86_400 + 86_399)
    /// The longest duration a record may hold.
    public static let longestDuration = ISODuration(years: 100)
    /// The longest observation period, as a duration from its first day.
    public static let longestPeriod = ISODuration(years: 10)
    /// What every date message says about the range.
    public static let dayRange = "0001-01-01..9999-12-31"
}

/// A calendar day (UTC), written `YYYY-MM-DD`. Pure arithmetic, no Foundation calendar. Always
/// inside `CalendarLimits` (0001-01-01 to 9999-12-31).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A day the caller knows to be real (the limits above).
    fileprivate init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// 0001-01-01 and 9999-12-31 as days since 1970-01-01 (days_from_civil of each).
    static let firstEpochDay = -719_162
    static let lastEpochDay = 2_932_896

    /// Days since 1970-01-01, clamped to 0001-01-01...9999-12-31 (`CalendarLimits`), so any Int
    /// (a corrupt cache entry, a far commit time) gives a real day.
    public init(epochDay: Int) {
        let z0 = min(max(epochDay, Day.firstEpochDay), Day.lastEpochDay)
        // Howard Hinnant's civil_from_days.
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Parses `YYYY-MM-DD` strictly (a real calendar day).
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45,
              let y = Day.number(u[0..<4]), let m = Day.number(u[5..<7]), let d = Day.number(u[8..<10]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var n = 0
        for c in digits {
            guard c >= 48 && c <= 57 else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return n
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var epochDay: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Moves by `days` (negative goes back); stops at 0001-01-01 and 9999-12-31 (`CalendarLimits`).
    public func adding(days: Int) -> Day { advanced(days: days).day }

    /// Adds months, clamping the day to the end of a shorter month (Jan 31 + 1 month = Feb 28/29),
    /// and stopping at 0001-01-01 and 9999-12-31 (`CalendarLimits`).
    public func adding(months: Int) -> Day { advanced(months: months).day }

    /// `adding(days:)`, saying whether the result was stopped at an edge of the calendar.
    public func advanced(days: Int) -> (day: Day, clamped: Bool) {
        let (sum, overflow) = epochDay.addingReportingOverflow(days)
        if overflow { return (days > 0 ? CalendarLimits.lastDay : CalendarLimits.firstDay, true) }
        return (Day(epochDay: sum), sum < Day.firstEpochDay || sum > Day.lastEpochDay)
    }

    /// `adding(months:)`, saying whether the result was stopped at an edge of the calendar.
    public func advanced(months: Int) -> (day: Day, clamped: Bool) {
        let (total, overflow) = (year * 12 + (month - 1)).addingReportingOverflow(months)
        if overflow || total > 9999 * 12 + 11 { return (months > 0 ? CalendarLimits.lastDay : CalendarLimits.firstDay, true) }
        if total < 12 { return (CalendarLimits.firstDay, true) }
        let y = total / 12
        let m = total % 12 + 1
        return (Day(checkedYear: y, month: m, day: min(day, Day.daysIn(month: m, year: y))), false)
    }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: Day, b: Day) -> Bool { a.epochDay < b.epochDay }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Day(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date (YYYY-MM-DD): \(s)"))
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A moment in UTC with one-second resolution, written `YYYY-MM-DDTHH:MM:SSZ`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// From Foundation's seconds (a commit's or tag's time as `Date`), clamped into the calendar
    /// (`CalendarLimits`): a commit holds whatever 64-bit time it was written with, and `Int(_:)`
    /// of a Double at or past 2^63 traps.
    public init(secondsSince1970 t: Double) {
        let lo = Double(Day.firstEpochDay * 86_400), hi = Double(Day.lastEpochDay * 86_400 + 86_399)
        seconds = t.isNaN ? 0 : Int(min(max(t.rounded(.down), lo), hi))
    }

    public init(day: Day, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = day.epochDay * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Inside 0001-01-01T00:00:00Z...9999-12-31T23:59:59Z (`CalendarLimits`).
    public var isInCalendar: Bool {
        seconds >= Day.firstEpochDay * 86_400 && seconds <= Day.lastEpochDay * 86_400 + 86_399
    }

    /// The canonical form only: `YYYY-MM-DDTHH:MM:SSZ`.
    public init?(canonical text: String) {
        let u = Array(text.utf8)
        guard u.count == 20, u[10] == 84, u[13] == 58, u[16] == 58, u[19] == 90,
              let day = Day(String(decoding: u[0..<10], as: UTF8.self)),
              let h = Day.number(u[11..<13]), let m = Day.number(u[14..<16]), let s = Day.number(u[17..<19]),
              h < 24, m < 60, s < 60 else { return nil }
        self.init(day: day, hour: h, minute: m, second: s)
    }

    /// What people type: `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDTHH:MM[:SS]` with `Z`, `+HH:MM`
    /// or `-HH:MM` (converted to UTC), or a space instead of `T`.
    public init?(parsing text: String) {
        if let day = Day(text) {
            self.init(day: day)
            return
        }
        let u = Array(text.utf8)
        guard u.count >= 16, u[10] == 84 || u[10] == 32, let day = Day(String(decoding: u[0..<10], as: UTF8.self)),
              let h = Day.number(u[11..<13]), u[13] == 58, let m = Day.number(u[14..<16]), h < 24, m < 60 else { return nil }
        var i = 16
        var s = 0
        if i < u.count, u[i] == 58 {
            guard u.count >= i + 3, let sec = Day.number(u[(i + 1)..<(i + 3)]), sec < 60 else { return nil }
            s = sec
            i += 3
            // Fractions of a second are dropped.
            if i < u.count, u[i] == 46 {
                i += 1
                while i < u.count, u[i] >= 48 && u[i] <= 57 { i += 1 }
            }
        }
        var offset = 0
        if i == u.count {
            return nil // a time without a zone is ambiguous
        } else if u[i] == 90, i + 1 == u.count {
            offset = 0
        } else if u[i] == 43 || u[i] == 45, u.count == i + 6, u[i + 3] == 58,
                  let oh = Day.number(u[(i + 1)..<(i + 3)]), let om = Day.number(u[(i + 4)..<(i + 6)]), oh < 24, om < 60 {
            offset = (oh * 60 + om) * 60 * (u[i] == 45 ? -1 : 1)
        } else {
            return nil
        }
        // A zone offset can move the first or last hours of the calendar out of it (CalendarLimits).
        let t = Timestamp(seconds: Timestamp(day: day, hour: h, minute: m, second: s).seconds - offset)
        guard t.isInCalendar else { return nil }
        self = t
    }

    /// The seconds moved inside the calendar (a commit time can be any 64-bit number).
    var clampedSeconds: Int {
        min(max(seconds, Day.firstEpochDay * 86_400), Day.lastEpochDay * 86_400 + 86_399)
    }

    public var day: Day {
        let s = clampedSeconds
        return Day(epochDay: s >= 0 ? s / 86_400 : -((-s + 86_399) / 86_400))
    }

    public var description: String {
        let secOfDay = clampedSeconds - day.epochDay * 86_400
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(pad(secOfDay / 3600)):\(pad(secOfDay % 3600 / 60)):\(pad(secOfDay % 60))Z"
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let t = Timestamp(canonical: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UTC timestamp: \(s)"))
        }
        self = t
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// An ISO 8601 duration of whole days, weeks, months and years (`P1Y`, `P3M`, `P14D`, `P1Y6M`).
public struct ISODuration: Hashable, Sendable, CustomStringConvertible, Codable {
    public var years: Int
    public var months: Int
    public var weeks: Int
    public var days: Int

    public init(years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0) {
        self.years = years
        self.months = months
        self.weeks = weeks
        self.days = days
    }

    /// Why a text is not a usable duration.
    public enum Problem: Error, Equatable, Sendable {
        /// Not of the form P[nY][nM][nW][nD].
        case notADuration
        /// Longer than `CalendarLimits.longestDuration`.
        case tooLong
    }

    /// A duration within `CalendarLimits.longestDuration` (P100Y), or nil.
    public init?(_ text: String) {
        guard case .success(let d) = ISODuration.parse(text) else { return nil }
        self = d
    }

    /// Parses and checks the limit, saying which of the two failed.
    public static func parse(_ text: String) -> Result<ISODuration, Problem> {
        guard let d = ISODuration(syntax: text) else { return .failure(.notADuration) }
        return d.isWithinLimits ? .success(d) : .failure(.tooLong)
    }

    /// At most P100Y (`CalendarLimits`): months counted as 146097/4800 days (the Gregorian
    /// average), so the test is months × 146097 + days × 4800 ≤ 1200 × 146097, in integers.
    public var isWithinLimits: Bool {
        guard years >= 0, months >= 0, weeks >= 0, days >= 0,
              years <= 100, months <= 1200, weeks <= 5300, days <= 36_525 else { return false }
        let totalMonths = years * 12 + months
        let totalDays = weeks * 7 + days
        return totalMonths * 146_097 + totalDays * 4800 <= 1200 * 146_097
    }

    /// The syntax only, any length: `P` then Y, M, W, D parts in that order, at most six digits each.
    init?(syntax text: String) {
        guard text.hasPrefix("P"), text.count > 1 else { return nil }
        var y = 0, mo = 0, w = 0, d = 0
        var number = ""
        var order = 0 // Y, M, W, D must come in this order, each at most once
        for c in text.dropFirst() {
            if c.isASCII && c.isNumber {
                number.append(c)
                continue
            }
            guard let n = Int(number), number.count <= 6 else { return nil }
            number = ""
            switch c {
            case "Y" where order < 1: y = n; order = 1
            case "M" where order < 2: mo = n; order = 2
            case "W" where order < 3: w = n; order = 3
            case "D" where order < 4: d = n; order = 4
            default: return nil
            }
        }
        guard number.isEmpty else { return nil }
        self.init(years: y, months: mo, weeks: w, days: d)
    }

    /// `day` moved forward by this duration (months clamp at month end; the result stops at
    /// 9999-12-31, `CalendarLimits`). Total for any field values.
    public func added(to day: Day) -> Day { advanced(day).day }

    /// `added(to:)`, saying whether the result was stopped at an edge of the calendar.
    public func advanced(_ day: Day) -> (day: Day, clamped: Bool) {
        let m = Self.saturating(years, 12, months)
        let d = Self.saturating(weeks, 7, days)
        let byMonths = day.advanced(months: m)
        let byDays = byMonths.day.advanced(days: d)
        return (byDays.day, byMonths.clamped || byDays.clamped)
    }

    /// a × k + b, stopping at Int.min / Int.max.
    static func saturating(_ a: Int, _ k: Int, _ b: Int) -> Int {
        let (p, o1) = a.multipliedReportingOverflow(by: k)
        if o1 { return a < 0 ? Int.min : Int.max }
        let (s, o2) = p.addingReportingOverflow(b)
        if o2 { return b < 0 ? Int.min : Int.max }
        return s
    }

    public var isZero: Bool { years == 0 && months == 0 && weeks == 0 && days == 0 }

    public var description: String {
        if isZero { return "P0D" }
        var s = "P"
        if years > 0 { s += "\(years)Y" }
        if months > 0 { s += "\(months)M" }
        if weeks > 0 { s += "\(weeks)W" }
        if days > 0 { s += "\(days)D" }
        return s
    }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        switch ISODuration.parse(s) {
        case .success(let d): self = d
        case .failure(.tooLong):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(s) is longer than \(CalendarLimits.longestDuration)"))
        case .failure(.notADuration):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 duration: \(s)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
