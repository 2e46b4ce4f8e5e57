import Foundation
import SellerUI

/// What the side-by-side figure reads on a captured screen (`tmux
/// capture-pane -p`, one line per row): when VisiData shows the CSV, when
/// the console lists every order, when its overview shows its figures.
/// A capture can catch a frame half drawn, so a marker counts only when the
/// next capture shows the same screen (SideBySide checks that).
enum BenchScreens {
    /// VisiData's bottom line, e.g. `1›orders|   …  34% loading…   51807 rows [1/1]`:
    /// the sheet's row count so far, and whether a job (loading, processing)
    /// still runs — VisiData's `threadStatus` puts a gerund and `…` there.
    struct VisiDataStatus: Equatable {
        var rows: Int
        var busy: Bool
    }

    static func lines(_ screen: String) -> [Substring] {
        screen.split(separator: "\n", omittingEmptySubsequences: false)
    }

    static func visiDataStatus(_ screen: String, sheet: String) -> VisiDataStatus? {
        guard let last = lines(screen).last(where: { !$0.allSatisfy(\.isWhitespace) }),
              let name = last.firstRange(of: "›\(sheet)|"),
              let m = last[name.upperBound...].firstMatch(of: #/(\d+) rows?\b/#) else { return nil }
        return VisiDataStatus(rows: Int(m.output.1) ?? 0, busy: last[name.upperBound..<m.range.lowerBound].contains("…"))
    }

    /// (a) VisiData's first screen of CSV rows: the column header line (the
    /// CSV's first column name), the first data row under it, and a row count.
    static func visiDataShowsRows(_ screen: String, sheet: String, firstHeader: String, firstCell: String) -> Bool {
        let l = lines(screen)
        guard let header = l.firstIndex(where: { $0.hasPrefix(" " + firstHeader) && $0.contains("│") }), header + 1 < l.count,
              l[header + 1].hasPrefix(" " + firstCell),
              let status = visiDataStatus(screen, sheet: sheet) else { return false }
        return status.rows > 0
    }

    /// (b) every row loaded: the count is final and no job runs.
    static func visiDataLoadedAll(_ screen: String, sheet: String, rows: Int) -> Bool {
        visiDataStatus(screen, sheet: sheet) == VisiDataStatus(rows: rows, busy: false)
    }

    /// The console's active tab as its tab bar shows it: `[ 1 订单 ]`.
    static func activeTab(_ tab: Tab, _ lang: Lang) -> String { "[ \(tab.rawValue) \(tab.title(lang)) ]" }

    /// (a) the console's order list with every order listed: its tab active,
    /// the list's count `N / N` (shown / listed) on the line under the tabs,
    /// and the selected row drawn.
    static func consoleListsOrders(_ screen: String, orders: Int, lang: Lang) -> Bool {
        let l = lines(screen)
        guard l.count > 3, l[1].contains(activeTab(.orders, lang)) else { return false }
        let count = l[2].split(separator: " ").suffix(3).joined(separator: " ")
        return count == "\(orders) / \(orders)" && l.dropFirst(3).contains { $0.hasPrefix("▶ ") }
    }

    /// (b) the console's overview with its figures: its tab active, the first
    /// section (服务监管) with the selected figure and its count, and the
    /// 近 30 天 section (which every store has) — not the empty body the
    /// overview shows until its figures are built.
    static func consoleOverviewReady(_ screen: String, lang: Lang) -> Bool {
        let l = lines(screen)
        guard l.count > 3, l[1].contains(activeTab(.dashboard, lang)) else { return false }
        let body = l.dropFirst(2)
        return body.contains { $0.hasPrefix(" " + lang.t("dashboard.supervision") + " ") || $0 == " " + lang.t("dashboard.supervision") }
            && body.contains { $0.firstMatch(of: #/^ ▶ .*\S\s+\d+(\s|$)/#) != nil }
            && body.contains { $0.contains(lang.t("dashboard.last_30_days")) }
    }

    // MARK: the printed lines

    static func ms(_ v: Double) -> String { v >= 100 ? String(format: "%.0f", v) : String(format: "%.1f", v) }

    /// `median (min … max)` of some samples, in milliseconds.
    static func spread(_ v: [Double]) -> String {
        let s = v.sorted()
        return "\(ms(Figure.median(s))) ms (\(ms(s.first ?? .nan)) … \(ms(s.last ?? .nan)))"
    }

    /// "orders listed: console X ms vs VisiData Y ms (first screen), Z ms (all rows): ratio Y/X — target ≥ 4× ok/MISS"
    static func ordersLine(console: [Double], vdFirst: [Double], vdAll: [Double]) -> (line: String, ok: Bool) {
        let ratio = Figure.median(vdFirst) / Figure.median(console)
        let ratioAll = Figure.median(vdAll) / Figure.median(console)
        let ok = ratio >= 4
        return ("orders listed: console \(spread(console)) vs VisiData \(spread(vdFirst)) (first screen), \(spread(vdAll)) (all rows): "
                + String(format: "ratio %.2f× (all rows %.2f×)", ratio, ratioAll) + " — target ≥ 4× \(ok ? "ok" : "MISS")", ok)
    }

    /// "overview ready: console X ms vs VisiData first screen Y ms — target ≤ ok/MISS"
    static func overviewLine(console: [Double], vdFirst: [Double], vdAll: [Double]) -> (line: String, ok: Bool) {
        let ok = Figure.median(console) <= Figure.median(vdFirst)
        return ("overview ready: console \(spread(console)) vs VisiData first screen \(spread(vdFirst)) (all rows \(spread(vdAll)))"
                + " — target ≤ VisiData's first screen \(ok ? "ok" : "MISS")", ok)
    }
}
