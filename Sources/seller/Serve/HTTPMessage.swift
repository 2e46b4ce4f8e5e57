import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request as `seller serve` accepts it.
struct HTTPRequest {
    var method: String
    var path: String
    var query: [String: String]
    /// Header names lower-cased; a repeated header keeps its last value.
    var headers: [String: String]
    var body: [UInt8]
    var keepAlive: Bool
}

/// A refusal at the HTTP level: status, reason, and whether the connection
/// can carry on (it cannot once the byte stream is out of step).
struct HTTPFailure: Error {
    var status: Int
    var reason: String
}

/// The limits every connection lives within (internet-facing: bound every size and wait).
struct HTTPLimits: Sendable {
    var requestLine = 8 << 10
    var headers = 16 << 10
    var body = 1 << 20
    /// From a request's first byte to its last.
    var requestSeconds = 10.0
    /// Waiting for the next request on a kept-alive connection.
    var idleSeconds = 15.0
    var writeSeconds = 5.0
    var requestsPerConnection = 1000
}

enum Clock {
    static func nowSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func unixMs() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1000 + Int64(t.tv_nsec) / 1_000_000
    }
}

/// Reads requests off one socket, each within the limits and its deadline.
struct RequestReader {
    let fd: Int32
    let limits: HTTPLimits
    /// Asked between reads while idle: true when the server is draining.
    let stopping: () -> Bool
    private var buffer: [UInt8] = []

    init(fd: Int32, limits: HTTPLimits, stopping: @escaping () -> Bool) {
        self.fd = fd; self.limits = limits; self.stopping = stopping
    }

    enum Outcome { case request(HTTPRequest), closed, failure(HTTPFailure) }

    /// Fills the buffer with at least one more byte before `deadline`;
    /// false on end of stream, timeout or (while idle) shutdown.
    private mutating func fill(until deadline: Double, idle: Bool) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let left = deadline - Clock.nowSeconds()
            if left <= 0 || (idle && stopping()) { return false }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(min(left, 0.1) * 1000) + 1)
            if r < 0 { if errno == EINTR { continue }; return false }
            if r == 0 { continue }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; return false }
            if n == 0 { return false }
            buffer += chunk[0..<n]
            return true
        }
    }

    mutating func next(writeContinue: (Int32) -> Void) -> Outcome {
        let idleDeadline = Clock.nowSeconds() + limits.idleSeconds
        while buffer.isEmpty {
            if !fill(until: idleDeadline, idle: true) { return .closed }
        }
        let deadline = Clock.nowSeconds() + limits.requestSeconds
        // The head: request line and headers up to the blank line.
        var headEnd: Int?
        var searched = 0
        while headEnd == nil {
            headEnd = Self.find(Array("\r\n\r\n".utf8), in: buffer, from: max(0, searched - 3))
            searched = buffer.count
            if headEnd != nil { break }
            if Self.find(Array("\r\n".utf8), in: buffer, from: 0) == nil, buffer.count > limits.requestLine {
                return .failure(HTTPFailure(status: 414, reason: "request line longer than \(limits.requestLine) bytes"))
            }
            if buffer.count > limits.headers { return .failure(HTTPFailure(status: 431, reason: "request headers longer than \(limits.headers) bytes")) }
            if !fill(until: deadline, idle: false) {
                return Clock.nowSeconds() >= deadline
                    ? .failure(HTTPFailure(status: 408, reason: "the request was not complete within \(Int(limits.requestSeconds)) s"))
                    : .closed
            }
        }
        let head = Array(buffer[0..<headEnd!])
        if head.count > limits.headers { return .failure(HTTPFailure(status: 431, reason: "request headers longer than \(limits.headers) bytes")) }
        buffer.removeFirst(headEnd! + 4)
        guard var request = Self.parseHead(head, limits: limits) else {
            return .failure(HTTPFailure(status: 400, reason: "malformed request line or header"))
        }
        if case let .failure(f)? = Self.check(&request, limits: limits) { return .failure(f) }
        let length = Int(request.headers["content-length"] ?? "0")!
        if request.headers["expect"]?.lowercased() == "100-continue", buffer.count < length { writeContinue(fd) }
        while buffer.count < length {
            if !fill(until: deadline, idle: false) {
                return Clock.nowSeconds() >= deadline
                    ? .failure(HTTPFailure(status: 408, reason: "the body was not complete within \(Int(limits.requestSeconds)) s"))
                    : .closed
            }
        }
        request.body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return .request(request)
    }

    /// Method, length and encoding rules (the body is not read when they fail).
    static func check(_ r: inout HTTPRequest, limits: HTTPLimits) -> Result<Void, HTTPFailure>? {
        if r.headers["transfer-encoding"] != nil {
            return .failure(HTTPFailure(status: 501, reason: "Transfer-Encoding is not accepted; send Content-Length"))
        }
        let length = r.headers["content-length"]
        if let l = length, !(l.count <= 12 && !l.isEmpty && l.allSatisfy({ $0.isASCII && $0.isNumber })) {
            return .failure(HTTPFailure(status: 400, reason: "Content-Length '\(l.prefix(20))' is not a number"))
        }
        guard r.method == "POST" else { return .failure(HTTPFailure(status: 405, reason: "only POST is answered")) }
        guard let l = length else { return .failure(HTTPFailure(status: 411, reason: "Content-Length is required")) }
        if Int(l)! > limits.body { return .failure(HTTPFailure(status: 413, reason: "body of \(l) bytes; at most \(limits.body) are accepted")) }
        return nil
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    static func parseHead(_ head: [UInt8], limits: HTTPLimits) -> HTTPRequest? {
        guard let text = String(validating: head, as: UTF8.self) else { return nil }
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard lines[0].utf8.count <= limits.requestLine, parts.count == 3, ["HTTP/1.1", "HTTP/1.0"].contains(parts[2]),
              !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }), parts[1].hasPrefix("/") else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon]
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) else { return nil }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) else { return nil }
            let key = name.lowercased()
            if key == "content-length", let old = headers[key], old != value { return nil }
            headers[key] = value
        }
        let target = String(parts[1])
        let q = target.firstIndex(of: "?")
        let path = String(q.map { target[..<$0] } ?? target[...])
        var query: [String: String] = [:]
        if let q {
            for pair in target[target.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let k = String(kv[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[0])
                let v = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[1])) : ""
                query[k] = v
            }
        }
        let version11 = parts[2] == "HTTP/1.1"
        let connection = headers["connection"]?.lowercased() ?? ""
        let keepAlive = version11 ? !connection.contains("close") : connection.contains("keep-alive")
        return HTTPRequest(method: String(parts[0]), path: path, query: query, headers: headers, body: [], keepAlive: keepAlive)
    }
}

/// Writes a response within a deadline; a peer that stops reading is dropped.
enum ResponseWriter {
    static let reasons: [Int: String] = [
        100: "Continue", 200: "OK", 400: "Bad Request", 405: "Method Not Allowed", 408: "Request Timeout", 411: "Length Required",
        413: "Content Too Large", 414: "URI Too Long", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
        501: "Not Implemented", 503: "Service Unavailable",
    ]

    static func head(status: Int, length: Int, keepAlive: Bool, extra: [(String, String)]) -> [UInt8] {
        var s = "HTTP/1.1 \(status) \(reasons[status] ?? "Error")\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: \(length)\r\n"
        for (k, v) in extra { s += "\(k): \(v)\r\n" }
        s += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return Array(s.utf8)
    }

    @discardableResult
    static func write(_ fd: Int32, _ bytes: [UInt8], seconds: Double) -> Bool {
        let deadline = Clock.nowSeconds() + seconds
        var sent = 0
        while sent < bytes.count {
            let left = deadline - Clock.nowSeconds()
            if left <= 0 { return false }
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let r = poll(&p, 1, Int32(left * 1000) + 1)
            if r < 0 { if errno == EINTR { continue }; return false }
            if r == 0 { continue }
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; return false }
            sent += n
        }
        return true
    }
}
