// Products, accounts and product authorisation.
extension SellerState {
    mutating func upsertProduct(_ p: ProductUpsert, _ e: EventEnvelope) throws(DomainError) {
        try requireActor(e, [.platform, .operations])
        let ev = e.event.typeName
        try TextRule.checkId(p.id, field: "id", event: ev)
        try TextRule.check(p.name, field: "name", event: ev, required: true, max: 200)
        try TextRule.check(p.acceptanceStandard, field: "acceptanceStandard", event: ev, required: false, max: 4000)
        if p.jointScenario != nil, p.saleModel != .joint {
            throw .invalidField(event: ev, field: "jointScenario", reason: .text("applies only to joint (联营) products, not \(p.saleModel.rawValue)"))
        }
        if var existing = products[p.id] {
            // A re-send that changes nothing is a duplicate (DOMAIN §0).
            if existing.isUnchanged(by: p) { throw .resent(.product, id: p.id, differences: []) }
            let changed = existing.changedInformation(by: p)
            let oldStatus = existing.saleStatus
            existing.name = p.name
            existing.type = p.type
            existing.saleModel = p.saleModel
            existing.jointScenario = p.jointScenario
            existing.acceptanceStandard = p.acceptanceStandard ?? existing.acceptanceStandard
            existing.saleStatus = p.saleStatus ?? existing.saleStatus
            products[p.id] = existing
            if !changed.isEmpty, rules == .seedReading {
                // 「运营在控制台修改了商品信息通知商家」 → 产品信息变更通知 [S1].
                let what = changed.map { "\($0.field)：\($0.stored.isEmpty ? "—" : $0.stored) → \($0.sent.isEmpty ? "—" : $0.sent)" }
                post(.productInfoChanged, body: "商品「\(existing.name)」的信息已由运营修改：\(what.joined(separator: "；"))。",
                     orderId: nil, productId: p.id, e.withMessageSuffix("#info"))
            }
            if existing.saleStatus != oldStatus {
                post(.saleStatusChanged, body: "商品「\(existing.name)」的销售状态由\(oldStatus.zh)调整为\(existing.saleStatus.zh)。",
                     orderId: nil, productId: p.id, e)
            }
        } else {
            products[p.id] = Product(id: p.id, name: p.name, type: p.type, saleModel: p.saleModel,
                                     jointScenario: p.jointScenario, acceptanceStandard: p.acceptanceStandard,
                                     saleStatus: p.saleStatus ?? .listed)
        }
    }

    mutating func addAccount(_ a: Account, _ e: EventEnvelope) throws(DomainError) {
        let ev = e.event.typeName
        try TextRule.checkId(a.id, field: "id", event: ev)
        try TextRule.check(a.name, field: "name", event: ev, required: true, max: 100)
        guard accounts[a.id] == nil else { throw .duplicate(.account, id: a.id) }
        if let m = a.mobile { try ContactRules.checkMobile(m, event: ev) }
        if let m = a.email { try ContactRules.checkEmail(m, event: ev) }
        if a.isMain {
            // The store's owner is created once, when the store is set up.
            guard mainAccountId == nil else {
                throw .rule(.mainAccountExists(accountId: mainAccountId!))
            }
            try requireActor(e, [.platform, .merchant])
            mainAccountId = a.id
        } else {
            let actor = try account(for: e)
            if let r = Permissions.refusal(mainOnly: .addSubAccounts, account: actor, in: self) { throw r }
        }
        accounts[a.id] = a
    }

    mutating func authorize(_ a: ProductAuthorization, _ e: EventEnvelope) throws(DomainError) {
        let actor = try account(for: e)
        if let r = Permissions.refusal(mainOnly: .authoriseProducts, account: actor, in: self) { throw r }
        guard var product = products[a.productId] else { throw .unknown(.product, id: a.productId) }
        guard let target = accounts[a.accountId] else { throw .unknown(.account, id: a.accountId) }
        guard !target.isMain else {
            throw .rule(.authoriseToMain(productId: product.id))
        }
        if let current = product.authorizedTo {
            throw .rule(.alreadyAuthorised(productId: product.id, accountName: accounts[current]?.name, accountId: accounts[current]?.id ?? current))
        }
        product.authorizedTo = target.id
        products[product.id] = product
        // Tickets of the product follow it to the sub-account, whatever its role:
        // 「则所授权商品对应的工单也将转移给该子账号处理」 [S3].
        if rules == .seedReading || target.role == .support { moveOpenTickets(of: product.id, from: mainAccountId, to: target.id, e) }
    }

    mutating func revoke(_ r: EntityRef, _ e: EventEnvelope) throws(DomainError) {
        let actor = try account(for: e)
        if let refusal = Permissions.refusal(mainOnly: .revokeAuthorisations, account: actor, in: self) { throw refusal }
        guard var product = products[r.id] else { throw .unknown(.product, id: r.id) }
        guard let holder = product.authorizedTo else {
            throw .rule(.notAuthorised(productId: product.id))
        }
        product.authorizedTo = nil
        products[product.id] = product
        if let main = mainAccountId { moveOpenTickets(of: product.id, from: holder, to: main, e) }
    }

    private mutating func moveOpenTickets(of productId: String, from: String?, to: String, _ e: EventEnvelope) {
        for (id, var t) in tickets where t.productId == productId && t.owner == from
            && t.status != .closed && t.status != .resolved {
            t.owner = to
            t.updatedAt = e.at
            t.posts.append(.init(at: e.at, author: e.actor, kind: .system, body: "工单随商品授权转给 \(to)", access: nil))
            tickets[id] = t
        }
    }
}

extension EventEnvelope {
    /// The same event under a derived id, for a second notice it posts (a
    /// message's id derives from its event's, so two notices need two ids).
    func withMessageSuffix(_ suffix: String) -> EventEnvelope {
        var copy = self
        copy.id += suffix
        return copy
    }
}

/// Mainland mobile and email formats for accounts and message receivers.
public enum ContactRules {
    public static let mobileLength = 11
    public static let emailMaxLength = 254

    /// 11 digits starting 13–19: the mainland mobile numbering plan.
    public static func isMobile(_ s: String) -> Bool {
        let b = Array(s.utf8)
        return b.count == mobileLength && b[0] == UInt8(ascii: "1") && (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(b[1])
            && b.allSatisfy { (48...57).contains($0) }
    }

    /// local@domain.tld with no spaces; deliberately not RFC 5322 in full.
    public static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, s.count <= emailMaxLength else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
            && !s.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }

    static func checkMobile(_ s: String, event: String) throws(DomainError) {
        guard isMobile(s) else {
            throw .invalidContact(event: event, kind: .mobile, value: s)
        }
    }

    static func checkEmail(_ s: String, event: String) throws(DomainError) {
        guard isEmail(s) else { throw .invalidContact(event: event, kind: .email, value: s) }
    }
}
