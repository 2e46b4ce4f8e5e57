import Foundation
import Testing
@testable import SellerCore

/// Signing of the production interface: RFC 4231 vectors for the HMAC, the
/// spec's computed vectors (SAAS-INTERFACE.md §1.6), and an independent
/// implementation (`openssl dgst -sha256 -hmac`) on bodies of our own.
@Suite struct InterfaceSignatureTests {
    static let key = Array("testAccessKey123".utf8)
    static let body = Array(#"{"activity":"newInstance","businessId":"87b94795-0603-4e24-8ae5-69420d60e3c8","orderId":"CS2211181819B4LVS","orderLineId":"CS2211181819B4LVS-000001","testFlag":"1"}"#.utf8)
    static let nonce = "50D83FDECAED6CCD8EF597F2A577950527928BA287D04E6036E92B2806FD17DA"
    static let timestamp = "1680508066618"

    @Test func hmacMatchesRFC4231() {
        let cases: [([UInt8], [UInt8], String)] = [
            ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            ([UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ]
        for (k, m, want) in cases { #expect(Hex.encode(HMACSHA256.mac(key: k, message: m)) == want) }
    }

    @Test func specVectors() {
        #expect(InterfaceSignature.payloadDigest(key: Self.key, body: Self.body) == "9d7fe05c22e8bc1d70841bace6c549b523dcb77a8aa61dc0118708bf14269c0e")
        #expect(InterfaceSignature.sign(key: Self.key, nonce: Self.nonce, timestamp: Self.timestamp, body: Self.body)
                == "CD8D59BB7FCF7574752B5EB0ED04B3ACF4A759DA53F24D30A79ABE45C5D1BA25")
        #expect(InterfaceSignature.kitSign(key: Self.key, nonce: Self.nonce, timestamp: Self.timestamp, body: Self.body)
                == "ABB44B4C7A867A9F5EB8D9B7D9DF42E804FF66BC084EE412C49CFAFBFD5D8BE6")
        #expect(InterfaceSignature.bodySign(key: Self.key, body: Array(#"{"resultCode":"000000","resultMsg":"success"}"#.utf8))
                == #"sign_type="HMAC-SHA256", signature="qdqtZdJiAwi9GfuPYIJDDrTOocUWyJfUis2gJwarOv4=""#)
    }

    /// `openssl dgst -sha256 -hmac KEY` over a file; nil when openssl is not installed.
    static func openssl(key: String, _ data: [UInt8]) -> String? {
        let dir = NSTemporaryDirectory() + "hmac-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/in", contents: Data(data))
        guard let path = ["/usr/bin/openssl", "/bin/openssl", "/usr/local/bin/openssl"].first(where: FileManager.default.isExecutableFile) else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let words: [String] = [path, "dgst", "-sha256", "-hex", "-hmac", key, dir + "/in"]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envWords: [String] = ["LC_ALL=C", "LANG=C", "PATH=/usr/bin:/bin"]
        let envp: [UnsafeMutablePointer<CChar>?] = envWords.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard let out = try? String(contentsOfFile: dir + "/out", encoding: .utf8), let hex = out.split(separator: " ").last else { return nil }
        return hex.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func signaturesAgreeWithOpenSSL() throws {
        let bodies: [[UInt8]] = [
            Self.body,
            Array(#"{"activity":"refreshInstance","expireTime":"20271124023618","instanceId":"中文-实例","orderId":"CS1","orderLineId":"CS1-000001","scene":"RENEWAL"}"#.utf8),
            [UInt8](repeating: 0x7B, count: 200),
            Array((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
        ]
        let keys = ["testAccessKey123", "k", String(repeating: "long-key-", count: 12)]
        var compared = 0
        for k in keys {
            for b in bodies {
                guard let inner = Self.openssl(key: k, b) else {
                    print("openssl not installed; the spec and RFC vectors still checked the implementation")
                    return
                }
                #expect(inner == InterfaceSignature.payloadDigest(key: Array(k.utf8), body: b))
                let canonical = Array(k.utf8) + Array("NONCE123".utf8) + Array("1700000000000".utf8) + Array(inner.utf8)
                let outer = try #require(Self.openssl(key: k, canonical))
                #expect(outer.uppercased() == InterfaceSignature.sign(key: Array(k.utf8), nonce: "NONCE123", timestamp: "1700000000000", body: b))
                compared += 1
            }
        }
        #expect(compared == keys.count * bodies.count)
    }

    @Test func verifyAcceptsEitherCaseAndRefusesTheRest() {
        let now: Int64 = 1_680_508_066_618
        let sig = InterfaceSignature.sign(key: Self.key, nonce: Self.nonce, timestamp: Self.timestamp, body: Self.body)
        func q(_ s: String, ts: String = Self.timestamp) -> [String: String] { ["signature": s, "timestamp": ts, "nonce": Self.nonce] }
        #expect(InterfaceSignature.verify(key: Self.key, query: q(sig), body: Self.body, nowMs: now) == nil)
        #expect(InterfaceSignature.verify(key: Self.key, query: q(sig.lowercased()), body: Self.body, nowMs: now) == nil)
        #expect(InterfaceSignature.verify(key: Self.key, query: q(sig), body: Self.body + [0x20], nowMs: now) == .mismatch)
        #expect(InterfaceSignature.verify(key: Array("otherKey".utf8), query: q(sig), body: Self.body, nowMs: now) == .mismatch)
        #expect(InterfaceSignature.verify(key: Self.key, query: q(sig), body: Self.body, nowMs: now + 60_000) == nil)
        #expect(InterfaceSignature.verify(key: Self.key, query: q(sig), body: Self.body, nowMs: now + 60_001) == .stale(offsetMs: -60_001))
        #expect(InterfaceSignature.verify(key: Self.key, query: q(sig), body: Self.body, nowMs: now - 61_000) == .stale(offsetMs: 61_000))
        #expect(InterfaceSignature.verify(key: Self.key, query: q(sig, ts: "16805x"), body: Self.body, nowMs: now) == .badTimestamp("16805x"))
        #expect(InterfaceSignature.verify(key: Self.key, query: ["timestamp": Self.timestamp, "nonce": "n"], body: Self.body, nowMs: now) == .missing("signature"))
    }

    @Test func nonceGuardRefusesReplaysWithinTheWindowAndStaysBounded() {
        var g = NonceGuard(capacity: 3)
        #expect(g.admit("a", nowMs: 0) == .fresh)
        #expect(g.admit("a", nowMs: 119_000) == .replayed)
        #expect(g.admit("b", nowMs: 1) == .fresh)
        #expect(g.admit("c", nowMs: 2) == .fresh)
        #expect(g.admit("d", nowMs: 3) == .full, "a full table of live nonces refuses rather than forgets")
        #expect(g.admit("d", nowMs: 200_000) == .fresh, "expired nonces make room")
        #expect(g.admit("a", nowMs: 200_001) == .fresh, "a nonce past both windows is no replay: its timestamp would be stale")
    }
}
