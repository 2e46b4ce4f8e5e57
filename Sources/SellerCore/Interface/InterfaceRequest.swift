import Foundation

/// The result codes of the V2 basic interface (SAAS-INTERFACE.md §3).
public enum ResultCode: String, Sendable, CaseIterable {
    case success = "000000"
    case auth = "000001"
    case badParameters = "000002"
    case unknownInstance = "000003"
    case inProgress = "000004"
    case internalError = "000005"
}

/// The activities `seller serve` answers (§2.1–2.6).
public enum Activity: String, Sendable, CaseIterable {
    case newInstance, queryInstance, refreshInstance, updateInstanceStatus, releaseInstance, upgradeInstance
}

/// A request body, read and checked field by field against the spec's table.
public struct InterfaceRequest: Sendable, Equatable {
    public var activity: Activity
    /// Every string field of the table that was present.
    public var fields: [String: String]
    public var test: Bool

    public subscript(_ name: String) -> String? { fields[name] }

    /// One row per field: name, longest allowed length in characters, required.
    struct Field { var name: String; var max: Int; var required: Bool }

    /// The field tables of §2: the one place their names and limits live.
    static let table: [Activity: [Field]] = [
        .newInstance: [Field(name: "orderId", max: 64, required: true), Field(name: "orderLineId", max: 64, required: true),
                       Field(name: "businessId", max: 64, required: true)],
        // §2.2 says S100 yet allows 100 ids per call: longer lists are accepted [inf].
        .queryInstance: [Field(name: "instanceId", max: 100 * 65, required: true)],
        .refreshInstance: [Field(name: "scene", max: 64, required: true), Field(name: "orderId", max: 64, required: true),
                           Field(name: "orderLineId", max: 64, required: true), Field(name: "instanceId", max: 64, required: true),
                           Field(name: "productId", max: 64, required: false), Field(name: "expireTime", max: 20, required: true)],
        .updateInstanceStatus: [Field(name: "instanceId", max: 64, required: true), Field(name: "status", max: 32, required: true)],
        .releaseInstance: [Field(name: "instanceId", max: 64, required: true), Field(name: "orderId", max: 64, required: false),
                           Field(name: "orderLineId", max: 64, required: false)],
        .upgradeInstance: [Field(name: "instanceId", max: 64, required: true), Field(name: "orderId", max: 64, required: true),
                           Field(name: "orderLineId", max: 64, required: true)],
    ]

    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var field: String
        public var reason: String
        public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
    }

    /// What could be read of a body for the call record even when it is refused.
    public struct Echo: Sendable, Equatable {
        public var activity = "", orderId: String?, orderLineId: String?, instanceId: String?, businessId: String?
        public var test = false
    }

    /// Reads a body (raw bytes as received). Unknown fields are ignored (older
    /// V2 copies pushed the whole order, §2.1) [inf].
    public static func parse(_ body: [UInt8]) -> (Result<InterfaceRequest, Problem>, Echo) {
        var echo = Echo()
        guard String(validating: body, as: UTF8.self) != nil else {
            return (.failure(Problem(field: "", reason: "the body is not valid UTF-8")), echo)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body), options: [])) as? [String: Any] else {
            return (.failure(Problem(field: "", reason: "the body is not a JSON object")), echo)
        }
        // Strings only, as the tables say; the platform's older copies sent
        // testFlag as a number, so that one field also takes an integer.
        func text(_ name: String) -> String? {
            if let s = object[name] as? String { return s }
            if name == "testFlag", let n = object[name] as? NSNumber { return n.stringValue }
            return nil
        }
        func bounded(_ s: String?) -> String? { s.map { String($0.prefix(64)) } }
        echo.activity = bounded(text("activity")) ?? ""
        echo.orderId = bounded(text("orderId")); echo.orderLineId = bounded(text("orderLineId"))
        echo.instanceId = text("instanceId").map { String($0.prefix(200)) }; echo.businessId = bounded(text("businessId"))
        // §2: "1" marks a debug call; absent (or "0") a real one.
        let flag = text("testFlag")
        echo.test = flag == "1"
        if let f = flag, f != "0", f != "1" { return (.failure(Problem(field: "testFlag", reason: "must be \"1\" or \"0\", got '\(f.prefix(16))'")), echo) }
        guard let name = text("activity") else { return (.failure(Problem(field: "activity", reason: "required field is missing")), echo) }
        guard let activity = Activity(rawValue: name) else {
            return (.failure(Problem(field: "activity", reason: "unknown activity '\(name.prefix(32))'")), echo)
        }
        var fields: [String: String] = [:]
        for f in table[activity]! {
            guard let value = text(f.name), !value.isEmpty else {
                if object[f.name] != nil, !(object[f.name] is NSNull), text(f.name) == nil {
                    return (.failure(Problem(field: f.name, reason: "must be a string")), echo)
                }
                if f.required { return (.failure(Problem(field: f.name, reason: "required field is missing")), echo) }
                continue
            }
            guard value.count <= f.max else {
                return (.failure(Problem(field: f.name, reason: "is \(value.count) characters long; at most \(f.max) are allowed")), echo)
            }
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                return (.failure(Problem(field: f.name, reason: "contains control characters")), echo)
            }
            fields[f.name] = value
        }
        return (.success(InterfaceRequest(activity: activity, fields: fields, test: echo.test)), echo)
    }

    /// `expireTime`: UTC `yyyyMMddHHmmss`, or with milliseconds as the spec's example (§2.3) [inf].
    public static func parseExpireTime(_ s: String) -> Timestamp? {
        let d = Array(s.utf8)
        guard d.count == 14 || d.count == 17, d.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        func n(_ a: Int, _ len: Int) -> Int { d[a..<(a + len)].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let (y, mo, day, h, mi, sec) = (n(0, 4), n(4, 2), n(6, 2), n(8, 2), n(10, 2), n(12, 2))
        guard (1...12).contains(mo), day >= 1, day <= Timestamp.daysIn(year: y, month: mo), h < 24, mi < 60, sec < 60 else { return nil }
        let china = Timestamp(china: .init(year: y, month: mo, day: day, hour: h, minute: mi, second: sec))
        return china.adding(seconds: Timestamp.chinaOffsetSeconds)
    }
}
