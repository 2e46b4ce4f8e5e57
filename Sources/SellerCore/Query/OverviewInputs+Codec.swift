/// The overview's inputs as `orders.view` carries them. Its small tables are
/// the start view's own encoding (StartView, the same checks); each column
/// is a part of its own, decoded on whichever core is free. Every string the
/// columns repeat — product ids, flow versions, ticket owners, message
/// titles and the enums' raw values — is written once in a table and named by its index, so a
/// decoded column is numbers and short order ids, not a string per field.
///
///     u32 table count, the table's strings; u32 part count, per part
///     (u64 length, bytes): small tables, records, appeals, tickets,
///     messages, listed orders, settlement (the bills needing a Huawei
///     invoice, then every order's settlement facts).
extension OverviewInputs: Equatable {
    public static func == (a: OverviewInputs, b: OverviewInputs) -> Bool {
        a.records == b.records && a.appeals == b.appeals && a.tickets == b.tickets && a.messages == b.messages
            && a.listedOrders == b.listedOrders && a.state.mainAccountId == b.state.mainAccountId && a.state.accounts == b.state.accounts
            && a.state.products == b.state.products && a.state.invoices == b.state.invoices && a.state.bills == b.state.bills
            && a.state.callStats == b.state.callStats && a.state.orders == b.state.orders && a.state.tickets == b.state.tickets
            && a.state.appeals == b.state.appeals && a.state.calls == b.state.calls && Set(a.state.records.keys) == Set(b.state.records.keys)
            && a.settlement == b.settlement && a.huaweiInvoiceRequired == b.huaweiInvoiceRequired
    }

    /// Strings by index, each written once.
    private struct Table {
        var strings: [String] = []
        var index: [String: UInt32] = [:]
        mutating func id(_ s: String) -> UInt32 {
            if let i = index[s] { return i }
            let i = UInt32(strings.count)
            strings.append(s)
            index[s] = i
            return i
        }
        mutating func optId(_ s: String?) -> UInt32 { s.map { id($0) } ?? .max }
    }

    func encode() -> [UInt8] {
        var table = Table()
        var parts: [ByteWriter] = Array(repeating: ByteWriter(), count: 7)
        parts[0].out = StartView(stamp: .init(journalBytes: 0, lastLineCRC: 0, snapshotBytes: 0, snapshotHeaderCRC: 0, lastSeq: 0),
                                 state: OverviewInputs.smallTables(state)).encode()
        parts[1].u32(UInt32(records.count))
        for r in records {
            parts[1].text(r.orderId); parts[1].u32(table.id(r.productId)); parts[1].u32(table.id(r.flow.rawValue))
            parts[1].u32(table.id(r.flowVersion)); parts[1].u32(table.id(r.state.rawValue)); parts[1].flag(r.isFrozen)
            parts[1].u32(UInt32(r.deliveryRejectionCount)); parts[1].time(r.enteredStateAt); parts[1].optTime(r.closedAt)
        }
        parts[2].u32(UInt32(appeals.count))
        for a in appeals { parts[2].u32(table.id(a.status.rawValue)); parts[2].time(a.filedAt); parts[2].u32(table.optId(a.recordProductId)) }
        parts[3].u32(UInt32(tickets.count))
        for t in tickets { parts[3].u32(table.id(t.status.rawValue)); parts[3].u32(table.id(t.owner)) }
        parts[4].u32(UInt32(messages.count))
        for m in messages {
            parts[4].text(m.id); parts[4].flag(m.read); parts[4].i64(Int64(m.category)); parts[4].u32(table.optId(m.productId))
            // Titles come from a few templates: each written (and decoded) once, in the table.
            parts[4].optText(m.orderId); parts[4].u32(table.id(m.title)); parts[4].time(m.at)
        }
        parts[5].u32(UInt32(listedOrders.count))
        for o in listedOrders { parts[5].u32(table.id(o.productId)); parts[5].time(o.createdAt) }
        let (facts, required) = settlementForTheView()
        parts[6].texts(required.sorted())
        parts[6].u32(UInt32(facts.count))
        for f in facts {
            parts[6].text(f.orderId); parts[6].u32(table.id(f.productId)); parts[6].u32(table.id(f.productType.rawValue))
            parts[6].u32(table.id(f.saleModel.rawValue)); parts[6].u32(table.id(f.orderType.rawValue)); parts[6].u32(table.id(f.chargingMode.rawValue))
            parts[6].money(f.amount); parts[6].time(f.createdAt)
            switch f.supervision {
            case .notInvolved: parts[6].out.append(0)
            case .open(let s): parts[6].out.append(1); parts[6].u32(table.id(s.rawValue))
            case .completed(let t): parts[6].out.append(2); parts[6].time(t)
            case .cancelled: parts[6].out.append(3)
            }
            // Derived (a renewal takes effect when what it renews ends): a chain of
            // long renewals can pass year 9999, which no reader takes; past it is
            // past any `asOf`, so it is written at the bound.
            let bounds = Timestamp.storable
            parts[6].time(Timestamp(seconds: min(max(f.effectiveAt.seconds, bounds.lowerBound), bounds.upperBound)))
            parts[6].optText(f.parentOrderId)
        }
        var out = ByteWriter()
        out.texts(table.strings)
        out.u32(UInt32(parts.count))
        for p in parts { out.u64(UInt64(p.out.count)); out.out += p.out }
        return out.out
    }

    /// One decoded part.
    enum DecodedPart: Sendable {
        case state(SellerState), records([RecordFields]), appeals([AppealFields]), tickets([TicketFields])
        case messages([MessageFields]), listed([ListedOrder]), settlement([SettlementFacts], Set<String>)
    }

    static func decode(_ bytes: ArraySlice<UInt8>) throws(StartView.DecodeError) -> OverviewInputs {
        let decoded = bytes.withUnsafeBytes { raw -> Result<OverviewInputs, StartView.DecodeError> in
            let d = Decoding(OrdersView.Bytes(raw), 0..<raw.count)
            do throws(StartView.DecodeError) {
                let n = try d.head()
                let parts = Parallel.each(count: n) { k -> Result<DecodedPart, StartView.DecodeError> in
                    do throws(StartView.DecodeError) { return .success(try d.part(k)) } catch { return .failure(error) }
                }
                var out: [DecodedPart] = []
                for p in parts { out.append(try p.get()) }
                return .success(d.assemble(out))
            } catch { return .failure(error) }
        }
        return try decoded.get()
    }

    /// The section read in place from the view's bytes (a copy was tens of
    /// MB): its head first, then each part on whichever core is free — in
    /// the same pool as the order rows' chunks (OrdersView.decode).
    final class Decoding: @unchecked Sendable {
        let bytes: OrdersView.Bytes
        let section: Range<Int>
        /// Set by `head()`, before any part is decoded, then only read.
        private var strings: [String] = []
        private var ranges: [Range<Int>] = []

        init(_ bytes: OrdersView.Bytes, _ section: Range<Int>) { self.bytes = bytes; self.section = section }

        /// The string table and the parts' byte ranges, each checked against the bytes: how many parts.
        func head() throws(StartView.DecodeError) -> Int {
            var c = OrdersView.Cursor(raw: bytes.raw, at: section.lowerBound, end: section.upperBound)
            strings = try c.texts()
            let n = Int(try c.w32())
            guard n == 7 else { throw .badField("overview part count") }
            for _ in 0..<n {
                let length = try c.w64()
                guard length <= UInt64(c.end - c.at) else { throw .truncated }
                ranges.append(c.at..<(c.at + Int(length)))
                c.at += Int(length)
            }
            guard c.at == c.end else { throw .badField("overview length") }
            return n
        }

        func part(_ k: Int) throws(StartView.DecodeError) -> DecodedPart {
            let r = ranges[k]
            if k == 0 { return .state(try StartView.decode(Array(UnsafeRawBufferPointer(rebasing: bytes.raw[r]))).state) }
            return try OverviewInputs.column(k, bytes.raw, r, strings)
        }

        /// The inputs from every part, in any order.
        func assemble(_ parts: [DecodedPart]) -> OverviewInputs {
            var out = OverviewInputs(state: SellerState(), records: [], appeals: [], tickets: [], messages: [], listedOrders: [])
            for p in parts {
                switch p {
                case .state(let s): out.state = s
                case .records(let v): out.records = v
                case .appeals(let v): out.appeals = v
                case .tickets(let v): out.tickets = v
                case .messages(let v): out.messages = v
                case .listed(let v): out.listedOrders = v
                case .settlement(let f, let r): (out.settlement, out.huaweiInvoiceRequired) = (f, r)
                }
            }
            return out
        }
    }

    /// Column `k` (1–6) of the parts.
    fileprivate static func column(_ k: Int, _ raw: UnsafeRawBufferPointer, _ range: Range<Int>, _ strings: [String]) throws(StartView.DecodeError) -> DecodedPart {
        var c = OrdersView.Cursor(raw: raw, at: range.lowerBound, end: range.upperBound)
        // Each enum's raw values looked up once per table entry, not once per field.
        func values<E: RawRepresentable>(_: E.Type) -> [E?] where E.RawValue == String { strings.map(E.init(rawValue:)) }
        func string(_ what: String) throws(StartView.DecodeError) -> String {
            let i = Int(try c.w32())
            guard i < strings.count else { throw .badField("\(what) index \(i)") }
            return strings[i]
        }
        func optString(_ what: String) throws(StartView.DecodeError) -> String? {
            let i = try c.w32()
            return i == .max ? nil : try { () throws(StartView.DecodeError) -> String in
                guard Int(i) < strings.count else { throw .badField("\(what) index \(i)") }
                return strings[Int(i)]
            }()
        }
        func value<E>(_ table: [E?], _ what: String) throws(StartView.DecodeError) -> E {
            let i = Int(try c.w32())
            guard i < table.count, let e = table[i] else { throw .badField("\(what) index \(i)") }
            return e
        }
        // Every element takes at least `minimum` bytes: a forged count cannot size an allocation.
        func count(minimum: Int) throws(StartView.DecodeError) -> Int { try c.count(minimum: minimum) }
        let part: DecodedPart
        switch k {
        case 1:
            var v: [RecordFields] = []
            let n = try count(minimum: 34)
            v.reserveCapacity(n)
            let (flows, states) = (values(FlowID.self), values(SupervisionState.self))
            // A record the catalogue cannot route would trap on its definition: refused,
            // as every load refuses it (each flow version and node checked once).
            var routable: Set<[String]> = []
            for _ in 0..<n {
                let order = try c.str(), product = try string("product"), flow = try value(flows, "flow")
                let version = try string("flow version"), state = try value(states, "record state")
                let frozen = try c.flag(), rejections = Int(try c.w32()), entered = try c.time(), closed = try c.optTime()
                let node = [flow.rawValue, version, state.rawValue]
                if !routable.contains(node) {
                    guard FlowCatalog.definition(flow, version: version)?.states.contains(state) == true else {
                        throw .badField("record \(order): flow \(flow.rawValue) \(version) at \(state.rawValue)")
                    }
                    routable.insert(node)
                }
                v.append(RecordFields(orderId: order, productId: product, flow: flow, flowVersion: version, state: state, isFrozen: frozen,
                                      deliveryRejectionCount: rejections, enteredStateAt: entered, closedAt: closed))
            }
            part = .records(v)
        case 2:
            var v: [AppealFields] = []
            let statuses = values(Appeal.Status.self)
            let n = try count(minimum: 16)
            v.reserveCapacity(n)
            for _ in 0..<n {
                v.append(AppealFields(status: try value(statuses, "appeal status"), filedAt: try c.time(),
                                      recordProductId: try optString("product")))
            }
            part = .appeals(v)
        case 3:
            var v: [TicketFields] = []
            let n = try count(minimum: 8)
            v.reserveCapacity(n)
            let statuses = values(TicketStatus.self)
            for _ in 0..<n { v.append(TicketFields(status: try value(statuses, "ticket status"), owner: try string("owner"))) }
            part = .tickets(v)
        case 4:
            var v: [MessageFields] = []
            let n = try count(minimum: 30)
            v.reserveCapacity(n)
            for _ in 0..<n {
                let id = try c.str(), read = try c.flag(), category = try c.i64(), product = try optString("product")
                let order = try c.optText(), title = try string("title"), at = try c.time()
                v.append(MessageFields(id: id, read: read, category: Int(category), productId: product, orderId: order, title: title, at: at))
            }
            part = .messages(v)
        case 6:
            let required = Set(try c.texts())
            var v: [SettlementFacts] = []
            let n = try count(minimum: 50)
            v.reserveCapacity(n)
            let (types, models, orderTypes, modes, states) = (values(ProductType.self), values(SaleModel.self), values(OrderType.self),
                                                              values(ChargingMode.self), values(SupervisionState.self))
            for _ in 0..<n {
                let order = try c.str(), product = try string("product"), type = try value(types, "product type")
                let model = try value(models, "sale model"), orderType = try value(orderTypes, "order type"), mode = try value(modes, "charging mode")
                let amount = try c.money(), created = try c.time()
                let supervision: SettlementFacts.Supervision
                switch try c.w8() {
                case 0: supervision = .notInvolved
                case 1: supervision = .open(try value(states, "record state"))
                case 2: supervision = .completed(try c.time())
                case 3: supervision = .cancelled
                case let t: throw .badField("settlement supervision \(t)")
                }
                v.append(SettlementFacts(orderId: order, productId: product, productType: type, saleModel: model, orderType: orderType,
                                         chargingMode: mode, amount: amount, createdAt: created, supervision: supervision,
                                         effectiveAt: try c.time(), parentOrderId: try c.optText()))
            }
            part = .settlement(v, required)
        default:
            var v: [ListedOrder] = []
            let n = try count(minimum: 12)
            v.reserveCapacity(n)
            for _ in 0..<n { v.append(ListedOrder(productId: try string("product"), createdAt: try c.time())) }
            part = .listed(v)
        }
        guard c.at == c.end else { throw .badField("overview part \(k) length") }
        return part
    }
}
