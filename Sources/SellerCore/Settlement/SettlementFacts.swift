/// What settlement needs to know about one order, read from the stored
/// orders, service records and renewal chains through the small accessors
/// below, so a change to how orders are stored touches only them.
public struct SettlementFacts: Sendable, Equatable {
    public enum Supervision: Sendable, Equatable {
        case notInvolved                  // 不涉及: unsupervised type or a renewal of a completed instance
        case open(SupervisionState)       // 未完成, at this node
        case completed(Timestamp)         // 已完成, when
        case cancelled                    // closed without completion (退订关闭)
    }

    public var orderId: String
    public var productId: String
    public var productType: ProductType
    public var saleModel: SaleModel
    public var orderType: OrderType
    public var chargingMode: ChargingMode
    public var amount: Money
    public var createdAt: Timestamp
    public var supervision: Supervision
    /// 生效时间: a renewal takes effect when what it renews ends (R2, I42); anything else when placed.
    public var effectiveAt: Timestamp
    public var parentOrderId: String?

    public init(orderId: String, productId: String, productType: ProductType, saleModel: SaleModel, orderType: OrderType,
                chargingMode: ChargingMode, amount: Money, createdAt: Timestamp, supervision: Supervision,
                effectiveAt: Timestamp? = nil, parentOrderId: String? = nil) {
        self.orderId = orderId; self.productId = productId; self.productType = productType; self.saleModel = saleModel
        self.orderType = orderType; self.chargingMode = chargingMode; self.amount = amount; self.createdAt = createdAt
        self.supervision = supervision; self.effectiveAt = effectiveAt ?? createdAt; self.parentOrderId = parentOrderId
    }
}

extension SellerState {
    /// Every stored order's settlement facts (orders whose product is unknown
    /// are skipped: the fold never stores one), in the orders' own order,
    /// across the cores. Each order is read where it is stored (no array of
    /// copies first) and each product once, not once per order.
    public func settlementFacts() -> [SettlementFacts] {
        let kinds = products.mapValues { ProductFacts(id: $0.id, type: $0.type, saleModel: $0.saleModel) }
        let parts = Parallel.chunks(count: orders.count, minimumChunk: 8192) { range -> [SettlementFacts] in
            var out: [SettlementFacts] = []
            out.reserveCapacity(range.count)
            let all = orders.values
            for i in range {
                let order = all[i]
                if let p = kinds[order.productId] {
                    out.append(SettlementFacts(orderId: order.id, productId: p.id, productType: p.type, saleModel: p.saleModel,
                                               orderType: order.orderType, chargingMode: order.chargingMode, amount: order.amount,
                                               createdAt: order.createdAt, supervision: settlementSupervision(of: order),
                                               effectiveAt: effectiveTime(of: order), parentOrderId: order.parentOrderId))
                }
            }
            return out
        }
        return parts.count == 1 ? parts[0] : Array(parts.joined())
    }

    /// What settlement reads of a product.
    struct ProductFacts: Sendable { var id: String; var type: ProductType; var saleModel: SaleModel }

    /// The orders settlement reads: all stored ones, 按需 included (their income is in bills, R6).
    func settlementOrders() -> [Order] { Array(orders.values) }

    public func settlementFacts(of order: Order) -> SettlementFacts? {
        guard let product = products[order.productId] else { return nil }
        return SettlementFacts(orderId: order.id, productId: product.id, productType: product.type, saleModel: product.saleModel,
                               orderType: order.orderType, chargingMode: order.chargingMode, amount: order.amount,
                               createdAt: order.createdAt, supervision: settlementSupervision(of: order),
                               effectiveAt: effectiveTime(of: order), parentOrderId: order.parentOrderId)
    }

    /// 服务监管状态 as the transaction line shows it: 不涉及 / 已完成 / 未完成.
    func settlementSupervision(of order: Order) -> SettlementFacts.Supervision {
        // Field by field, so the record is not copied out whole (it is large:
        // that copy was a third of reading the facts at 100k orders).
        guard let state = records[order.id]?.state else { return .notInvolved }
        if state == .completed { return .completed(records[order.id]?.closedAt ?? records[order.id]!.enteredStateAt) }
        return state.isTerminal ? .cancelled : .open(state)
    }

    /// A renewal takes effect at the end of the validity of the order it
    /// renews (I42: 「如1月31日的订单,实际生效时间为2月1日」) [inf: the end
    /// is the renewed order's validity end, following the chain]; other orders when placed.
    func effectiveTime(of order: Order) -> Timestamp {
        guard order.orderType == .renew, let end = validityEnd(of: order.parentOrderId, depth: 0) else { return order.createdAt }
        return max(order.createdAt, end)
    }

    /// Where an order's service period ends: its validity (DOMAIN §6.4), a
    /// renewal's from its own effective time. Nil when unknown (no period, not activated).
    private func validityEnd(of orderId: String?, depth: Int) -> Timestamp? {
        guard depth < 64, let id = orderId, let o = orders[id] else { return nil }
        if o.orderType == .renew, records[id] == nil {
            let start = validityEnd(of: o.parentOrderId, depth: depth + 1).map { max($0, o.createdAt) } ?? o.createdAt
            return Validity.end(from: start, chargingMode: o.chargingMode, periodType: o.periodType, periodNumber: o.periodNumber)
        }
        return Validity.of(o, record: records[id])?.end
    }
}
