import Foundation
import Testing
@testable import SellerCore

@Suite struct DemoTests {
    static func fold(_ options: DemoGenerator.Options) throws -> (SellerState, [EventEnvelope]) {
        var state = SellerState()
        var events: [EventEnvelope] = []
        for e in DemoGenerator(options) {
            do { try state.apply(e) } catch {
                Issue.record("demo event \(e.id) (\(e.event.typeName) by \(e.actor)) refused: \(error)")
                throw error
            }
            events.append(e)
        }
        return (state, events)
    }

    @Test func everyDemoEventAppliesAndCoversTheDomain() throws {
        let (s, events) = try Self.fold(.init(seed: 7, orders: 400))
        let now = DemoGenerator.Options.defaultAnchor
        #expect(events.allSatisfy { $0.at <= now }, "every event happens before the demo's now")

        // Every reachable state of every flow version, with and without review.
        for target in DemoGenerator.targets {
            let hit = s.records.values.contains { r in
                r.flow == target.def.id && r.flowVersion == target.def.version && r.reviewRequired == target.review
                    && (r.state == target.state || r.history.contains { $0.to == target.state })
            }
            #expect(hit, "no record of \(target.def.id)@\(target.def.version) review=\(target.review) reached \(target.state)")
        }
        #expect(Set(s.products.values.map(\.type)) == Set(ProductType.allCases))
        #expect(Set(s.products.values.map(\.saleModel)) == Set(SaleModel.allCases))
        #expect(Set(s.products.values.compactMap(\.jointScenario)) == Set(JointScenario.allCases))
        #expect(s.records.values.contains { $0.isFrozen }, "frozen by appeal")
        #expect(s.records.values.contains { $0.deliveryRejectionCount >= 2 }, "rejected twice")
        #expect(s.records.values.contains { $0.state == .underReview })
        #expect(s.records.values.contains { $0.state == .cancelled }, "unsubscribed")
        #expect(s.orders.values.contains { $0.orderType == .renew && s.records[$0.id] == nil }, "renewal without supervision")
        #expect(s.orders.values.contains { $0.status == .expired } && s.orders.values.contains { $0.status == .released })
        #expect(Set(s.appeals.values.map(\.initiator)) == [.merchant, .buyer])
        #expect(Set(s.appeals.values.map(\.status)) == Set(Appeal.Status.allCases))
        #expect(Set(s.tickets.values.map(\.status)) == Set(TicketStatus.allCases))
        #expect(s.tickets.values.contains { $0.accessRequests.contains { $0.kind == .huaweiAccount } })
        #expect(s.tickets.values.contains { $0.accessRequests.contains { $0.kind == .confidentialInfo } })
        #expect(Set(s.messages.values.map(\.category)).isSuperset(of: [101, 501, 901]))
        #expect(s.messages.values.contains { $0.read } && s.messages.values.contains { !$0.read })
        #expect(s.invoices.values.contains { $0.isIssued } && s.invoices.values.contains { !$0.isIssued })
        #expect(s.invoices.values.contains { $0.deadlineStatus(now: now) != .issued && $0.deadline < now }, "an overdue invoice")
        #expect(Set(s.accounts.values.map(\.role)) == Set(AccountRole.allCases) && s.accounts.count == 4)
        #expect(s.records.values.contains { $0.isStalled(now: now) })
        // An order leaves 处理中 within 3 h of its service completing (DOMAIN §2.1 row 9).
        let stuck = s.records.values.filter { r in
            r.state == .completed && (r.closedAt.map { $0.adding(seconds: 3 * 3600) < now } ?? false) && s.orders[r.orderId]?.status == .processing
        }.map(\.orderId)
        #expect(stuck.isEmpty, "completed over 3 h ago, order still 处理中: \(stuck.sorted().prefix(5))")
        // Issue 13 item 11: no 已过期 order whose validity is still running; a
        // renewal without a record runs its own period after the one it renews.
        let expiredEarly = s.orders.values.filter { o in
            o.status == .expired && (s.validity(of: o.id).map { v in v.end.map { $0 > now } ?? true } ?? false)
        }.map(\.id)
        #expect(expiredEarly.isEmpty, "已过期 with the validity still open: \(expiredEarly.sorted().prefix(5))")
        let renewals = s.orders.values.filter { $0.orderType == .renew && s.records[$0.id] == nil }
        #expect(!renewals.isEmpty)
        for r in renewals {
            let v = s.validity(of: r.id), before = r.parentOrderId.flatMap { s.validity(of: $0) }
            #expect(v?.basis == .renewal && before?.end.map { v!.start >= $0 } == true, "renewal \(r.id): \(String(describing: v))")
        }
        // The merchant's appeals carry evidence; both sides' appeals can be open at once.
        #expect(s.appeals.values.allSatisfy { $0.initiator != .merchant || !$0.evidence.isEmpty })
        #expect(s.records.values.contains { r in Set(r.openAppealIds.compactMap { s.appeals[$0]?.initiator }) == [.merchant, .buyer] })
        #expect(s.orders.values.contains { $0.chargingMode == .onDemand }, "按需 orders exist (outside the list)")
        // The 901 digest counts what is really unfinished.
        let digest = s.messages.values.first { $0.category == 901 && $0.title.hasPrefix("通知ISV") }!
        #expect(digest.body.text.contains("共有 \(s.unfinishedSupervisionCount()) 个"), "\(digest.body) vs \(s.unfinishedSupervisionCount())")
        // Hostile text and English travel too.
        let texts = s.orders.values.map(\.customer.name) + s.tickets.values.flatMap { $0.posts.map(\.body) }
        #expect(texts.contains { $0.unicodeScalars.contains("\u{1B}") })
        #expect(texts.contains { $0.unicodeScalars.contains("\u{202E}") })
        #expect(texts.contains { $0.count >= 500 })
        #expect(texts.contains { $0.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
        #expect(texts.contains { $0.hasPrefix("Acme") || $0.hasPrefix("Northwind") || $0.hasPrefix("Globex") })
    }

    @Test func sameSeedSameEventsDifferentSeedDifferentEvents() {
        let a = Array(DemoGenerator(.init(seed: 3, orders: 60)))
        let b = Array(DemoGenerator(.init(seed: 3, orders: 60)))
        let c = Array(DemoGenerator(.init(seed: 4, orders: 60)))
        #expect(a == b)
        #expect(a != c)
    }

    @Test func feedLinesRoundTripToTheSameEvents() throws {
        var count = 0
        for e in DemoGenerator(.init(seed: 11, orders: 150)) {
            let line = try FeedEncoder.line(e)
            #expect(!line.contains(0x0A))
            let back = try FeedDecoder.decode(line, replay: e.isMerchantAction).get()
            #expect(back == e, "\(e.event.typeName) by \(e.actor) did not survive the feed: \(String(decoding: line, as: UTF8.self))")
            count += 1
        }
        #expect(count > 700)
    }
}
