import Foundation

/// Every user action of the console, declared once. Key handling, the `?`
/// help, the footer hints (and later remapping) all read this table.
public enum CommandID: String, CaseIterable, Sendable {
    case quit, back, forceQuit, suspend, help, reload
    case pane0, pane1, pane2, pane3, pane4, pane5, nextPane, prevPane
    case up, down, top, bottom, halfDown, halfUp, pageDown, pageUp
    case open, toggleDetail, filter, sortNext, sortReverse, nextQueue, prevQueue
    case actions, appeal, markRead, markAllRead
    case commandLine, export, openRelated, receivers
}

public struct CommandSpec: Sendable {
    public enum Group: String, Sendable { case global, navigation, pane }
    public var id: CommandID
    public var keys: [Key]
    public var zh: String
    public var en: String
    public var group: Group
    /// Tabs where it applies; nil means everywhere.
    public var tabs: Set<Tab>?
    /// Changes stored data (absent in read-only mode).
    public var mutating: Bool
    /// Shown in the footer of the tabs where it applies.
    public var footer: Bool

    public func title(_ lang: Lang) -> String { lang.pick(zh, en) }
}

public enum CommandRegistry {
    /// The tabs that show a list (all but the overview).
    public static let lists: Set<Tab> = Set(Tab.allCases).subtracting([.dashboard])

    public static let all: [CommandSpec] = [
        .init(id: .help, keys: [.char("?")], zh: "帮助", en: "help", group: .global, tabs: nil, mutating: false, footer: true),
        .init(id: .quit, keys: [.char("q")], zh: "返回/退出", en: "back/quit", group: .global, tabs: nil, mutating: false, footer: true),
        .init(id: .back, keys: [.escape], zh: "返回", en: "back", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .forceQuit, keys: [.ctrl("c")], zh: "立即退出", en: "quit now", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .suspend, keys: [.ctrl("z")], zh: "挂起到后台", en: "suspend", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .reload, keys: [.char("r")], zh: "重新加载", en: "reload", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .pane0, keys: [.char("0")], zh: "概览", en: "Overview", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .pane1, keys: [.char("1")], zh: "订单", en: "Orders", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .pane2, keys: [.char("2")], zh: "服务监管", en: "Supervision", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .pane3, keys: [.char("3")], zh: "工单", en: "Tickets", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .pane4, keys: [.char("4")], zh: "消息", en: "Messages", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .pane5, keys: [.char("5")], zh: "申诉", en: "Appeals", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .nextPane, keys: [.tab], zh: "下一个面板", en: "next pane", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .prevPane, keys: [.backTab], zh: "上一个面板", en: "previous pane", group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .down, keys: [.char("j"), .down], zh: "下移", en: "down", group: .navigation, tabs: nil, mutating: false, footer: false),
        .init(id: .up, keys: [.char("k"), .up], zh: "上移", en: "up", group: .navigation, tabs: nil, mutating: false, footer: false),
        .init(id: .top, keys: [.char("g"), .home], zh: "第一行", en: "first row", group: .navigation, tabs: nil, mutating: false, footer: false),
        .init(id: .bottom, keys: [.char("G"), .end], zh: "最后一行", en: "last row", group: .navigation, tabs: nil, mutating: false, footer: false),
        .init(id: .halfDown, keys: [.ctrl("d")], zh: "下翻半页", en: "half page down", group: .navigation, tabs: nil, mutating: false, footer: false),
        .init(id: .halfUp, keys: [.ctrl("u")], zh: "上翻半页", en: "half page up", group: .navigation, tabs: nil, mutating: false, footer: false),
        .init(id: .pageDown, keys: [.pageDown], zh: "下翻页", en: "page down", group: .navigation, tabs: nil, mutating: false, footer: false),
        .init(id: .pageUp, keys: [.pageUp], zh: "上翻页", en: "page up", group: .navigation, tabs: nil, mutating: false, footer: false),
        .init(id: .open, keys: [.enter], zh: "打开详情", en: "open", group: .pane, tabs: nil, mutating: false, footer: true),
        .init(id: .toggleDetail, keys: [.char("p")], zh: "详情栏", en: "detail", group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .filter, keys: [.char("/")], zh: "筛选", en: "filter", group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .sortNext, keys: [.char("s")], zh: "按下一列排序", en: "sort by next column", group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .sortReverse, keys: [.char("S")], zh: "反向排序", en: "reverse sort", group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: false),
        .init(id: .nextQueue, keys: [.char("]")], zh: "下一个队列", en: "next queue", group: .pane, tabs: [.supervision, .tickets, .messages], mutating: false, footer: true),
        .init(id: .prevQueue, keys: [.char("[")], zh: "上一个队列", en: "previous queue", group: .pane, tabs: [.supervision, .tickets, .messages], mutating: false, footer: false),
        .init(id: .actions, keys: [.char("a")], zh: "操作", en: "actions", group: .pane, tabs: [.supervision, .tickets], mutating: true, footer: true),
        .init(id: .appeal, keys: [.char("A")], zh: "发起申诉", en: "appeal", group: .pane, tabs: [.orders, .supervision], mutating: true, footer: true),
        .init(id: .markRead, keys: [.char("m")], zh: "标记已读/未读", en: "read/unread", group: .pane, tabs: [.messages], mutating: true, footer: true),
        .init(id: .commandLine, keys: [.char(":")], zh: "命令行（筛选、导出）", en: "command line (filters, export)", group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .export, keys: [.char("x")], zh: "导出当前视图为 CSV", en: "export the view as CSV", group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .openRelated, keys: [.char("o")], zh: "跳到关联订单", en: "go to the related order", group: .pane, tabs: [.messages, .appeals, .tickets], mutating: false, footer: true),
        .init(id: .receivers, keys: [.char("R")], zh: "消息接收人", en: "message receivers", group: .pane, tabs: [.messages], mutating: false, footer: true),
        .init(id: .markAllRead, keys: [.char("M")], zh: "全部已读", en: "all read", group: .pane, tabs: [.messages], mutating: true, footer: true),
    ]

    public static func spec(_ id: CommandID) -> CommandSpec { all.first { $0.id == id }! }

    /// The commands offered on a tab (read-only mode drops the mutating ones:
    /// they are absent, not merely refused).
    public static func available(on tab: Tab, readOnly: Bool) -> [CommandSpec] {
        all.filter { ($0.tabs == nil || $0.tabs!.contains(tab)) && !(readOnly && $0.mutating) }
    }

    public static func defaultKeyMapJSON() -> String { KeyBindings.defaults.json() }

    static func jsonEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
