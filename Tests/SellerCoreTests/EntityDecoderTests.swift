import Foundation
import Testing
@testable import SellerCore

/// The hand-written decoders (EntityDecoders.swift, EventDecoders.swift) may
/// answer only when they are sure: a value they return must be the one
/// `Codable` decodes from the same bytes, and where `Codable` refuses they
/// must say nil so the refusal (with its path) comes from `Codable`. Demo
/// stores, which carry hostile text, must take the fast path, or it is
/// never taken; bytes changed one value at a time must never get an answer
/// `Codable` contradicts.
@Suite struct EntityDecoderTests {
    /// The fast decoder's answer on `bytes` (nil: not sure, or not JSON at all).
    static func fast<T>(_ bytes: [UInt8], _ decode: (JSONDocument, Int) -> T?) -> T? {
        bytes.withUnsafeBufferPointer { p -> T? in
            guard let tokens = try? JSONTokenizer.tokenize(p) else { return nil }
            return decode(JSONDocument(bytes: p, tokens: tokens), 0)
        }
    }

    /// One kind under test: its canonical samples, the fast decoder, and
    /// whether fast and `Codable` agree on some bytes (nil: fast not sure).
    struct Kind {
        var name: String
        var samples: [[UInt8]]
        /// nil: the fast decoder said nil; true: it answered and `Codable` gives the same value.
        var agrees: ([UInt8]) -> Bool?
    }

    static func kind<T: Decodable & Equatable>(_ name: String, _ samples: [[UInt8]], _: T.Type,
                                               _ decode: @escaping (JSONDocument, Int) -> T?) -> Kind {
        Kind(name: name, samples: samples) { bytes in
            guard let f = fast(bytes, decode) else { return nil }
            return (try? FastJSON.decode(T.self, from: bytes)) == f
        }
    }

    /// A framed journal line without its newline, as `Journal.parse` sees it.
    static func line(_ e: EventEnvelope, seq: Int, store: String?) throws -> [UInt8] {
        var l = try Journal.line(seq: seq, event: e, store: store)
        if l.last == UInt8(ascii: "\n") { l.removeLast() }
        return l
    }

    struct Entry: Equatable { var event: EventEnvelope; var rules: Int?; var seq: Int; var store: String? }
    static func same(_ e: Journal.Entry) -> Entry { Entry(event: e.event, rules: e.rules, seq: e.seq, store: e.store) }

    static func kinds(seed: UInt64 = 7, orders: Int = 400) throws -> [Kind] {
        let (state, events) = try DemoTests.fold(.init(seed: seed, orders: orders))
        let fastTypes: Set<String> = ["supervision.step", "messages.marked", "ticket.step"]
        var lines: [[UInt8]] = []
        for (i, e) in events.enumerated() where fastTypes.contains(e.event.typeName) {
            lines.append(try line(e, seq: i + 1, store: i % 2 == 0 ? "0a1b2c3d" : nil))
        }
        let known = Snapshot.KnownEvents(ids: events.map(\.id), sums: events.map { Journal.sum(of: $0) })
        let entries = Kind(name: "journal line", samples: lines) { bytes in
            guard let f = fast(bytes, { Journal.Entry(canonicalLine: $0, $1) }) else { return nil }
            return (try? FastJSON.decode(Journal.Entry.self, from: bytes)).map(same) == same(f)
        }
        let knownKind = Kind(name: "known", samples: [try FastJSON.encode(known)]) { bytes in
            guard let f = fast(bytes, { Snapshot.KnownEvents(canonical: $0, $1) }) else { return nil }
            guard let c = try? FastJSON.decode(Snapshot.KnownEvents.self, from: bytes) else { return false }
            return c.ids == f.ids && c.sums == f.sums
        }
        return [
            kind("order", try state.orders.values.map { try FastJSON.encode($0) }, Order.self, { Order(canonical: $0, $1) }),
            kind("record", try state.records.values.map { try FastJSON.encode($0) }, ServiceRecord.self, { ServiceRecord(canonical: $0, $1) }),
            kind("message", try state.messages.values.map { try FastJSON.encode($0) }, Message.self, { Message(canonical: $0, $1) }),
            knownKind, entries,
        ]
    }

    @Test func everyDemoLineOfTheBigKindsTakesTheFastPath() throws {
        for k in try Self.kinds() {
            #expect(k.samples.count > (k.name == "known" ? 0 : 100), "\(k.name): \(k.samples.count) samples")
            for s in k.samples {
                #expect(k.agrees(s) == true, "\(k.name): \(String(decoding: s.prefix(300), as: UTF8.self))")
            }
        }
    }

    /// Values `Codable` refuses, or reads differently, or that only look like
    /// what it accepts, beyond those HistoryCheckTests.variants already tries.
    static let replacements: [String] = [
        "null", "-1", "-0", "1.0", "1e3", "01", "4294967296", "-9223372036854775809", "9223372036854775808",
        "false", #""true""#, #""0""#, #""\u0061""#, #""a\"b""#, #""merchant""#, #""platform""#,
        #""account:x""#, #""buyer""#, #""2026-01-01T09:00:00+08:00""#, #""supervision.step""#,
        #""merchant.ticket.step""#, #""order.created""#, #""assign""#, #""reply""#, #""internal""#,
        #""deliver_requirements""#, #"["a",1]"#, #"[null]"#, "[1]", #"{"a":1}"#,
    ]

    /// Every value after a member name replaced by each replacement (and by
    /// bytes that are not UTF-8), every member dropped, every member doubled,
    /// and each pair of neighbouring members swapped.
    static func variants(of h: [UInt8]) -> [[UInt8]] {
        var out = HistoryCheckTests.variants(of: h)
        guard let tokens = h.withUnsafeBufferPointer({ try? JSONTokenizer.tokenize($0) }) else { return out }
        // Member spans (name's opening quote to the value's end), by token.
        var spans: [(start: Int, end: Int)] = []
        for (k, name) in tokens.enumerated() where name.kind == .string && k + 1 < tokens.count {
            guard name.end + 1 < h.count, h[name.end + 1] == UInt8(ascii: ":") else { continue }
            let v = tokens[k + 1]
            let start = v.kind == .string ? v.start - 1 : v.start
            var end = v.kind == .string ? v.end + 1 : v.end
            if v.kind != .string, end <= start { end = start }
            for r in replacements { out.append(Array(h[..<start]) + Array(r.utf8) + Array(h[end...])) }
            // The value's end for containers: the matching close, found by depth.
            if h[start] == UInt8(ascii: "{") || h[start] == UInt8(ascii: "[") { end = close(h, from: start) }
            spans.append((name.start - 1, end))
        }
        for s in spans {
            let member = Array(h[s.start..<s.end])
            out.append(Array(h[..<s.end]) + [UInt8(ascii: ",")] + member + Array(h[s.end...]))
        }
        // Neighbours within one object: the second starts right after "first,".
        for (a, b) in zip(spans, spans.dropFirst()) where b.start == a.end + 1 && h[a.end] == UInt8(ascii: ",") {
            out.append(Array(h[..<a.start]) + Array(h[b.start..<b.end]) + [UInt8(ascii: ",")] + Array(h[a.start..<a.end]) + Array(h[b.end...]))
        }
        return out
    }

    /// The index just past the container opened at `start` (strings skipped).
    static func close(_ h: [UInt8], from start: Int) -> Int {
        var depth = 0, i = start, inString = false
        while i < h.count {
            let c = h[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") { inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return h.count
    }

    @Test func anAnswerIsNeverOneCodableContradicts() throws {
        var answered = 0, unsure = 0
        for k in try Self.kinds(seed: 3, orders: 120) {
            // A spread of samples: the longest (most members present) and some others.
            let samples = Array(k.samples.sorted { $0.count > $1.count }.prefix(6)) + k.samples.prefix(6)
            for s in samples {
                for v in Self.variants(of: s) {
                    switch k.agrees(v) {
                    case nil: unsure += 1
                    case true?: answered += 1
                    case false?:
                        Issue.record("\(k.name): the fast decoder answered where Codable refuses or differs: \(String(decoding: v.prefix(400), as: UTF8.self))")
                    }
                }
            }
        }
        // Both answers were exercised.
        #expect(answered > 500 && unsure > 5000, "answered \(answered), unsure \(unsure)")
    }

    @Test func aLineTheFastPathRefusesStillFailsWithCodablesPath() throws {
        // A supervision step whose event is a word no flow has: the fast
        // decoder says nil, and `Journal.parse` reports Codable's error.
        let (_, events) = try DemoTests.fold(.init(seed: 5, orders: 60))
        let step = try #require(events.first { $0.event.typeName == "supervision.step" })
        guard case .supervision(let p) = step.event else { Issue.record("not a step"); return }
        let object = try FastJSON.encode(Journal.Entry(event: step, rules: SellerState.Rules.current.rawValue, seq: 9, store: nil))
        let good = LineFrame.frame(object: object).dropLast()
        let badObject = Array(String(decoding: object, as: UTF8.self)
            .replacingOccurrences(of: "\"event\":\"\(p.event.rawValue)\"", with: "\"event\":\"nowhere\"").utf8)
        #expect(badObject != object)
        let bad = LineFrame.frame(object: badObject).dropLast()
        #expect(Self.fast(Array(good), { Journal.Entry(canonicalLine: $0, $1) }) != nil)
        #expect(Self.fast(Array(bad), { Journal.Entry(canonicalLine: $0, $1) }) == nil)
        switch Journal.parse(good, line: 3, file: "journal.jsonl") {
        case .success(let parsed): #expect(parsed.event == step && parsed.seq == 9)
        case .failure(let e): Issue.record("good line refused: \(e)")
        }
        var codable = ""
        do { _ = try FastJSON.decode(Journal.Entry.self, from: bad) } catch { codable = LineFrame.explain(error) }
        #expect(codable.contains("event"), "\(codable)")
        switch Journal.parse(bad, line: 3, file: "journal.jsonl") {
        case .success: Issue.record("a step with an unknown event was read")
        case .failure(let e): #expect(e == .damaged(file: "journal.jsonl", line: 3, reason: codable), "\(e)")
        }
    }
}
