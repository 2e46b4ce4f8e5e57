/// The supervision flows of DOMAIN §2, one per delivery kind.
public enum FlowID: String, Codable, CaseIterable, Sendable {
    case manualService = "manual_service"        // §2.1 人工服务 标准类
    case websiteBuilding = "website_building"    // §2.2 人工服务 建站类
    case licenseCode = "license_code"            // §2.3 License 2.0 授权码
    case licenseOnline = "license_online"        // §2.4 License 1.0 识别码
    case licenseOffline = "license_offline"      // §2.5
    case licensePackage = "license_package"      // §2.6 软件包部署
    case hardware                                // §2.7
    case saas                                    // §2.8 offline-delivered SaaS
    case appOrchestration = "app_orchestration"  // §2.9
    case dataFile = "data_file"                  // §2.9

    public var zh: String {
        switch self {
        case .manualService: "人工服务(标准类)"
        case .websiteBuilding: "人工服务(建站类)"
        case .licenseCode: "License 2.0 授权码"
        case .licenseOnline: "License 1.0 线上"
        case .licenseOffline: "License 线下"
        case .licensePackage: "License 软件包部署"
        case .hardware: "硬件类"
        case .saas: "SaaS 线下交付"
        case .appOrchestration: "应用编排类"
        case .dataFile: "数据文件类"
        }
    }
}

/// One flow at one version: its nodes in display order and its transition table.
public struct FlowDefinition: Sendable {
    public var id: FlowID
    /// Flows change on dated cut-overs; a record keeps the version it was opened under.
    public var version: String
    public var initial: SupervisionState
    /// The main path, for drawing the flow with the current node marked.
    public var nodes: [SupervisionState]
    public let transitions: [Transition]
    /// Posted when a record of this flow opens (DOMAIN §5 table).
    public var openingMessage: MessageTemplate

    public init(id: FlowID, version: String, initial: SupervisionState, nodes: [SupervisionState],
                transitions: [Transition], openingMessage: MessageTemplate) {
        self.id = id; self.version = version; self.initial = initial; self.nodes = nodes
        self.openingMessage = openingMessage
        // The platform closes any open record when its order is unsubscribed:
        // one cancel row per non-terminal state, so the table stays the only truth.
        let open = Set(transitions.flatMap { [$0.from, $0.to] }).filter { !$0.isTerminal }
        let cancels = SupervisionState.allCases.filter(open.contains).map {
            Transition($0, .cancel, by: .platform, to: .cancelled, allows: [.note])
        }
        self.transitions = transitions + cancels
        var waiting: [SupervisionState: Set<ActorKind>] = [:]
        for t in self.transitions where t.to != t.from && t.event != .cancel { waiting[t.from, default: []].insert(t.actor) }
        self.waiting = waiting
        states = Set(self.transitions.flatMap { [$0.from, $0.to] })
    }

    /// `waitingOn` per state, worked out once: every record's queue asks.
    private let waiting: [SupervisionState: Set<ActorKind>]

    /// Every state the table mentions, worked out once: a snapshot read asks for every record.
    public let states: Set<SupervisionState>

    public func rows(from state: SupervisionState) -> [Transition] { transitions.filter { $0.from == state } }

    /// Who the flow is waiting for at `state`: the actors of the rows that move
    /// it on (self-loops such as an address change do not count, nor does the
    /// platform's unsubscribe).
    public func waitingOn(_ state: SupervisionState) -> Set<ActorKind> { waiting[state] ?? [] }

    /// The shortest sequence of rows from the initial state to `target` for a
    /// record with or without review, or nil when it cannot be reached.
    public func path(to target: SupervisionState, reviewRequired: Bool) -> [Transition]? {
        var queue: [(SupervisionState, [Transition])] = [(initial, [])]
        var seen: Set<SupervisionState> = [initial]
        var i = 0
        while i < queue.count {
            let (s, p) = queue[i]
            i += 1
            if s == target { return p }
            for row in rows(from: s) where row.applies(reviewRequired: reviewRequired, fields: row.sampleFieldsForCondition) {
                if seen.insert(row.to).inserted { queue.append((row.to, p + [row])) }
            }
        }
        return nil
    }
}

extension Transition {
    /// Field values that satisfy the row's own condition (its auto-accept cause).
    public var sampleFieldsForCondition: FieldValues {
        autoCause.map { FieldValues(cause: $0) } ?? .none
    }
}

extension FlowDefinition {
    /// The nodes a record with or without review actually passes, in display
    /// order: those reachable from the start by rows that apply to it (the
    /// platform's cancel aside). 复核 is drawn only on records that go through
    /// it; 通用 / 自服务 products never do (DOMAIN §2 common rules).
    public func path(reviewRequired: Bool) -> [SupervisionState] {
        var seen: Set<SupervisionState> = [initial]
        var queue = [initial]
        while let s = queue.popLast() {
            for row in rows(from: s) where row.event != .cancel && row.applies(reviewRequired: reviewRequired, fields: row.sampleFieldsForCondition) {
                if seen.insert(row.to).inserted { queue.append(row.to) }
            }
        }
        return nodes.filter(seen.contains)
    }
}

extension ServiceRecord {
    /// The nodes of this record's own path (see `FlowDefinition.path`).
    public var pathNodes: [SupervisionState] { definition.path(reviewRequired: reviewRequired) }
}
