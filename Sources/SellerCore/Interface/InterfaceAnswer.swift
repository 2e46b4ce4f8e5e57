import Foundation

/// Response bodies. Keys ascending, every non-ASCII character written as
/// `\uXXXX` (§2.2 asks it of `memo`; doing it everywhere keeps the body ASCII).
public enum InterfaceAnswer {
    public static func body(_ d: InterfaceRules.Decision) -> [UInt8] {
        var pairs: [(String, JSON)] = [("resultCode", .string(d.code.rawValue)), ("resultMsg", .string(String(d.message.prefix(255))))]
        if let id = d.instanceId { pairs.append(("instanceId", .string(id))) }
        if let info = d.info {
            pairs.append(("info", .array(info.map { e in
                var o: [(String, JSON)] = [("instanceId", .string(e.instanceId))]
                if let a = e.appInfo { o.append(("appInfo", appInfo(a))) }
                return .object(o)
            })))
        }
        return JSON.object(pairs).bytes
    }

    public static func failure(_ code: ResultCode, _ message: String) -> [UInt8] {
        body(InterfaceRules.Decision(code: code, message: message))
    }

    static func appInfo(_ a: AppInfo) -> JSON {
        var o: [(String, JSON)] = [("frontEndUrl", .string(a.frontEndUrl))]
        for (name, path, _) in AppInfo.limits { if let v = a[keyPath: path] { o.append((name, .string(v))) } }
        return .object(o)
    }

    public indirect enum JSON {
        case string(String), array([JSON]), object([(String, JSON)])

        public var bytes: [UInt8] { var out: [UInt8] = []; write(&out); return out }

        func write(_ out: inout [UInt8]) {
            switch self {
            case .string(let s): JSON.quote(s, &out)
            case .array(let a):
                out.append(UInt8(ascii: "["))
                for (i, v) in a.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; v.write(&out) }
                out.append(UInt8(ascii: "]"))
            case .object(let o):
                out.append(UInt8(ascii: "{"))
                for (i, (k, v)) in o.sorted(by: { $0.0 < $1.0 }).enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    JSON.quote(k, &out); out.append(UInt8(ascii: ":")); v.write(&out)
                }
                out.append(UInt8(ascii: "}"))
            }
        }

        static func quote(_ s: String, _ out: inout [UInt8]) {
            out.append(UInt8(ascii: "\""))
            for u in s.utf16 {
                switch u {
                case 0x22: out += Array("\\\"".utf8)
                case 0x5C: out += Array("\\\\".utf8)
                case 0x0A: out += Array("\\n".utf8)
                case 0x0D: out += Array("\\r".utf8)
                case 0x09: out += Array("\\t".utf8)
                case 0x20..<0x7F: out.append(UInt8(u))
                default: out += Array(String(format: "\\u%04x", u).utf8)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}

/// What a merchant's hook prints: `{"appInfo":{"frontEndUrl":…,…}}` or `{}`.
public enum HookOutput {
    public static func parse(_ bytes: [UInt8]) throws(InterfaceRequest.Problem) -> AppInfo? {
        guard String(validating: bytes, as: UTF8.self) != nil,
              let o = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [])) as? [String: Any] else {
            throw InterfaceRequest.Problem(field: "", reason: "the hook did not print a JSON object")
        }
        guard let raw = o["appInfo"] else { return nil }
        guard let a = raw as? [String: Any] else { throw .init(field: "appInfo", reason: "must be an object") }
        guard let url = a["frontEndUrl"] as? String, !url.isEmpty, url.count <= 512 else {
            throw .init(field: "appInfo.frontEndUrl", reason: "required, a string of at most 512 characters")
        }
        var info = AppInfo(frontEndUrl: url)
        for (name, path, max) in AppInfo.limits {
            guard let v = a[name] else { continue }
            guard let s = v as? String, s.count <= max else { throw .init(field: "appInfo." + name, reason: "must be a string of at most \(max) characters") }
            info[keyPath: path] = s
        }
        return info
    }
}
