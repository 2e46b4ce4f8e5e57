import Foundation

/// The framing shared by journal and snapshot lines:
///
///     {"crc":"1a2b3c4d",<body>}\n
///
/// where `<body>` is the rest of a JSON object's members and `crc` is the
/// CRC-32 of exactly those body bytes. A line is checked before it is parsed,
/// so a flipped bit is reported as such rather than as odd JSON.
enum LineFrame {
    static let prefix = Array(#"{"crc":""#.utf8)          // 8 bytes
    static let headerLength = prefix.count + 8 + 2         // {"crc":"XXXXXXXX",

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// Frames an encoded JSON object (`{...}`) as one line.
    static func frame(object json: [UInt8]) -> [UInt8] {
        precondition(json.first == UInt8(ascii: "{") && json.last == UInt8(ascii: "}") && json.count > 2)
        let body = json[1..<(json.count - 1)]
        var line = prefix
        line += Array(CRC32.hex(CRC32.checksum(body)).utf8)
        line += Array(#"","#.utf8)
        line += body
        line += [UInt8(ascii: "}"), UInt8(ascii: "\n")]
        return line
    }

    /// Checks frame and checksum of one line (without its newline); nil if sound.
    static func problem(_ line: ArraySlice<UInt8>) -> String? {
        guard line.count > headerLength + 1, line.starts(with: prefix),
              line[line.startIndex + headerLength - 2] == UInt8(ascii: "\""),
              line[line.startIndex + headerLength - 1] == UInt8(ascii: ","),
              line.last == UInt8(ascii: "}") else {
            return "not a framed store line (expected {\"crc\":\"XXXXXXXX\",…})"
        }
        let hex = String(decoding: line[(line.startIndex + prefix.count)..<(line.startIndex + prefix.count + 8)], as: UTF8.self)
        let body = line[(line.startIndex + headerLength)..<(line.endIndex - 1)]
        let actual = CRC32.hex(CRC32.checksum(body))
        guard hex == actual else { return "checksum mismatch: line says \(hex), content gives \(actual)" }
        guard UTF8Check.isValid(line) else { return "invalid UTF-8" }
        return nil
    }

    /// A readable account of a decoding failure: which field, what was wrong.
    static func explain(_ error: any Error) -> String {
        func path(_ c: [any CodingKey]) -> String {
            c.isEmpty ? "(top level)" : c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error as? DecodingError {
        case .typeMismatch(let t, let c)?: return "field \(path(c.codingPath)): expected \(t); \(c.debugDescription)"
        case .valueNotFound(let t, let c)?: return "field \(path(c.codingPath)): missing \(t) value"
        case .keyNotFound(let k, let c)?: return "field \(path(c.codingPath + [k])): missing"
        case .dataCorrupted(let c)?: return "field \(path(c.codingPath)): \(c.debugDescription)"
        default: return "\(error)"
        }
    }
}

/// Splits a buffer into complete lines; bytes after the last newline are the
/// torn tail of an interrupted write.
struct LineSplitter {
    static func split(_ bytes: [UInt8]) -> (lines: [Range<Int>], tail: Range<Int>) {
        var lines: [Range<Int>] = []
        var start = 0
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            while start < buf.count {
                guard let hit = memchr(base + start, 0x0A, buf.count - start) else { break }
                let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                lines.append(start..<end)
                start = end + 1
            }
        }
        return (lines, start..<bytes.count)
    }
}
