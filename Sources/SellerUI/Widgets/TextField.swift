/// An editable text with a cursor, by grapheme: readline keys (Ctrl-a e b f
/// k u w, Alt-b f), Backspace, Delete, Home, End; multi-line when asked
/// (Enter inserts a newline there and Ctrl-s submits instead).
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

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .char(let c):
            if let max = maxLength, text.count >= max { return .ignored }
            text.insert(c, at: cursor)
            cursor += 1
            return .edited
        case .enter:
            guard multiline else { return .submit }
            text.insert("\n", at: cursor)
            cursor += 1
            return .edited
        case .ctrl("s"): return .submit
        case .escape: return .cancel
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return .ignored }
            cursor -= 1
            text.remove(at: cursor)
            return .edited
        case .delete, .ctrl("d"):
            guard cursor < text.count else { return .ignored }
            text.remove(at: cursor)
            return .edited
        case .left, .ctrl("b"): cursor = max(0, cursor - 1); return .moved
        case .right, .ctrl("f"): cursor = min(text.count, cursor + 1); return .moved
        case .home, .ctrl("a"): cursor = lineStart; return .moved
        case .end, .ctrl("e"): cursor = lineEnd; return .moved
        case .ctrl("k"):
            text.removeSubrange(cursor..<lineEnd)
            return .edited
        case .ctrl("u"):
            let start = lineStart
            text.removeSubrange(start..<cursor)
            cursor = start
            return .edited
        case .ctrl("w"):
            let start = wordStart(before: cursor)
            text.removeSubrange(start..<cursor)
            cursor = start
            return .edited
        case .alt("b"): cursor = wordStart(before: cursor); return .moved
        case .alt("f"): cursor = wordEnd(after: cursor); return .moved
        case .up where multiline:
            cursor = lineStart > 0 ? text[..<(lineStart - 1)].lastIndex(of: "\n").map { $0 + 1 } ?? 0 : cursor
            return .moved
        case .down where multiline:
            cursor = lineEnd < text.count ? lineEnd + 1 : cursor
            return .moved
        default:
            return .ignored
        }
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
