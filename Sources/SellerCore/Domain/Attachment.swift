/// A file attached to a requirement, a delivery or an appeal. Files the merchant
/// adds are copied into the store and addressed by `sha256`; files the buyer
/// attached on the platform are known only by name and size.
public struct AttachmentRef: Codable, Hashable, Sendable {
    public var name: String
    public var size: Int64
    public var sha256: String?

    public init(name: String, size: Int64, sha256: String? = nil) {
        self.name = name; self.size = size; self.sha256 = sha256
    }
}
