/// A deterministic demo store, produced as a stream of events that travel the
/// same road as real data (FEED.md lines and merchant outbox lines).
///
/// Orders are generated one block at a time from a per-order random stream,
/// so any number of orders streams in bounded memory and the same seed always
/// gives the same events. The first orders cover every state of every flow
/// (with and without 华为云复核); the rest are random walks through the tables,
/// with appeals (open and resolved), double rejections, renewals, unsubscribes,
/// expiries, invoices, tickets in every status and messages of every category.
public final class DemoGenerator: Sequence, IteratorProtocol {
    public struct Options: Sendable {
        public var seed: UInt64
        public var orders: Int
        /// "Now" for the demo: every event happens before it.
        public var anchor: Timestamp

        public static let defaultAnchor = Timestamp(china: .init(year: 2026, month: 11, day: 20, hour: 10))

        public init(seed: UInt64 = 1, orders: Int = 300, anchor: Timestamp = Options.defaultAnchor) {
            self.seed = seed; self.orders = orders; self.anchor = anchor
        }
    }

    static let mainId = "yunshan"
    static let deliveryA = "li.na"
    static let deliveryB = "zhou.jie"
    static let supportId = "wang.fang"

    struct DemoProduct {
        var id: String, name: String, type: ProductType, model: SaleModel, scenario: JointScenario?
        var authorizedTo: String?
        var product: Product { Product(id: id, name: name, type: type, saleModel: model, jointScenario: scenario, authorizedTo: authorizedTo) }
    }

    static let products: [DemoProduct] = [
        .init(id: "P-MS-01", name: "数据库迁移服务", type: .manualService, model: .general, scenario: nil, authorizedTo: deliveryA),
        .init(id: "P-MS-02", name: "等保合规咨询", type: .manualService, model: .joint, scenario: .enablementCloud, authorizedTo: nil),
        .init(id: "P-WB-01", name: "企业官网建站", type: .websiteBuilding, model: .selfService, scenario: nil, authorizedTo: deliveryA),
        .init(id: "P-LC-01", name: "智能客服 License 授权码", type: .licenseCode, model: .joint, scenario: .baseCloud, authorizedTo: nil),
        .init(id: "P-LC-02", name: "CAD 设计软件授权码", type: .licenseCode, model: .general, scenario: nil, authorizedTo: deliveryB),
        .init(id: "P-LO-01", name: "工业仿真软件 License", type: .licenseOnline, model: .general, scenario: nil, authorizedTo: deliveryB),
        .init(id: "P-LF-01", name: "ERP 离线授权", type: .licenseOffline, model: .huawei, scenario: nil, authorizedTo: nil),
        .init(id: "P-LP-01", name: "运维监控软件包", type: .licensePackage, model: .general, scenario: nil, authorizedTo: nil),
        .init(id: "P-HW-01", name: "边缘计算一体机", type: .hardware, model: .huawei, scenario: nil, authorizedTo: nil),
        .init(id: "P-HW-02", name: "智能网关", type: .hardware, model: .general, scenario: nil, authorizedTo: deliveryB),
        .init(id: "P-SA-01", name: "协同办公 SaaS（线下交付）", type: .saas, model: .joint, scenario: .enablementCloud, authorizedTo: supportId),
        .init(id: "P-SA-02", name: "CRM SaaS", type: .saas, model: .selfService, scenario: nil, authorizedTo: deliveryA),
        .init(id: "P-AO-01", name: "一键部署 Kubernetes", type: .appOrchestration, model: .general, scenario: nil, authorizedTo: supportId),
        .init(id: "P-DF-01", name: "行业数据集", type: .dataFile, model: .general, scenario: nil, authorizedTo: nil),
        .init(id: "P-IM-01", name: "CentOS 加固镜像", type: .image, model: .general, scenario: nil, authorizedTo: nil),
        .init(id: "P-API-01", name: "OCR 识别 API", type: .api, model: .general, scenario: nil, authorizedTo: nil),
    ]

    /// One coverage target: a flow version, a review setting and a state.
    struct Target { var def: FlowDefinition; var review: Bool; var state: SupervisionState }

    static let targets: [Target] = FlowCatalog.all.flatMap { def in
        [false, true].flatMap { review in
            def.states.sorted { $0.rawValue < $1.rawValue }.compactMap { s -> Target? in
                guard s != .cancelled, def.path(to: s, reviewRequired: review) != nil,
                      products.contains(where: { DemoGenerator.fits($0, def, review) }) else { return nil }
                return Target(def: def, review: review, state: s)
            }
        }
    }

    static func fits(_ p: DemoProduct, _ def: FlowDefinition, _ review: Bool) -> Bool {
        FlowCatalog.flow(for: p.type, orderedAt: orderDate(for: def))?.id == def.id
            && ReviewRule.required(for: p.product, orderedAt: orderDate(for: def)) == review
    }

    /// Dated versions need orders placed before their cut-over.
    static func orderDate(for def: FlowDefinition) -> Timestamp {
        switch (def.id, def.version) {
        case (.manualService, "v1"), (.licenseCode, FlowCatalog.licenseCodeLegacy.version): Timestamp(china: .init(year: 2024, month: 8, day: 20, hour: 10))
        default: Options.defaultAnchor.adding(days: -20)
        }
    }

    public let options: Options
    private var queue: [EventEnvelope] = []
    private var head = 0
    private var counter = 0
    private var phase = 0
    private var orderIndex = 0
    private var ticketIndex = 0
    private var openRecords = 0

    /// The demo's own fold of what it emitted, for its bills (DemoBills); nil for large demos.
    private var shadow: SellerState?

    public init(_ options: Options) {
        self.options = options
        if options.orders <= DemoBills.maxOrders { shadow = SellerState() }
    }

    public func next() -> EventEnvelope? {
        while head >= queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
            guard refill() else { return nil }
        }
        head += 1
        return queue[head - 1]
    }

    private var ticketCount: Int { Swift.max(12, options.orders / 8) }

    /// Generates the next block; false at the end.
    private func refill() -> Bool {
        switch phase {
        case 0:
            setup()
            phase = 1
        case 1:
            if orderIndex < options.orders {
                var block = OrderBlock(generator: self, index: orderIndex)
                block.generate()
                orderIndex += 1
            } else {
                phase = 2
            }
        case 2:
            if ticketIndex < ticketCount {
                ticket(ticketIndex)
                ticketIndex += 1
            } else {
                phase = 3
            }
        case 3:
            finish()
            phase = 4
        default:
            return false
        }
        return true
    }

    // MARK: Emitting

    func emit(_ event: DomainEvent, by actor: Actor, at: Timestamp) -> String {
        counter += 1
        let id = "demo\(options.seed)-\(counter)"
        queue.append(EventEnvelope(id: id, at: at, actor: actor, event: event))
        if shadow != nil { try? shadow!.apply(queue[queue.count - 1]) }
        return id
    }

    var main: Actor { .account(Self.mainId) }

    func merchant(for product: DemoProduct) -> Actor {
        if let a = product.authorizedTo, a != Self.supportId { return .account(a) }
        return main
    }

    func noteOpen(_ delta: Int) { openRecords += delta }

    // MARK: Setup: accounts, products, authorisations, a receiver

    private func setup() {
        let t0 = options.anchor.adding(days: -400)
        _ = emit(.accountAdded(Account(id: Self.mainId, name: "云杉科技有限公司", role: .main, mobile: "13800138000", email: "ops@yunshan.example.cn")), by: .platform, at: t0)
        _ = emit(.accountAdded(Account(id: Self.deliveryA, name: "李娜", role: .delivery, mobile: "13700001111")), by: main, at: t0.adding(seconds: 60))
        _ = emit(.accountAdded(Account(id: Self.deliveryB, name: "周杰", role: .delivery, email: "zhou.jie@yunshan.example.cn")), by: main, at: t0.adding(seconds: 120))
        _ = emit(.accountAdded(Account(id: Self.supportId, name: "王芳", role: .support)), by: main, at: t0.adding(seconds: 180))
        for (i, p) in Self.products.enumerated() {
            _ = emit(.productUpserted(ProductUpsert(id: p.id, name: p.name, type: p.type, saleModel: p.model, jointScenario: p.scenario,
                                                    acceptanceStandard: acceptanceStandard(p), saleStatus: .listed)),
                     by: .platform, at: t0.adding(seconds: Int64(300 + i * 60)))
        }
        for (i, p) in Self.products.enumerated() {
            if let a = p.authorizedTo {
                _ = emit(.productAuthorized(ProductAuthorization(productId: p.id, accountId: a)), by: main, at: t0.adding(seconds: Int64(3000 + i * 60)))
            }
        }
        _ = emit(.receiverAdded(MessageReceiver(id: "duty", name: "运维值班手机", mobile: "13912345678", categories: [501], channels: [.sms])),
                 by: main, at: t0.adding(seconds: 5000))
        // A product later hidden from sale: the platform posts a 101 notice.
        let p = Self.products[4]
        _ = emit(.productUpserted(ProductUpsert(id: p.id, name: p.name, type: p.type, saleModel: p.model, saleStatus: .hidden)),
                 by: .platform, at: options.anchor.adding(days: -12))
    }

    private func acceptanceStandard(_ p: DemoProduct) -> String {
        switch p.product.acceptanceRuleSet {
        case .enablementCloud: "联营赋能云场景：验收文档须有商家、华为项目组与用户三方签字。"
        case .baseCloud: "联营基地云场景：上传验收报告后由华为云复核。"
        case .merchantDefined: "商家自定义：交付物与合同约定一致，客户书面确认。"
        }
    }

    // MARK: Tickets in every status

    private func ticket(_ i: Int) {
        var rng = SplitMix64(seed: options.seed ^ 0x7417_C4E7, stream: UInt64(i))
        let p = Self.products[Int(rng.next() % UInt64(Self.products.count))]
        let (title, body) = DemoText.ticketTitles[i % DemoText.ticketTitles.count]
        let hostile = i % 7 == 3
        var t = options.anchor.adding(days: -Int(rng.next() % 40) - 1).adding(seconds: -Int64(rng.next() % 80_000))
        let id = "TK\(options.seed)-\(i + 1)"
        let customer = DemoPeople.customer(&rng, index: i + 900_000)
        _ = emit(.ticketOpened(TicketOpening(id: id, productId: p.id, customer: customer,
                                             title: title, body: hostile ? body + "\n" + DemoText.hostile[i % DemoText.hostile.count] : body)),
                 by: .buyer, at: t)
        let owner: Actor = p.authorizedTo == Self.supportId ? .account(Self.supportId) : main
        func step(_ s: TicketStep, _ actor: Actor) {
            t = t.adding(seconds: Int64(1800 + rng.next() % 20_000))
            _ = emit(.ticket(s), by: actor, at: t)
        }
        // Every status in turn: 待我处理, 处理中, 待客户确认, 已解决, 已关闭, and a reassigned one.
        switch i % 6 {
        case 0: break
        case 1:
            step(TicketStep(ticketId: id, event: .accept), owner)
            step(TicketStep(ticketId: id, event: .customerReply, body: DemoText.customerReplies[i % 4]), .buyer)
        case 2:
            step(TicketStep(ticketId: id, event: .accept), owner)
            step(TicketStep(ticketId: id, event: .reply, body: DemoText.replies[i % 4]), owner)
            if i % 4 == 2 { step(TicketStep(ticketId: id, event: .requestAccess, body: "需要查看您的控制台配置", access: .huaweiAccount), owner) }
        case 3:
            step(TicketStep(ticketId: id, event: .accept), owner)
            step(TicketStep(ticketId: id, event: .requestAccess, body: "请授权我们登录虚拟机排查", access: .confidentialInfo), owner)
            step(TicketStep(ticketId: id, event: .customerReply, body: "已授权"), .buyer)
            step(TicketStep(ticketId: id, event: .resolve, body: DemoText.replies[2]), owner)
        case 4:
            step(TicketStep(ticketId: id, event: .accept), owner)
            step(TicketStep(ticketId: id, event: .resolve, body: "已处理"), owner)
            step(TicketStep(ticketId: id, event: .closeByCustomer), .buyer)
        default:
            if owner == main {
                step(TicketStep(ticketId: id, event: .reassign, body: "转客服跟进", assignee: Self.supportId), main)
                step(TicketStep(ticketId: id, event: .accept), .account(Self.supportId))
            } else {
                step(TicketStep(ticketId: id, event: .accept), owner)
            }
        }
    }

    // MARK: Finish: the 901 digest and platform notices

    private func finish() {
        let t = options.anchor.adding(seconds: -600)
        _ = emit(.messagePosted(MessagePost(category: 901, title: "通知ISV未完成服务监管的订单总数",
                                            body: "截至今日，您共有 \(openRecords) 个服务监管订单尚未完成，请及时处理。")), by: .platform, at: t)
        _ = emit(.messagePosted(MessagePost(category: 501, title: "生产接口调用失败",
                                            body: "商品 P-SA-02 的新购接口连续调用失败，请在 3 小时内修复，否则订单将自动退订。", productId: "P-SA-02")),
                 by: .platform, at: t.adding(seconds: 60))
        _ = emit(.messagePosted(MessagePost(category: 101, title: "运营在控制台修改了商品信息通知商家",
                                            body: "商品 P-DF-01 的使用指南已由运营更新。", productId: "P-DF-01")), by: .platform, at: t.adding(seconds: 120))
        if let state = shadow {
            shadow = nil   // DemoBills folds on from here itself
            DemoBills.emit(into: self, state: state)
        }
    }
}

/// The demo as lines, for `FeedIngest`: platform facts as FEED.md lines,
/// merchant actions as outbox lines that only a replay (`replay: true`, the
/// demo builder's own write path) applies. `platformOnly` leaves the merchant
/// actions out: what `seller demo --feed` prints, since a feed never carries them.
public final class DemoFeed: LineSource {
    private let generator: DemoGenerator
    private let platformOnly: Bool
    public private(set) var lineNumber = 0
    public let name = "demo feed"

    public init(_ options: DemoGenerator.Options, platformOnly: Bool = false) {
        generator = DemoGenerator(options)
        self.platformOnly = platformOnly
    }

    public func next() throws(StoreError) -> ArraySlice<UInt8>? {
        var next = generator.next()
        while platformOnly, let e = next, e.isMerchantAction { next = generator.next() }
        guard let e = next else { return nil }
        lineNumber += 1
        do { return ArraySlice(try FeedEncoder.line(e)) } catch {
            throw .refused(.refused("demo event \(e.id) cannot be written as a feed line: \(error)"))
        }
    }
}

/// SplitMix64: small, fast and the same on every platform, so a seed means
/// the same demo everywhere.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    /// An independent stream per (seed, index). Seeding with `seed + index·φ`
    /// would not do: SplitMix64 steps by φ, so stream i+1 would be stream i
    /// shifted by one draw.
    init(seed: UInt64, stream: UInt64) {
        var a = SplitMix64(seed: seed)
        var b = SplitMix64(seed: stream ^ 0xD1B5_4A32_D192_ED03)
        state = a.next() ^ b.next() &* 0xFF51_AFD7_ED55_8CCD
    }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    mutating func between(_ lo: Int64, _ hi: Int64) -> Int64 { lo + Int64(next() % UInt64(hi - lo + 1)) }
}

enum DemoPeople {
    static func customer(_ rng: inout SplitMix64, index: Int) -> Customer {
        let name: String
        if index % 53 == 7 {
            name = DemoText.hostileNames[(index / 53) % DemoText.hostileNames.count]
        } else if rng.chance(12) {
            name = rng.pick(DemoText.englishCustomers)
        } else if rng.chance(55) {
            name = rng.pick(DemoText.cities) + rng.pick(DemoText.brands) + rng.pick(DemoText.suffixes)
        } else {
            name = rng.pick(DemoText.surnames) + rng.pick(DemoText.givenNames)
        }
        let mobile = "1\(rng.pick(["38", "39", "50", "86", "77"]))\(String(100_000_00 + rng.next() % 899_999_99))"
        return Customer(id: "cust-\(index)", name: name, userName: "hw\(String(format6: index))", mobile: mobile)
    }
}

extension String {
    init(format6 n: Int) {
        let digits = String(n)
        self = String(repeating: "0", count: Swift.max(0, 6 - digits.count)) + digits
    }
}
