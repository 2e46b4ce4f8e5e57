import Foundation
import Testing
@testable import SellerUI

/// A pane is its descriptor file (with its `Tab` constant), its line in
/// `Panes.all` and its locale strings: its tab, digit command, key and help
/// line follow. Swift cannot find the descriptors itself, so the sources are
/// read: a descriptor left out of the list fails here, naming its file.
@Suite struct PaneRegistryTests {
    static let panes = ConsoleShapeTests.sources.appendingPathComponent("Panes")

    /// (file, type) for every type in Panes/ that conforms to PaneDescriptor.
    static func declared() throws -> [(file: String, type: String, text: String)] {
        let re = try NSRegularExpression(pattern: #"(?m)^\s*(?:public\s+|internal\s+)?(?:enum|struct|final\s+class|class)\s+(\w+)\s*:[^{]*\bPaneDescriptor\b"#)
        var out: [(String, String, String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: panes.path).sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOf: panes.appendingPathComponent(file), encoding: .utf8)
            let ns = text as NSString
            for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) where ns.substring(with: m.range(at: 1)) != "PaneDescriptor" {
                out.append((file, ns.substring(with: m.range(at: 1)), text))
            }
        }
        return out
    }

    @Test func everyDescriptorInPanesIsInTheListWithItsTabConstant() throws {
        let listed = Panes.all.map { String(describing: $0) }
        let found = try Self.declared()
        #expect(found.count >= 8, "found \(found.map(\.type)) under \(Self.panes.path)")
        for (file, type, text) in found {
            #expect(listed.contains(type), "Panes/\(file): \(type) conforms to PaneDescriptor but is not in Panes.all (PaneDescriptor.swift)")
            // Its Tab constant is declared beside it and names the same pane.
            guard let d = Panes.all.first(where: { String(describing: $0) == type }) else { continue }
            let id: String = d.id
            let constant = "static let \(id) = Tab(\(type).self)"
            #expect(text.contains(constant), "Panes/\(file): no `extension Tab { public \(constant) }`")
        }
        #expect(Set(listed).count == listed.count, "a descriptor listed twice")
        let ids = Panes.all.map { (d: any PaneDescriptor.Type) -> String in d.id }
        #expect(Set(ids).count == Panes.all.count, "two panes with one id")
    }

    @Test func eachPanesCommandKeyAndHelpLineFollowFromItsPlace() {
        for tab in Tab.allCases {
            let spec = CommandRegistry.spec(.pane(tab))
            #expect(spec.id.rawValue == "pane\(tab.rawValue)" && spec.id.pane == tab)
            #expect(spec.keys == (tab.rawValue < 10 ? [.char(Character("\(tab.rawValue)"))] : []))
            #expect(spec.title(.zh) == tab.title(.zh) && spec.title(.en) == tab.title(.en))
            #expect(CommandID(rawValue: "pane\(tab.rawValue)") == .pane(tab), "keys.json names it")
            let id: String = Panes.descriptor(tab).id
            #expect(Tab(rawValue: tab.rawValue) == tab && "\(tab)" == id)
        }
        #expect(CommandID(rawValue: "pane\(Tab.allCases.count)") == nil && Tab(rawValue: Tab.allCases.count) == nil)
        #expect(CommandID.allCases.filter { $0.pane != nil }.count == Panes.all.count)
        // The constants the executable and the tests use are the places they always were.
        #expect([Tab.dashboard, .orders, .supervision, .tickets, .messages, .appeals, .settlement, .interface].map(\.rawValue) == Array(0...7))
        #expect(["dashboard", "orders", "settlement"] == [Tab.dashboard, .orders, .settlement].map { "\($0)" })
    }
}
