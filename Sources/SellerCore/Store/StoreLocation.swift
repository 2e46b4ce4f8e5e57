/// Where the store lives: `--store DIR`, else `$SELLER_STORE`, else
/// `$XDG_DATA_HOME/seller-center`, else `~/.local/share/seller-center`.
public enum StoreLocation {
    public static func resolve(flag: String?, environment: [String: String]) -> String {
        if let f = flag, !f.isEmpty { return f }
        if let s = environment["SELLER_STORE"], !s.isEmpty { return s }
        if let x = environment["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/seller-center" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "."
        return home + "/.local/share/seller-center"
    }
}
