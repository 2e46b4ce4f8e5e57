import Testing
@testable import SellerCore

/// The typed refusals keep the English the CLI and `seller ingest` printed
/// when they were free text (issue 14 item 5), byte for byte.
@Suite struct RuleRefusalTests {
    @Test func descriptionsAreTheOldEnglishText() {
        let t = Timestamp(china: .init(year: 2026, month: 11, day: 20, hour: 9, minute: 5))
        let cases: [(DomainError, String)] = [
            (.rule(.readOnlyStore), "the store is open read-only"),
            (.rule(.noServiceRecord(orderId: "CS1", cause: .notSupervised(.saas))), "order CS1 has no service record: SaaS类 products are not supervised"),
            (.rule(.noServiceRecord(orderId: "CS1", cause: .unknownProduct)), "order CS1 has no service record: its product is unknown"),
            (.rule(.orderCannotBecome(orderId: "CS1", target: .released, from: .processing, allowed: [.unsubscribed, .expired])),
             "order CS1: cannot become \(OrderStatus.released.zh) from \(OrderStatus.processing.zh); only from \([OrderStatus.unsubscribed.zh, OrderStatus.expired.zh].sorted().joined(separator: "/"))"),
            (.rule(.appealWithoutRecord(orderId: "CS1")), "order CS1 has no service record to appeal"),
            (.rule(.appealOnClosedRecord(orderId: "CS1", state: .completed)),
             "order CS1: the service record is closed (\(SupervisionState.completed.zh)); appeals are filed while supervision runs"),
            (.rule(.appealAlreadyOpen(orderId: "CS1", appealId: "AP1")),
             "order CS1 already has an open merchant appeal (AP1); wait for its result before filing another"),
            (.rule(.billAlreadyInvoiced(billId: "B1", number: "N1", issuedAt: t)), "bill B1: already invoiced as N1 on 2026-11-20 09:05; one invoice per bill"),
            (.rule(.billCannotGoBack(billId: "B1", from: .paid, to: .toInvoice)), "bill B1: cannot go back from paid (\(BillStatus.paid.zh)) to to_invoice (\(BillStatus.toInvoice.zh))"),
            (.rule(.invoiceAlreadyIssued(requestId: "IR1", number: nil)), "invoice request IR1 was already issued as ?"),
            (.rule(.alreadyAuthorised(productId: "P1", accountName: "李", accountId: "li")),
             "product P1 is already authorised to '李' (li); a product goes to one sub-account at most — revoke it first"),
            (.rule(.alreadyAuthorised(productId: "P1", accountName: nil, accountId: "li")),
             "product P1 is already authorised to li; a product goes to one sub-account at most — revoke it first"),
            (.invalidField(event: "deliver", field: "f", reason: .tooManyBytes(bytes: 9000, maxCharacters: 2000)),
             "deliver: field 'f' is 9000 bytes long; at most 8000 bytes (2000 characters) are allowed"),
            (.invalidField(event: "deliver", field: "f", reason: .tooManyCodePoints(character: 3, codePoints: 40, max: 32)),
             "deliver: field 'f' character 3 is built from 40 code points (combining marks); at most 32 are allowed"),
            (.invalidField(event: "e", field: "channels", reason: .smsWithoutMobile), "e: field 'channels' include 短信 (sms) but no mobile number is given"),
            (.invalidField(event: "e", field: "assignee", reason: .alreadyOwner(accountId: "li", ticketId: "T1")), "e: field 'assignee' 'li' already owns ticket T1"),
            (.invalidField(event: "e", field: "evidence", reason: .tooManyEvidenceFiles(count: 21, max: 20)), "e: field 'evidence' has 21 files; at most 20"),
            (.invalidField(event: "e", field: "x", reason: .text("names the order itself")), "e: field 'x' names the order itself"),
        ]
        for (e, text) in cases { #expect(e.description == text) }
    }

    /// The appeal refusals a merchant meets are typed, not free text.
    @Test func appealRefusalsAreTyped() throws {
        var f = try AppealTests.delivered()
        try f.step("CS1", .buyerAccept, by: .buyer)
        let state = try #require(f.state.records["CS1"]?.state)
        #expect(f.state.appealRefusal(orderId: "CS1", account: f.main) == .rule(.appealOnClosedRecord(orderId: "CS1", state: state)))
    }
}
