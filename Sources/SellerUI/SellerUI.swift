import SellerCore

/// The console's pure UI layer (issue 5 fills it): app state, command registry,
/// key map and widgets drawing into a cell canvas. It never sees curses.
public enum SellerUI {
    public static let version = SellerCore.version
}
