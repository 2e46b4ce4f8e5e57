/// An editable text with a cursor, by grapheme: readline keys (Ctrl-a e b f
/// k u w, Alt-b f), Backspace, Delete, Home, End; multi-line when asked
/// (Enter inserts a newline there and Ctrl-s submits instead). Its keys are
/// the registry's `textEdit` commands, so keys.json remaps them and `?` lists
/// them; a key that is no command types itself when it is a character.
public struct TextField: Sendable, Equatable {
    public var text: [Character] = []
    public var cursor = 0
    public var multiline = false
    public var maxLength: Int?

    public init(_ s: String = "", multiline: Bool = false, maxLength: Int? = nil) {
        text = Array(s)
        cursor = text.count
        self.multiline = multiline
        self.maxLength = maxLength
    }

    public var value: String { String(text) }

    public enum Outcome: Equatable { case edited, moved, submit, cancel, ignored }

    /// A key, read through the live key map's text-editing commands.
    public mutating func handle(_ key: Key, keys: KeyBindings = .defaults) -> Outcome {
        handle(key, as: keys.command(key, in: .textEdit))
    }

    /// A key already read as a command (nil: none; a character then types itself).
    public mutating func handle(_ key: Key, as command: CommandID?) -> Outcome {
        guard let command else {
            guard case .char(let c) = key else { return .ignored }
            return insert(c)
        }
        switch command {
        case .submitField:
            // In a multi-line field the submit key (Enter) starts a new line; the form's review key files it.
            return multiline ? insert("\n") : .submit
        case .cancelField: return .cancel
        case .deleteBack:
            guard cursor > 0 else { return .ignored }
            cursor -= 1
            text.remove(at: cursor)
            return .edited
        case .deleteForward:
            guard cursor < text.count else { return .ignored }
            text.remove(at: cursor)
            return .edited
        case .cursorLeft: cursor = max(0, cursor - 1); return .moved
        case .cursorRight: cursor = min(text.count, cursor + 1); return .moved
        case .lineStart: cursor = lineStart; return .moved
        case .lineEnd: cursor = lineEnd; return .moved
        case .killToEnd:
            text.removeSubrange(cursor..<lineEnd)
            return .edited
        case .killToStart:
            let start = lineStart
            text.removeSubrange(start..<cursor)
            cursor = start
            return .edited
        case .killWord:
            let start = wordStart(before: cursor)
            text.removeSubrange(start..<cursor)
            cursor = start
            return .edited
        case .wordLeft: cursor = wordStart(before: cursor); return .moved
        case .wordRight: cursor = wordEnd(after: cursor); return .moved
        case .lineUp where multiline:
            cursor = lineStart > 0 ? text[..<(lineStart - 1)].lastIndex(of: "\n").map { $0 + 1 } ?? 0 : cursor
            return .moved
        case .lineDown where multiline:
            cursor = lineEnd < text.count ? lineEnd + 1 : cursor
            return .moved
        default:
            return .ignored
        }
    }

    mutating func insert(_ c: Character) -> Outcome {
        if let max = maxLength, text.count >= max { return .ignored }
        text.insert(c, at: cursor)
        cursor += 1
        return .edited
    }

    var lineStart: Int { text[..<cursor].lastIndex(of: "\n").map { $0 + 1 } ?? 0 }
    var lineEnd: Int { text[cursor...].firstIndex(of: "\n") ?? text.count }

    func wordStart(before i: Int) -> Int {
        var j = i
        while j > 0, text[j - 1].isWhitespace { j -= 1 }
        while j > 0, !text[j - 1].isWhitespace { j -= 1 }
        return j
    }

    func wordEnd(after i: Int) -> Int {
        var j = i
        while j < text.count, text[j].isWhitespace { j += 1 }
        while j < text.count, !text[j].isWhitespace { j += 1 }
        return j
    }

    /// The line of text holding the cursor, and the cursor's display column in it.
    public var cursorLine: (line: Int, column: Int) {
        let before = text[..<cursor]
        let line = before.filter { $0 == "\n" }.count
        let col = TextWidth.width(Sanitizer.line(String(text[lineStart..<cursor])))
        return (line, col)
    }
}
