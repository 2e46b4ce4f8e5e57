import Foundation
import Testing
@testable import SellerCore

/// Issue 13, "done means": a feed holding only what the platform may
/// legitimately send — re-sent orders, a buyer's appeal during the merchant's,
/// a renewal naming only its instance, tickets of an authorised product, a
/// licence activation, an unsubscribe of a frozen record — ingests with exit
/// 0 through the real binary, and the store ends as the seeds describe.
@Suite struct LegitimateFeedTests {
    static func line(_ id: String, _ type: String, _ at: String, _ body: String) -> String {
        #"{"id":"\#(id)","type":"\#(type)","at":"2026-11-\#(at)+08:00",\#(body)}"#
    }

    static func order(_ id: String, _ product: String, _ day: String, type: String = "NEW", mode: String = "PERIOD",
                      extra: String = "") -> String {
        let period = mode == "PERIOD" ? #","periodType":"month","periodNumber":1"# : ""
        return #""order":{"id":"\#(id)","productId":"\#(product)","customer":{"id":"c-\#(id)","name":"欧阳秀英","userName":"oy"},"createdAt":"2026-11-\#(day)+08:00","chargingMode":"\#(mode)"\#(period),"amount":"1200.00","orderType":"\#(type)"\#(extra)}"#
    }

    @Test func aLegitimatePlatformFeedIngestsCleanlyAndLandsAsTheSeedsSay() throws {
        let tmp = TempDir()
        let dir = tmp.store
        func seller(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
            try runBinary("seller", args + ["--store", dir], env: ["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"])
        }
        #expect(try seller(["init", "--name", "云杉科技", "--id", "acme"]).status == 0)
        #expect(try seller(["accounts", "add", "--id", "li.na", "--name", "李娜", "--role", "delivery"]).status == 0)

        let products = [
            Self.line("p1", "product.upserted", "01T09:00:00", #""product":{"id":"P1","name":"数据迁移服务","type":"manual_service","saleModel":"general"}"#),
            Self.line("p2", "product.upserted", "01T09:00:00", #""product":{"id":"P2","name":"CRM SaaS","type":"saas","saleModel":"general"}"#),
            Self.line("p3", "product.upserted", "01T09:00:00", #""product":{"id":"P3","name":"ERP 授权码","type":"license_code","saleModel":"joint"}"#),
            Self.line("p4", "product.upserted", "01T09:00:00", #""product":{"id":"P4","name":"一键部署包","type":"license_package","saleModel":"general"}"#),
            Self.line("p5", "product.upserted", "01T09:00:00", #""product":{"id":"P5","name":"加固镜像","type":"image","saleModel":"general"}"#),
        ]
        let feed1 = tmp.path + "/feed1.jsonl"
        writeBytes(feed1, Array((products + [
            Self.line("o1", "order.created", "02T10:00:00", Self.order("CS1", "P1", "02T10:00:00")),
            // The platform re-sends the same order under a new id: a duplicate.
            Self.line("o1-again", "order.created", "02T10:05:00", Self.order("CS1", "P1", "02T10:00:00")),
            Self.line("o3", "order.created", "02T10:00:00", Self.order("CS3", "P3", "02T10:00:00")),
            Self.line("o4", "order.created", "02T10:00:00", Self.order("CS4", "P4", "02T10:00:00", extra: #","instanceId":"inst-4""#)),
            Self.line("a4", "supervision.buyer_accepted", "03T10:00:00", #""orderId":"CS4""#),
            Self.line("c4", "order.completed", "03T12:00:00", #""orderId":"CS4""#),
            // A renewal that names only the instance.
            Self.line("o5", "order.created", "20T10:00:00", Self.order("CS5", "P4", "20T10:00:00", type: "RENEW", extra: #","instanceId":"inst-4""#)),
            Self.line("o6", "order.created", "02T10:00:00", Self.order("CS6", "P5", "02T10:00:00", mode: "ON_DEMAND")),
            Self.line("r1", "supervision.requirements_submitted", "02T11:00:00", #""orderId":"CS1","text":"迁移 2TB 数据""#),
        ]).joined(separator: "\n").utf8 + [0x0A]))
        let first = try seller(["ingest", feed1])
        #expect(first.status == 0, "\(first.out)\n\(first.err)")
        #expect(first.out.contains("duplicates 1, rejected 0"), "\(first.out)")

        // The merchant's own steps, from the merchant's commands.
        #expect(try seller(["products", "authorize", "P2", "--to", "li.na"]).status == 0)
        #expect(try seller(["supervision", "do", "CS1", "confirm-requirements"]).status == 0)
        let proof = tmp.path + "/沟通记录.txt"
        writeBytes(proof, Array("买家七天未回复".utf8))
        let filed = try seller(["appeal", "file", "CS1", "--reason", "买家不配合验收", "--evidence", proof])
        #expect(filed.status == 0, "\(filed.err)")
        #expect(try seller(["supervision", "do", "CS3", "implement"]).status == 0)

        let state1 = try Store.open(at: dir).state
        let merchantAppeal = try #require(state1.appeals.values.first { $0.initiator == .merchant })
        let feed2 = tmp.path + "/feed2.jsonl"
        writeBytes(feed2, Array([
            // The buyer appeals while the merchant's appeal is open.
            Self.line("b1", "appeal.filed", "05T10:00:00", #""appealId":"B1","orderId":"CS1","reason":"交付延迟","demands":"退款""#),
            Self.line("m1", "appeal.resolved", "06T10:00:00", #""appealId":"\#(merchantAppeal.id)","outcome":"dismissed","resolution":"请双方沟通""#),
            // A ticket of the product authorised to the delivery sub-account.
            Self.line("t1", "ticket.opened", "06T11:00:00", #""ticket":{"id":"T1","productId":"P2","customer":{"id":"c9","name":"王芳","userName":"wf"},"title":"无法登录","body":"报错 403"}"#),
            // The platform detects the licence activation the merchant did through the API.
            Self.line("l3", "supervision.auto_accepted", "07T10:00:00", #""orderId":"CS3","cause":"license_activated""#),
            Self.line("c3", "order.completed", "07T12:00:00", #""orderId":"CS3""#),
            // The platform ends the frozen order: it decides.
            Self.line("u1", "order.unsubscribed", "08T10:00:00", #""orderId":"CS1","note":"平台裁定退款""#),
        ].joined(separator: "\n").utf8 + [0x0A]))
        let second = try seller(["ingest", feed2])
        #expect(second.status == 0, "\(second.out)\n\(second.err)")
        #expect(second.out.contains("applied 6, duplicates 0, rejected 0"), "\(second.out)")

        let accepted = try seller(["ticket", "accept", "T1", "--as", "li.na"])
        #expect(accepted.status == 0, "the authorised delivery sub-account works its product's ticket: \(accepted.err)")

        let s = try Store.open(at: dir).state
        #expect(s.records["CS5"] == nil && s.orders["CS5"]?.parentOrderId == "CS4", "renewal by instance: no record, linked")
        #expect(s.records["CS3"]?.state == .completed && s.orders["CS3"]?.status == .completed)
        #expect(s.records["CS1"]?.state == .cancelled && s.orders["CS1"]?.status == .unsubscribed)
        #expect(s.appeals["B1"]?.status == .closed && s.appeals[merchantAppeal.id]?.status == .resolved)
        #expect(s.tickets["T1"]?.owner == "li.na" && s.tickets["T1"]?.status == .doing)
        #expect(s.orders["CS6"] != nil)

        // 按需 orders stay out of the list and its export, but are kept.
        let listed = try seller(["orders", "--format", "csv"])
        #expect(listed.status == 0 && !listed.out.contains("CS6") && listed.out.contains("CS4"))
        #expect(try seller(["orders", "--format", "csv", "--include-on-demand"]).out.contains("CS6"))

        // A re-send with other content is a conflict that names the field.
        let feed3 = tmp.path + "/feed3.jsonl"
        writeBytes(feed3, Array((Self.line("o1-changed", "order.created", "09T10:00:00",
                                           Self.order("CS1", "P1", "02T10:00:00").replacingOccurrences(of: "1200.00", with: "1300.00")) + "\n").utf8))
        let third = try seller(["ingest", feed3])
        #expect(third.status == 1)
        #expect(third.err.contains("feed3.jsonl:1:") && third.err.contains("amount (stored 1200.00, sent 1300.00)"), "\(third.err)")
        #expect(third.out.contains("(1 conflicts)"), "\(third.out)")
    }
}
