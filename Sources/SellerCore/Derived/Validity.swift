/// Order validity (有效期, DOMAIN §6.4): it starts at the merchant's 实际开通时间,
/// or, when that was left empty, at the buyer's acceptance; it runs for the
/// purchased period in calendar terms.
public struct Validity: Hashable, Sendable {
    public enum Basis: String, Sendable {
        case actualActivation   // 实际开通时间 filled in
        case acceptance         // empty: buyer acceptance time used
        case orderTime          // unsupervised orders start when placed
        case renewal            // a renewal continues its instance: it starts where the renewed period ends [inf]
    }

    public var start: Timestamp
    public var end: Timestamp?
    public var basis: Basis

    /// Calendar end of a period: months and years keep the day of month
    /// (clamped), days add 24 h. Nil when the mode has no period.
    public static func end(from start: Timestamp, chargingMode: ChargingMode, periodType: PeriodType?, periodNumber: Int?) -> Timestamp? {
        guard chargingMode == .period, let type = periodType, let n = periodNumber else { return nil }
        switch type {
        case .year: return start.adding(months: 12 * n)
        case .month: return start.adding(months: n)
        case .day: return start.adding(days: n)
        }
    }

    /// Nil while a supervised order has neither an activation time nor an acceptance.
    public static func of(_ order: Order, record: ServiceRecord?) -> Validity? {
        let start: Timestamp
        let basis: Basis
        if let record {
            if let t = record.delivery?.actualActivationTime {
                (start, basis) = (t, .actualActivation)
            } else if let t = record.acceptedAt {
                (start, basis) = (t, .acceptance)
            } else {
                return nil
            }
        } else {
            (start, basis) = (order.createdAt, .orderTime)
        }
        return Validity(start: start,
                        end: end(from: start, chargingMode: order.chargingMode, periodType: order.periodType, periodNumber: order.periodNumber),
                        basis: basis)
    }

    /// The warning shown when a merchant leaves 实际开通时间 empty: what the
    /// validity will be if the buyer accepts at `acceptance`.
    public static func ifLeftEmpty(_ order: Order, acceptance: Timestamp) -> Validity {
        Validity(start: acceptance,
                 end: end(from: acceptance, chargingMode: order.chargingMode, periodType: order.periodType, periodNumber: order.periodNumber),
                 basis: .acceptance)
    }
}

extension SellerState {
    /// A renewal without supervision of its own runs its own period from
    /// where the order it renews ends (or from when it was placed, if that
    /// had already ended): the platform renews the instance, not a new one [U16b].
    public func validity(of orderId: String) -> Validity? {
        validity(of: orderId, depth: 0)
    }

    private func validity(of orderId: String, depth: Int) -> Validity? {
        guard let o = orders[orderId] else { return nil }
        let record = records[orderId]
        if o.orderType == .renew, record == nil, depth < 64, let parent = o.parentOrderId,
           let before = validity(of: parent, depth: depth + 1), let end = before.end {
            let start = max(end, o.createdAt)
            return Validity(start: start, end: Validity.end(from: start, chargingMode: o.chargingMode, periodType: o.periodType,
                                                            periodNumber: o.periodNumber), basis: .renewal)
        }
        return Validity.of(o, record: record)
    }
}
