import SellerCore

/// Tab on the `:` line completes the verb, then its value (a column for
/// `:sort`, a status for `:status`, a product type for `:type`): the longest
/// common prefix of what matches, the choices on the status line when several do.
extension App {
    mutating func complete(_ field: inout TextField) {
        let text = field.value
        let verbs = CommandLineVerb.allCases.filter { $0.works(on: tab, roles: data.roles) }.map(\.rawValue)
        let candidates: [String]
        let head: String
        if let space = text.firstIndex(of: " ") {
            let verb = String(text[..<space]).lowercased()
            let value = String(text[text.index(after: space)...]).trimmingSpaces
            head = verb + " "
            let values: [String]
            switch verb {
            case "sort": values = data.columns.map(\.title).filter { !$0.isEmpty }
            case "status": values = tab == .orders ? OrderStatus.allCases.map { model.lang.term($0) } : SupervisionState.allCases.map { model.lang.term($0) }
            case "type": values = ProductType.allCases.map(\.rawValue)
            case "category": values = MessageCategory.names.keys.sorted().map(String.init)
            default: values = []
            }
            candidates = values.filter { $0.lowercased().hasPrefix(value.lowercased()) }
        } else {
            head = ""
            candidates = verbs.filter { $0.hasPrefix(text.lowercased()) }
        }
        completions = []
        guard let first = candidates.first else { return }
        if candidates.count == 1 {
            field = TextField(head + first + " ")
            return
        }
        var common = first
        for c in candidates.dropFirst() { while !c.lowercased().hasPrefix(common.lowercased()) { common.removeLast() } }
        if common.count > field.value.count - head.count { field = TextField(head + common) }
        completions = candidates
    }
}
