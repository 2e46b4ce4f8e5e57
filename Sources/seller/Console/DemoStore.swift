import Foundation
import SellerCore

/// A fresh demo store in a temporary directory (`--demo`, the welcome's `d`);
/// the console removes it when it exits.
enum DemoStore {
    static func make() throws -> String {
        let dir = NSTemporaryDirectory() + "seller-demo-\(getpid())-\(Int(Date().timeIntervalSince1970))"
        let store = try Store.create(at: dir)
        _ = try FeedIngest.run(DemoFeed(.init()), into: store, replay: true)
        return dir
    }
}
