import Foundation

/// Where a key is read: the lists (and the overview), or one of the modes
/// drawn over them. A key means one thing per context; the same key may mean
/// another in another context (`n`: next match in a list, add in receivers).
public enum KeyContext: String, CaseIterable, Sendable {
    case list, help, fullDetail, actionMenu, receivers, draftOffer, confirm, form, formReview
    /// While typing: the `/` line, the `:` line, and any text field (a form's, those two lines').
    case filter, commandLine, textEdit
    /// The welcome screen, before there is a store (its shop-name field reads `textEdit`).
    case welcome

    /// Where characters are typed into a field (a form's fields, the `/` and `:` lines).
    public static let typing: Set<KeyContext> = [.form, .filter, .commandLine, .textEdit]
}

public struct CommandSpec: Sendable {
    public enum Group: String, Sendable { case global, navigation, pane }
    public var id: CommandID
    public var keys: [Key]
    public var group: Group
    /// Tabs where it applies; nil means everywhere.
    public var tabs: Set<Tab>?
    /// Changes stored data (absent in read-only mode).
    public var mutating: Bool
    /// Shown in the footer of the tabs where it applies.
    public var footer: Bool
    /// The contexts that read it (most commands are the lists').
    public var contexts: Set<KeyContext> = [.list]

    public func title(_ lang: Lang) -> String { id.pane.map { $0.title(lang) } ?? lang.t("command.\(id.rawValue)") }
}

public enum CommandRegistry {
    /// The tabs that show a list (all but the overview).
    public static let lists: Set<Tab> = Set(Tab.allCases).subtracting([.dashboard])

    public static let all: [CommandSpec] = before + panes + after

    /// A command per pane, from the descriptors in tab order: its digit key
    /// (the first ten) and, in help, the pane's title.
    static let panes: [CommandSpec] = Tab.allCases.map { tab in
        CommandSpec(id: .pane(tab), keys: tab.rawValue < 10 ? [.char(Character("\(tab.rawValue)"))] : [], group: .global, tabs: nil,
                    mutating: false, footer: false)
    }

    static let before: [CommandSpec] = [
        .init(id: .help, keys: [.char("?")], group: .global, tabs: nil, mutating: false, footer: true),
        .init(id: .quit, keys: [.char("q")], group: .global, tabs: nil, mutating: false, footer: true, contexts: [.list, .fullDetail, .actionMenu, .receivers, .draftOffer, .welcome]),
        .init(id: .back, keys: [.escape], group: .global, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail, .actionMenu, .receivers, .form, .welcome]),
        .init(id: .forceQuit, keys: [.ctrl("c")], group: .global, tabs: nil, mutating: false, footer: false,
              contexts: [.list, .help, .fullDetail, .actionMenu, .receivers, .draftOffer, .form, .formReview, .welcome]),
        .init(id: .suspend, keys: [.ctrl("z")], group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .reload, keys: [.char("r")], group: .global, tabs: nil, mutating: false, footer: false),
    ]

    static let after: [CommandSpec] = [
        .init(id: .nextPane, keys: [.tab], group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .prevPane, keys: [.backTab], group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .down, keys: [.char("j"), .down], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .help, .fullDetail, .actionMenu, .receivers]),
        .init(id: .up, keys: [.char("k"), .up], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .help, .fullDetail, .actionMenu, .receivers]),
        .init(id: .top, keys: [.char("g"), .home], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail]),
        .init(id: .bottom, keys: [.char("G"), .end], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail]),
        .init(id: .halfDown, keys: [.ctrl("d")], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail]),
        .init(id: .halfUp, keys: [.ctrl("u")], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail]),
        .init(id: .pageDown, keys: [.pageDown], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail]),
        .init(id: .pageUp, keys: [.pageUp], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail]),
        .init(id: .open, keys: [.enter], group: .pane, tabs: nil, mutating: false, footer: true, contexts: [.list, .fullDetail, .actionMenu]),
        .init(id: .toggleDetail, keys: [.char("p")], group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .filter, keys: [.char("/")], group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .sortNext, keys: [.char("s")], group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .sortReverse, keys: [.char("S")], group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: false),
        .init(id: .nextQueue, keys: [.char("]")], group: .pane, tabs: [.supervision, .tickets, .messages], mutating: false, footer: true),
        .init(id: .prevQueue, keys: [.char("[")], group: .pane, tabs: [.supervision, .tickets, .messages], mutating: false, footer: false),
        .init(id: .actions, keys: [.char("a")], group: .pane, tabs: [.supervision, .tickets], mutating: true, footer: true, contexts: [.list, .fullDetail]),
        .init(id: .appeal, keys: [.char("A")], group: .pane, tabs: [.orders, .supervision], mutating: true, footer: true, contexts: [.list, .fullDetail]),
        .init(id: .markRead, keys: [.char("m")], group: .pane, tabs: [.messages], mutating: true, footer: true, contexts: [.list, .fullDetail]),
        .init(id: .commandLine, keys: [.char(":")], group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .export, keys: [.char("x")], group: .pane, tabs: CommandRegistry.lists, mutating: false, footer: true),
        .init(id: .openRelated, keys: [.char("o")], group: .pane, tabs: [.messages, .appeals, .tickets, .settlement], mutating: false, footer: true,
              contexts: [.list, .fullDetail]),
        .init(id: .receivers, keys: [.char("R")], group: .pane, tabs: [.messages], mutating: false, footer: true, contexts: [.list, .receivers]),
        .init(id: .markAllRead, keys: [.char("M")], group: .pane, tabs: [.messages], mutating: true, footer: true),
        .init(id: .undo, keys: [.char("u")], group: .pane, tabs: [.messages], mutating: true, footer: false),
        .init(id: .redraw, keys: [.ctrl("l")], group: .global, tabs: nil, mutating: false, footer: false),
        .init(id: .issueInvoice, keys: [.char("I")], group: .pane, tabs: [.orders], mutating: true, footer: false),
        .init(id: .columnLeft, keys: [.char("h"), .left], group: .navigation, tabs: [.dashboard], mutating: false, footer: false),
        .init(id: .columnRight, keys: [.char("l"), .right], group: .navigation, tabs: [.dashboard], mutating: false, footer: false),
        .init(id: .nextMatch, keys: [.char("n")], group: .navigation, tabs: CommandRegistry.lists, mutating: false, footer: false),
        .init(id: .prevMatch, keys: [.char("N")], group: .navigation, tabs: CommandRegistry.lists, mutating: false, footer: false),
        // The overlays' keys: in their own contexts only (`tabs` still says where they can open).
        .init(id: .yes, keys: [.char("y"), .enter], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.draftOffer, .formReview]),
        .init(id: .no, keys: [.char("n"), .escape], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.draftOffer, .formReview]),
        // A question on a line (mark all read, remove a receiver, discard a form): only this key says yes.
        .init(id: .accept, keys: [.char("y")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.confirm]),
        .init(id: .nextField, keys: [.tab], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.form]),
        .init(id: .prevField, keys: [.backTab], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.form]),
        .init(id: .review, keys: [.ctrl("s")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.form]),
        .init(id: .addReceiver, keys: [.char("n")], group: .pane, tabs: [.messages], mutating: true, footer: false, contexts: [.receivers]),
        .init(id: .editReceiver, keys: [.char("e"), .enter], group: .pane, tabs: [.messages], mutating: true, footer: false, contexts: [.receivers]),
        .init(id: .removeReceiver, keys: [.char("d")], group: .pane, tabs: [.messages], mutating: true, footer: false, contexts: [.receivers]),
        // The mouse wheel arrives as an input event (with `--mouse`); what it does is a command, so it is listed and can be rebound.
        .init(id: .scrollDown, keys: [.wheelDown], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail]),
        .init(id: .scrollUp, keys: [.wheelUp], group: .navigation, tabs: nil, mutating: false, footer: false, contexts: [.list, .fullDetail]),
        // While the `/` filter is typed the rows that match can still be walked.
        .init(id: .filterDown, keys: [.down], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.filter]),
        .init(id: .filterUp, keys: [.up], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.filter]),
        .init(id: .historyPrev, keys: [.up], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.commandLine]),
        .init(id: .historyNext, keys: [.down], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.commandLine]),
        .init(id: .complete, keys: [.tab], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.commandLine]),
        // A form's field kinds: a choice is cycled, a files field collects paths.
        .init(id: .choiceNext, keys: [.right, .char(" ")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.form]),
        .init(id: .choicePrev, keys: [.left], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.form]),
        .init(id: .addFile, keys: [.enter], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.form]),
        .init(id: .removeFile, keys: [.backspace], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.form]),
        // Every text field's editing keys (TextField): readline's.
        .init(id: .cursorLeft, keys: [.left, .ctrl("b")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .cursorRight, keys: [.right, .ctrl("f")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .wordLeft, keys: [.alt("b")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .wordRight, keys: [.alt("f")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .lineStart, keys: [.home, .ctrl("a")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .lineEnd, keys: [.end, .ctrl("e")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .lineUp, keys: [.up], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .lineDown, keys: [.down], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .deleteBack, keys: [.backspace, .ctrl("h")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .deleteForward, keys: [.delete, .ctrl("d")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .killToEnd, keys: [.ctrl("k")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .killToStart, keys: [.ctrl("u")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .killWord, keys: [.ctrl("w")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .submitField, keys: [.enter, .ctrl("s")], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        .init(id: .cancelField, keys: [.escape], group: .pane, tabs: nil, mutating: false, footer: false, contexts: [.textEdit]),
        // The welcome screen (no store at the path yet): quit, back and forceQuit leave it too.
        .init(id: .openDemo, keys: [.char("d")], group: .global, tabs: nil, mutating: false, footer: false, contexts: [.welcome]),
        .init(id: .createStore, keys: [.char("n")], group: .global, tabs: nil, mutating: true, footer: false, contexts: [.welcome]),
    ]

    public static func spec(_ id: CommandID) -> CommandSpec { all.first { $0.id == id }! }

    /// The commands offered on a tab (read-only mode drops the mutating ones:
    /// they are absent, not merely refused).
    public static func available(on tab: Tab, readOnly: Bool, in context: KeyContext = .list) -> [CommandSpec] {
        all.filter { $0.contexts.contains(context) && ($0.tabs == nil || $0.tabs!.contains(tab)) && !(readOnly && $0.mutating) }
    }

    /// What works while the store loads behind the orders view: moving,
    /// filtering, sorting and exporting the order list, switching panes, help.
    /// Everything else needs the full state and says so.
    public static let whileLoading: Set<CommandID> = Set<CommandID>([
        .quit, .back, .forceQuit, .suspend, .help, .redraw, .nextMatch, .prevMatch, .nextPane, .prevPane,
        .up, .down, .top, .bottom, .halfDown, .halfUp, .pageDown, .pageUp, .toggleDetail, .filter, .sortNext, .sortReverse, .export,
        .scrollDown, .scrollUp,
    ]).union(panes.map(\.id))

    public static func defaultKeyMapJSON() -> String { KeyBindings.defaults.json() }

    static func jsonEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
