import Foundation
import Testing
@testable import SellerCore
@testable import SellerUI

/// The overview's figures are the counts the command line reports.
@Suite struct DashboardCLITests {
    func count(_ args: [String], _ dir: String) throws -> Int {
        let r = try runBinary("seller", args + ["--store", dir, "--format", "json"])
        #expect(r.status == 0, "\(args): \(r.err)")
        return ((try JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [Any])?.count ?? -1
    }

    func json(_ args: [String], _ dir: String) throws -> [[String: Any]] {
        let r = try runBinary("seller", args + ["--store", dir, "--format", "json"])
        return ((try JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [[String: Any]]) ?? []
    }

    @Test func dashboardFiguresEqualTheCLICountsOnTheSameStore() throws {
        let tmp = TempDir()
        #expect(try runBinary("seller", ["demo", "--store", tmp.store, "--orders", "200", "--seed", "8"]).status == 0)
        let state = try Store.open(at: tmp.store).state
        let now = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        let figures = Dashboard.figures(Model(state: state, account: state.mainAccount!, now: now, lang: .zh))
        func figure(_ s: DashboardFigure.Section, _ match: (DashboardFigure) -> Bool) -> Int? { figures.first { $0.section == s && match($0) }?.count }
        let queues = SupervisionQueue.allCases
        for f in figures where f.section == .supervision {
            #expect(f.count == (try count(["supervision", "--queue", queues[f.target.queue].rawValue], tmp.store)), "queue \(f.label)")
        }
        for f in figures where f.section == .productTypes {
            #expect(f.count == (try count(["supervision", "--type", f.target.conditions.type!.rawValue], tmp.store)), "type \(f.label)")
        }
        #expect(figure(.stalled) { $0.target.conditions.stalled == .any } == (try count(["supervision", "--stalled"], tmp.store)))
        let ticketQueues = TicketQueue.allCases
        for f in figures where f.section == .tickets {
            #expect(f.count == (try count(["tickets", "--queue", ticketQueues[f.target.queue].rawValue], tmp.store)), "tickets \(f.label)")
        }
        for f in figures where f.section == .messages {
            #expect(f.count == (try count(["messages", "--unread", "--category", String(f.target.conditions.category!)], tmp.store)), "messages \(f.label)")
        }
        let appeals = try json(["appeals"], tmp.store).filter { ($0["status"] as? String) == "pending" }
        for f in figures where f.section == .appeals {
            let n = appeals.filter { a in
                guard let t = (a["filedAt"] as? String).flatMap(Timestamp.init(iso8601:)) else { return false }
                return f.target.conditions.appealAge!.contains(t.days(until: now))
            }.count
            #expect(f.count == n, "appeals \(f.label)")
        }
        let due = try json(["invoices", "--due"], tmp.store)
        let overdue = due.filter { r in
            guard let t = (r["requestedAt"] as? String).flatMap(Timestamp.init(iso8601:)) else { return false }
            return now > t.adding(days: InvoiceRequest.issueWithinDays)
        }.count
        #expect(figure(.invoices) { $0.label == "已逾期" } == overdue)
        #expect(figure(.invoices) { $0.label != "已逾期" } == due.count - overdue)
        #expect(figures.filter { $0.section == .messages }.reduce(0) { $0 + $1.count } == (try count(["messages", "--unread"], tmp.store)))
    }
}
