import Foundation

/// Every user action of the console, by the name keys.json and `seller keys`
/// use. The fixed commands are the constants below; a pane's digit command
/// (`pane1`) follows from its descriptor's place (`pane(_:)`), so adding a
/// pane adds its command. The registry (CommandRegistry.all) declares each
/// once: its keys, contexts, help line.
public struct CommandID: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    public let rawValue: String

    private init(_ name: String) { rawValue = name }

    /// A command by name; nil when the registry has none of that name.
    public init?(rawValue: String) {
        guard CommandRegistry.all.contains(where: { $0.id.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// Every command, in registry order.
    public static var allCases: [CommandID] { CommandRegistry.all.map(\.id) }

    public var description: String { rawValue }

    /// The command that opens a pane (`pane0`…): one per descriptor.
    public static func pane(_ tab: Tab) -> CommandID { CommandID("pane\(tab.rawValue)") }

    /// The pane a `paneN` command opens; nil for every other command.
    public var pane: Tab? {
        guard rawValue.hasPrefix("pane"), let n = Int(rawValue.dropFirst(4)) else { return nil }
        return Tab(rawValue: n)
    }

    public static let quit = CommandID("quit")
    public static let back = CommandID("back")
    public static let forceQuit = CommandID("forceQuit")
    public static let suspend = CommandID("suspend")
    public static let help = CommandID("help")
    public static let reload = CommandID("reload")
    public static let nextPane = CommandID("nextPane")
    public static let prevPane = CommandID("prevPane")
    public static let up = CommandID("up")
    public static let down = CommandID("down")
    public static let top = CommandID("top")
    public static let bottom = CommandID("bottom")
    public static let halfDown = CommandID("halfDown")
    public static let halfUp = CommandID("halfUp")
    public static let pageDown = CommandID("pageDown")
    public static let pageUp = CommandID("pageUp")
    public static let open = CommandID("open")
    public static let toggleDetail = CommandID("toggleDetail")
    public static let filter = CommandID("filter")
    public static let sortNext = CommandID("sortNext")
    public static let sortReverse = CommandID("sortReverse")
    public static let nextQueue = CommandID("nextQueue")
    public static let prevQueue = CommandID("prevQueue")
    public static let actions = CommandID("actions")
    public static let appeal = CommandID("appeal")
    public static let markRead = CommandID("markRead")
    public static let markAllRead = CommandID("markAllRead")
    public static let commandLine = CommandID("commandLine")
    public static let export = CommandID("export")
    public static let openRelated = CommandID("openRelated")
    public static let receivers = CommandID("receivers")
    public static let undo = CommandID("undo")
    public static let redraw = CommandID("redraw")
    public static let issueInvoice = CommandID("issueInvoice")
    public static let columnLeft = CommandID("columnLeft")
    public static let columnRight = CommandID("columnRight")
    public static let nextMatch = CommandID("nextMatch")
    public static let prevMatch = CommandID("prevMatch")
    // The overlays' own: answers, the form's fields, the receivers screen.
    public static let yes = CommandID("yes")
    public static let no = CommandID("no")
    public static let accept = CommandID("accept")
    public static let nextField = CommandID("nextField")
    public static let prevField = CommandID("prevField")
    public static let review = CommandID("review")
    public static let addReceiver = CommandID("addReceiver")
    public static let editReceiver = CommandID("editReceiver")
    public static let removeReceiver = CommandID("removeReceiver")
    // The wheel's scrolling (an input event, bound like a key).
    public static let scrollDown = CommandID("scrollDown")
    public static let scrollUp = CommandID("scrollUp")
    // Typing: the `/` filter's row moves, the `:` line's history and completion,
    // a form's choices and files, and every text field's editing keys.
    public static let filterDown = CommandID("filterDown")
    public static let filterUp = CommandID("filterUp")
    public static let historyPrev = CommandID("historyPrev")
    public static let historyNext = CommandID("historyNext")
    public static let complete = CommandID("complete")
    public static let choiceNext = CommandID("choiceNext")
    public static let choicePrev = CommandID("choicePrev")
    public static let addFile = CommandID("addFile")
    public static let removeFile = CommandID("removeFile")
    public static let cursorLeft = CommandID("cursorLeft")
    public static let cursorRight = CommandID("cursorRight")
    public static let wordLeft = CommandID("wordLeft")
    public static let wordRight = CommandID("wordRight")
    public static let lineStart = CommandID("lineStart")
    public static let lineEnd = CommandID("lineEnd")
    public static let lineUp = CommandID("lineUp")
    public static let lineDown = CommandID("lineDown")
    public static let deleteBack = CommandID("deleteBack")
    public static let deleteForward = CommandID("deleteForward")
    public static let killToEnd = CommandID("killToEnd")
    public static let killToStart = CommandID("killToStart")
    public static let killWord = CommandID("killWord")
    public static let submitField = CommandID("submitField")
    public static let cancelField = CommandID("cancelField")
    // The welcome screen's (no store at the path yet).
    public static let openDemo = CommandID("openDemo")
    public static let createStore = CommandID("createStore")
}
