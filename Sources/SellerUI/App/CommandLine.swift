import SellerCore

/// The `:` command line: structured filters in the seller centre's own query
/// terms, and commands such as `:export FILE`. Filters become core queries
/// (`OrderQuery`, `RecordQuery`); nothing here decides what matches.
public struct Conditions: Sendable, Equatable {
    public var status: String?
    public var from: Timestamp?
    public var to: Timestamp?
    public var type: ProductType?
    public var customer: String?
    public var user: String?
    public var product: String?
    public var id: String?
    /// Set by the dashboard's figures (no `:` verb types them).
    public var stalled: StallFilter?
    public var appealAge: AppealAge?
    public var category: Int?
    public var orderIds: Set<String>?
    /// Records closed at or after this time (the overview's 近 30 天 完成的服务监管).
    public var closedFrom: Timestamp?
    /// How `orderIds` is named in the title (e.g. 发票待开).
    public var label: String?
    /// The orders pane lists the orders' open invoice requests with their
    /// deadline columns, soonest first (the overview's 发票 figures).
    public var invoiceDeadlines = false

    public enum StallFilter: String, Sendable {
        case any, buyerIdle, rejections

        func label(_ l: Lang) -> String {
            switch self {
            case .any: l.t("dashboard.total")
            case .buyerIdle: l.t("dashboard.buyer_idle_days", StallReason.buyerIdleDays)
            case .rejections: l.t("dashboard.rejected_times", StallReason.rejectionThreshold)
            }
        }

        /// Whether a record with these stall reasons (the core's) is in the filter.
        func matches(_ reasons: [StallReason]) -> Bool {
            switch self {
            case .any: !reasons.isEmpty
            case .buyerIdle: reasons.contains { if case .buyerIdle = $0 { true } else { false } }
            case .rejections: reasons.contains { if case .repeatedRejections = $0 { true } else { false } }
            }
        }
    }

    public var isEmpty: Bool { self == Conditions() }

    /// `:status 处理中 :from 2026-01-01` — what the title of the table shows.
    public func summary(_ l: Lang) -> String {
        var parts: [String] = []
        if let status { parts.append(":status \(status)") }
        if let from { parts.append(":from \(from.dateDisplay)") }
        if let to { parts.append(":to \(to.dateDisplay)") }
        if let type { parts.append(":type \(type.zh)") }
        if let customer { parts.append(":customer \(customer)") }
        if let user { parts.append(":user \(user)") }
        if let product { parts.append(":product \(product)") }
        if let id { parts.append(":id \(id)") }
        if let stalled { parts.append("[\(l.t("conditions.stalled", stalled.label(l)))]") }
        if let appealAge { parts.append("[\(l.t("conditions.appeal_age", appealAge.label(l)))]") }
        if let category { parts.append("[\(category) \(l.term(CategoryTerm(category)))]") }
        if let orderIds { parts.append("[\(label ?? l.t("conditions.orders")) \(orderIds.count)]") }
        if let closedFrom { parts.append("[\(l.t("conditions.closed_from", closedFrom.dateDisplay))]") }
        return parts.joined(separator: " ")
    }
}

enum CommandLineVerb: String, CaseIterable {
    case status, from, to, type, customer, user, product, id, clear, export
    case category, sort

    /// The panes that take it (their descriptors' `verbs`); nil: every pane.
    var tabs: Set<Tab>? {
        switch self {
        // Wherever the pane declares the column (`role`).
        case .clear, .export, .sort, .customer, .id: nil
        default: Set(Panes.all.filter { $0.verbs.contains(self) }.map { $0.tab })
        }
    }

    /// The column a verb filters, when the pane's columns decide where it works.
    var role: Column.Role? {
        switch self {
        case .id: .orderId
        case .customer: .customer
        default: nil
        }
    }

    /// Whether the verb works on `tab`, whose table has columns of `roles`.
    func works(on tab: Tab, roles: Set<Column.Role>) -> Bool {
        (tabs?.contains(tab) ?? true) && (role.map(roles.contains) ?? true)
    }

    func usage(_ lang: Lang) -> String { lang.t("commandLine.usage.\(rawValue)") }
}

/// What a command line asks for, once parsed.
enum CommandLineResult: Equatable {
    case conditions(Conditions)
    case export(String)
    /// `:sort COLUMN [asc|desc]`: the column's index.
    case sort(column: Int, descending: Bool)
    case error(String)
}

enum CommandLineParser {
    /// `columns`: the titles of the table shown, for `:sort`; `roles`: what
    /// its columns hold, for `:id` and `:customer`.
    static func parse(_ text: String, tab: Tab, current: Conditions, lang: Lang, columns: [String] = [],
                      roles: Set<Column.Role> = [.orderId, .customer]) -> CommandLineResult {
        let trimmed = text.trimmingSpaces
        let head = trimmed.prefix { $0 != " " }
        let arg = String(trimmed.dropFirst(head.count)).trimmingSpaces
        guard let verb = CommandLineVerb(rawValue: String(head).lowercased()) else {
            let known = CommandLineVerb.allCases.filter { $0.works(on: tab, roles: roles) }.map(\.rawValue).joined(separator: " ")
            return .error(lang.t("commandLine.unknown_command_try", head, known))
        }
        if let tabs = verb.tabs, !tabs.contains(tab) {
            return .error(lang.t("commandLine.verb_only_on", verb.rawValue, tabs.map { $0.title(lang) }.sorted().joined(separator: lang.t("list.separator"))))
        }
        if let role = verb.role, !roles.contains(role) {
            let column = role == .orderId ? lang.t("pane.order") : lang.t("pane.customer")
            return .error(lang.t("commandLine.pane_lacks_column", verb.rawValue, tab.title(lang), column))
        }
        if verb == .clear { return .conditions(Conditions()) }
        guard !arg.isEmpty else { return .error(lang.t("commandLine.usage", verb.usage(lang))) }
        var c = current
        switch verb {
        case .export:
            // Only CSV is written: a name promising a spreadsheet (.xlsx) would lie.
            guard arg.lowercased().hasSuffix(".csv") else { return .error(lang.t("commandLine.export_csv_only", arg)) }
            return .export(arg)
        case .sort:
            let words = arg.split(separator: " ").map(String.init)
            let direction = words.count > 1 ? words.last!.lowercased() : "asc"
            guard ["asc", "desc"].contains(direction) else { return .error(lang.t("commandLine.usage", verb.usage(lang))) }
            let name = (words.count > 1 ? words.dropLast() : words[...]).joined(separator: " ")
            let titles = columns.map { $0.lowercased() }
            guard let col = Int(name).flatMap({ (1...columns.count).contains($0) ? $0 - 1 : nil })
                    ?? titles.firstIndex(of: name.lowercased()) ?? titles.firstIndex(where: { !$0.isEmpty && $0.hasPrefix(name.lowercased()) }) else {
                return .error(lang.t("commandLine.no_column", name, columns.filter { !$0.isEmpty }.joined(separator: " ")))
            }
            return .sort(column: col, descending: direction == "desc")
        case .category:
            guard let n = Int(arg), (1...99_999).contains(n) else { return .error(lang.t("commandLine.usage", verb.usage(lang))) }
            c.category = n
        case .status:
            if tab == .orders {
                guard let s = OrderStatus.allCases.first(where: { Self.names($0, arg) }) else {
                    return .error(lang.t("commandLine.no_order_status_choose", arg)
                                  + OrderStatus.allCases.map(\.zh).joined(separator: " "))
                }
                c.status = s.zh
            } else {
                guard let s = SupervisionState.allCases.first(where: { Self.names($0, arg) }) else {
                    return .error(lang.t("commandLine.no_supervision_node", arg))
                }
                c.status = s.zh
            }
        case .from, .to:
            guard var t = Timestamp(iso8601: arg) else {
                return .error(lang.t("commandLine.is_not_a_date_e_g_2026_01_31", arg))
            }
            if verb == .to, !arg.contains(":") { t = Timestamp(seconds: t.seconds + 86_399) } // a bare date means the whole day
            if verb == .from { c.from = t } else { c.to = t }
        case .type:
            guard let p = ProductType.allCases.first(where: { Self.names($0, arg) || $0.zh == arg || $0.en.lowercased() == arg.lowercased() }) else {
                return .error(lang.t("commandLine.no_product_type_choose", arg)
                              + ProductType.allCases.map(\.rawValue).joined(separator: " "))
            }
            c.type = p
        case .customer: c.customer = arg
        case .user: c.user = arg
        case .product: c.product = arg
        case .id: c.id = arg
        case .clear: break
        }
        return .conditions(c)
    }

    /// Whether `arg` names the value: its key (the raw value, any case) or
    /// its name in either language, whichever the console shows.
    static func names<T: Term & RawRepresentable>(_ value: T, _ arg: String) -> Bool where T.RawValue == String {
        value.rawValue.lowercased() == arg.lowercased() || Lang.allCases.contains { $0.term(value).lowercased() == arg.lowercased() }
    }
}

extension Conditions {
    /// The order query these conditions describe.
    var orderQuery: OrderQuery {
        var q = OrderQuery.newestFirst
        q.id = id; q.customer = customer; q.user = user; q.product = product
        q.status = status.flatMap { s in OrderStatus.allCases.first { $0.zh == s } }
        q.from = from; q.to = to; q.type = type
        // A figure that names its orders (a bill's lines) lists them all, 按需 ones too.
        q.includeOnDemand = orderIds != nil
        return q
    }

    func recordQuery(now: Timestamp) -> RecordQuery {
        var q = RecordQuery(now: now)
        q.state = status.flatMap { s in SupervisionState.allCases.first { $0.zh == s } }
        q.type = type
        q.closedFrom = closedFrom
        return q
    }
}
