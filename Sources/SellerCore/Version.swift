public enum SellerCore {
    public static let version = "0.1.0"
}
