import Foundation

/// Signing of the V2 basic interface (SAAS-INTERFACE.md §1.1):
///
///     canonical = accessKey + nonce + timestamp + lower(hex(HMAC_SHA256(accessKey, body)))
///     signature = hex(HMAC_SHA256(accessKey, canonical))
///
/// The body is HMACed as the raw bytes received (never re-serialised); hex is
/// compared without regard to case and emitted upper case [inf, README].
public enum InterfaceSignature {
    /// The allowed distance between the caller's clock and ours (§1.1: ±60 s).
    public static let window: Int64 = 60_000

    public static func payloadDigest(key: [UInt8], body: [UInt8]) -> String {
        Hex.encode(HMACSHA256.mac(key: key, message: body))
    }

    public static func sign(key: [UInt8], nonce: String, timestamp: String, body: [UInt8]) -> String {
        let canonical = key + Array(nonce.utf8) + Array(timestamp.utf8) + Array(payloadDigest(key: key, body: body).utf8)
        return Hex.encode(HMACSHA256.mac(key: key, message: canonical), uppercase: true)
    }

    /// The 联营 Kit `x-sign` (§1.2): the raw body instead of its digest.
    public static func kitSign(key: [UInt8], nonce: String, timestamp: String, body: [UInt8]) -> String {
        Hex.encode(HMACSHA256.mac(key: key, message: key + Array(nonce.utf8) + Array(timestamp.utf8) + body), uppercase: true)
    }

    /// `Body-Sign` header value of a response (§1.3): base64 of the body's HMAC.
    public static func bodySign(key: [UInt8], body: [UInt8]) -> String {
        "sign_type=\"HMAC-SHA256\", signature=\"\(Data(HMACSHA256.mac(key: key, message: body)).base64EncodedString())\""
    }

    public enum Refusal: Equatable, Sendable, CustomStringConvertible {
        case missing(String)
        case badTimestamp(String)
        case stale(offsetMs: Int64)
        case mismatch
        case replayed

        public var description: String {
            switch self {
            case .missing(let p): "query parameter '\(p)' is missing"
            case .badTimestamp(let t): "timestamp '\(t)' is not a UNIX time in milliseconds"
            case .stale(let d): "timestamp is \(d / 1000) s away from the server's clock (allowed ±60 s)"
            case .mismatch: "signature does not match the body"
            case .replayed: "nonce was already used within the last 60 s"
            }
        }
    }

    /// Checks signature and timestamp; the nonce is left to `NonceGuard`, to be
    /// consulted only once the signature holds (so unsigned traffic cannot use up nonces).
    public static func verify(key: [UInt8], query: [String: String], body: [UInt8], nowMs: Int64) -> Refusal? {
        for p in ["signature", "timestamp", "nonce"] where (query[p] ?? "").isEmpty { return .missing(p) }
        let ts = query["timestamp"]!, nonce = query["nonce"]!, given = query["signature"]!
        guard ts.count <= 19, ts.allSatisfy(\.isASCII), ts.allSatisfy(\.isNumber), let t = Int64(ts) else { return .badTimestamp(String(ts.prefix(32))) }
        // 13 digits are milliseconds; the older English pages say seconds, so
        // a 10-digit value is read as seconds [inf].
        let ms = ts.count <= 10 ? t &* 1000 : t
        if abs(nowMs - ms) > window { return .stale(offsetMs: ms - nowMs) }
        guard nonce.utf8.count <= 128, given.utf8.count == 64 else { return .mismatch }
        let expected = sign(key: key, nonce: nonce, timestamp: ts, body: body)
        return constantTimeEqualIgnoringCase(expected, given) ? nil : .mismatch
    }

    static func constantTimeEqualIgnoringCase(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= lowerASCII(x[i]) ^ lowerASCII(y[i]) }
        return diff == 0
    }

    @inline(__always) static func lowerASCII(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c + 32 : c }
}

/// Nonces seen within the signature window. Bounded: when full, the oldest
/// entries past the window are dropped first; a full table of live nonces
/// refuses new calls rather than forget one (a forgotten nonce could be replayed).
public struct NonceGuard: Sendable {
    public let capacity: Int
    private var seen: [String: Int64] = [:]
    private var order: [(String, Int64)] = []
    private var head = 0

    public init(capacity: Int = 200_000) { self.capacity = capacity }

    public enum Verdict: Equatable, Sendable { case fresh, replayed, full }

    /// Records `nonce` at `nowMs` unless it was seen within the window.
    public mutating func admit(_ nonce: String, nowMs: Int64) -> Verdict {
        while head < order.count, nowMs - order[head].1 > InterfaceSignature.window * 2 {
            if seen[order[head].0] == order[head].1 { seen[order[head].0] = nil }
            head += 1
        }
        if head > 4096, head * 2 > order.count { order.removeFirst(head); head = 0 }
        if let at = seen[nonce], nowMs - at <= InterfaceSignature.window * 2 { return .replayed }
        guard seen.count < capacity else { return .full }
        seen[nonce] = nowMs
        order.append((nonce, nowMs))
        return .fresh
    }
}
