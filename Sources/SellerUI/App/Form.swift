import SellerCore

/// A form for a supervision step or an appeal, built from the fields the
/// core's table row declares.
public struct FormState: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case step(orderId: String, event: FlowEvent)
        case appeal(orderId: String)
    }

    public struct Field: Sendable, Equatable {
        public var id: FieldID
        public var required: Bool
        public var editor: TextField
        /// File paths for file fields, added one at a time.
        public var files: [String] = []
    }

    public var purpose: Purpose
    public var fields: [Field]
    public var focus = 0
    public var reviewing = false
    public var confirmingDiscard = false
    public var error: String?
    public var changed = false

    init(purpose: Purpose, rules: [Transition.FieldRule]) {
        self.purpose = purpose
        fields = rules.map { r in
            let max = r.field == .reason && purpose.isAppeal ? Appeal.reasonMaxLength : r.field.maxLength
            return Field(id: r.field, required: r.required,
                         editor: TextField("", multiline: r.field.kind == .multilineText, maxLength: max))
        }
        reviewing = fields.isEmpty
    }

    /// Moves on to the review screen, or says what is missing.
    mutating func review() {
        for f in fields where f.required {
            let empty = f.id.kind == .files ? f.files.isEmpty : f.editor.value.allSatisfy(\.isWhitespace)
            if empty { error = "«\(f.id.zh)» 必填 / required"; return }
        }
        for f in fields where f.id.kind == .time && !f.editor.value.isEmpty {
            if Timestamp(iso8601: f.editor.value) == nil { error = "«\(f.id.zh)»: 2026-01-31 14:00"; return }
        }
        error = nil
        reviewing = true
    }

    /// The effect this form files.
    var effect: Effect {
        var v = FieldValues()
        var documents: [String] = []
        for f in fields {
            let text = f.editor.value
            switch f.id {
            case .documents, .requirementAttachments: documents += f.files
            case .actualActivationTime: v.actualActivationTime = text.isEmpty ? nil : Timestamp(iso8601: text)
            case .signedAt: v.signedAt = text.isEmpty ? nil : Timestamp(iso8601: text)
            case .reason: v.reason = text.isEmpty ? nil : text
            case .resultDescription: v.resultDescription = text.isEmpty ? nil : text
            case .carrier: v.carrier = text.isEmpty ? nil : text
            case .trackingNumber: v.trackingNumber = text.isEmpty ? nil : text
            case .logisticsPhone: v.logisticsPhone = text.isEmpty ? nil : text
            case .address: v.address = text.isEmpty ? nil : text
            case .identifier: v.identifier = text.isEmpty ? nil : text
            case .licenseCode: v.licenseCode = text.isEmpty ? nil : text
            case .note: v.note = text.isEmpty ? nil : text
            case .requirementText: v.requirementText = text.isEmpty ? nil : text
            case .cause: break
            }
        }
        switch purpose {
        case .step(let o, let e): return .step(orderId: o, event: e, fields: v, documents: documents)
        case .appeal(let o): return .fileAppeal(orderId: o, reason: v.reason ?? "", evidence: documents)
        }
    }
}

extension FormState.Purpose {
    var isAppeal: Bool { if case .appeal = self { true } else { false } }
    var orderId: String {
        switch self {
        case .step(let o, _), .appeal(let o): o
        }
    }
}
