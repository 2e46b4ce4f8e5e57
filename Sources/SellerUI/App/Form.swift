import SellerCore

/// A form for a supervision step, an appeal or a ticket step, built from the
/// fields the core's tables declare.
public struct FormState: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable, Codable {
        case step(orderId: String, event: FlowEvent)
        case appeal(orderId: String)
        case ticket(ticketId: String, event: TicketEvent)
        /// Adding (nil) or editing a message receiver.
        case receiver(editing: String?)
        /// 开具发票: the invoice number for an open invoice request.
        case invoice(requestId: String)
    }

    public struct Field: Sendable, Equatable {
        /// The table's name for it: a FieldID or a ticket field raw value.
        public var key: String
        public var label: String
        public var kind: FieldID.Kind
        public var required: Bool
        /// Fixed choices, cycled with ← → or Space (e.g. the access kind).
        public var choices: [String] = []
        /// A choice's name in the language (the value stored stays the raw choice).
        public var choiceNames: [String: String] = [:]
        public var editor: TextField
        /// File paths for file fields, added one at a time.
        public var files: [String] = []
        /// What review found wrong with this field, shown beside it.
        public var error: String? = nil
        /// The choices a Tab completion left open, shown beside the field.
        public var hint: String? = nil
        /// Accounts a 转派 may name: id → name (Tab completes either).
        public var accounts: [String: String] = [:]

        /// What the form shows: a choice by its name, anything typed as typed.
        public var shownValue: String { choiceNames[editor.value] ?? editor.value }
    }

    public var purpose: Purpose
    public var fields: [Field]
    public var focus = 0
    public var reviewing = false
    /// The write this form sent and whose outcome has not come back: its
    /// outcome closes this form only, and a second confirm sends nothing.
    public var submitted: Effect?
    public var confirmingDiscard = false
    /// Ctrl-C on a changed form asks first (`y` or Ctrl-C again quits).
    public var confirmingQuit = false
    public var error: String?
    public var changed = false
    var lang: Lang = .zh

    init(purpose: Purpose, rules: [Transition.FieldRule], lang: Lang) {
        self.purpose = purpose
        self.lang = lang
        fields = rules.map { r in
            // An appeal's files are its evidence (申诉凭证), not delivery documents.
            let label = r.field == .documents && purpose.isAppeal ? lang.t("form.appeal_evidence") : lang.term(r.field)
            return Field(key: r.field.rawValue, label: label, kind: r.field.kind, required: r.required,
                         editor: TextField("", multiline: r.field.kind == .multilineText, maxLength: r.maxLength))
        }
        reviewing = fields.isEmpty
    }

    init(ticket: String, option: SellerState.TicketActionOption, lang: Lang, accounts: [Account] = []) {
        purpose = .ticket(ticketId: ticket, event: option.event)
        self.lang = lang
        fields = (option.requires.map { ($0, true) } + option.allows.map { ($0, false) }).map { f, required in
            switch f {
            case .body:
                return Field(key: f.rawValue, label: lang.t("form.text"), kind: .multilineText, required: required,
                             editor: TextField("", multiline: true, maxLength: f.maxLength))
            case .access:
                let first = AccessKind.allCases[0].rawValue
                return Field(key: f.rawValue, label: lang.t("form.access_to_change"), kind: .text, required: required,
                             choices: AccessKind.allCases.map(\.rawValue),
                             choiceNames: Dictionary(uniqueKeysWithValues: AccessKind.allCases.map { ($0.rawValue, lang.term($0)) }),
                             editor: TextField(first))
            case .assignee:
                return Field(key: f.rawValue, label: lang.t("form.assign_to_account_id"), kind: .text, required: required,
                             editor: TextField("", maxLength: f.maxLength),
                             accounts: Dictionary(accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
            }
        }
        reviewing = fields.isEmpty
    }

    /// An invoice form: the number of the invoice issued for `request`.
    init(invoice request: InvoiceRequest, lang: Lang) {
        purpose = .invoice(requestId: request.id)
        self.lang = lang
        fields = [Field(key: "number", label: lang.t("form.invoice_number"), kind: .text, required: true, editor: TextField("", maxLength: FieldLimits.invoiceNumber))]
    }

    /// A receiver form: empty to add one, filled from `existing` to edit it.
    init(receiver existing: MessageReceiver?, lang: Lang) {
        purpose = .receiver(editing: existing?.id)
        self.lang = lang
        func field(_ key: String, _ text: String, required: Bool = false, max: Int) -> Field {
            Field(key: key, label: lang.t("receiver.field.\(key)"), kind: .text, required: required, editor: TextField(text, maxLength: max))
        }
        fields = (existing == nil ? [field("id", "", required: true, max: FieldLimits.idBytes)] : []) + [
            field("name", existing?.name ?? "", required: true, max: FieldLimits.receiverName),
            field("mobile", existing?.mobile ?? "", max: ContactRules.mobileLength),
            field("email", existing?.email ?? "", max: ContactRules.emailMaxLength),
            field("categories", existing?.categories.map(String.init).joined(separator: ",") ?? "", max: FieldLimits.categoryList),
            field("channels", (existing?.channels ?? [.inApp]).map { lang.term($0) }.joined(separator: ","), required: true, max: FieldLimits.channelList),
        ]
    }

    /// The receiver the form describes, or what cannot be read. Whether it is
    /// acceptable (mobile, email, channels) is the core's decision.
    func receiver() -> Result<MessageReceiver, FormProblem> {
        guard case .receiver(let editing) = purpose else { return .failure(FormProblem(text: "not a receiver form")) }
        var categories: [Int] = []
        // Typed separators, ASCII or full-width (\u{FF0C} ，\u{3001} 、), whatever the language.
        for part in (value("categories") ?? "").split(whereSeparator: { $0 == "," || $0 == "\u{FF0C}" || $0 == " " }) {
            guard let n = Int(part) else { return .failure(FormProblem(text: lang.t("form.not_a_category_code", lang.t("receiver.field.categories"), part), field: "categories")) }
            categories.append(n)
        }
        var channels: [Channel] = []
        for part in (value("channels") ?? "").split(whereSeparator: { $0 == "," || $0 == "\u{FF0C}" || $0 == " " || $0 == "\u{3001}" }) {
            // Either language's name or the raw name, whatever the console shows.
            guard let c = Channel.allCases.first(where: { c in c.rawValue == part.lowercased() || Lang.allCases.contains { $0.term(c) == part } }) else {
                let names = Channel.allCases.map { "\(lang.term($0)) (\($0.rawValue))" }.joined(separator: " / ")
                return .failure(FormProblem(text: lang.t("form.unknown_channel", lang.t("receiver.field.channels"), part, names), field: "channels"))
            }
            if !channels.contains(c) { channels.append(c) }
        }
        return .success(MessageReceiver(id: editing ?? value("id") ?? "", name: value("name") ?? "", mobile: value("mobile"),
                                        email: value("email"), categories: categories, channels: channels.sorted()))
    }

    /// A typed time: `2026-11-19 9:00` as well as `09:00` (people drop the zero).
    static func time(_ s: String) -> Timestamp? {
        let t = s.trimmingSpaces
        let parts = t.split(separator: " ", maxSplits: 1).map(String.init)
        if parts.count == 2, let colon = parts[1].firstIndex(of: ":"), parts[1].distance(from: parts[1].startIndex, to: colon) == 1 {
            return Timestamp(iso8601: parts[0] + " 0" + parts[1])
        }
        return Timestamp(iso8601: t)
    }

    func value(_ key: String) -> String? {
        guard let f = fields.first(where: { $0.key == key }) else { return nil }
        let text = f.editor.value
        return text.isEmpty ? nil : text
    }

    /// The effect this form files (nil when the form cannot be read as one;
    /// `review()` says why before it ever gets here).
    var effect: Effect? {
        let files = fields.filter { $0.kind == .files }.flatMap(\.files)
        switch purpose {
        case .step(let o, let e):
            var v = FieldValues()
            v.actualActivationTime = value(FieldID.actualActivationTime.rawValue).flatMap(FormState.time)
            v.signedAt = value(FieldID.signedAt.rawValue).flatMap(FormState.time)
            v.reason = value(FieldID.reason.rawValue)
            v.resultDescription = value(FieldID.resultDescription.rawValue)
            v.carrier = value(FieldID.carrier.rawValue)
            v.trackingNumber = value(FieldID.trackingNumber.rawValue)
            v.logisticsPhone = value(FieldID.logisticsPhone.rawValue)
            v.address = value(FieldID.address.rawValue)
            v.identifier = value(FieldID.identifier.rawValue)
            v.licenseCode = value(FieldID.licenseCode.rawValue)
            v.note = value(FieldID.note.rawValue)
            v.requirementText = value(FieldID.requirementText.rawValue)
            return .step(orderId: o, event: e, fields: v, documents: files)
        case .appeal(let o):
            return .fileAppeal(orderId: o, reason: value(FieldID.reason.rawValue) ?? "", evidence: files)
        case .ticket(let t, let e):
            return .ticket(TicketStep(ticketId: t, event: e, body: value(TicketFlow.Field.body.rawValue),
                                      access: value(TicketFlow.Field.access.rawValue).flatMap(AccessKind.init(rawValue:)),
                                      assignee: assigneeId))
        case .receiver(let editing):
            guard case .success(let r) = receiver() else { return nil }
            return .receiver(editing == nil ? .add(r) : .update(r))
        case .invoice(let id):
            return .issueInvoice(requestId: id, number: value("number")?.trimmingSpaces ?? "")
        }
    }
}

/// Why a form cannot be read as what it asks for.
public struct FormProblem: Error, Equatable {
    public var text: String
    /// The field at fault, when one is.
    public var field: String? = nil
}

extension FormState.Purpose {
    var isAppeal: Bool { if case .appeal = self { true } else { false } }
}

/// One entry of an action menu: what it is, and why not when it cannot be taken.
public struct MenuItem: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case step(FlowEvent, [Transition.FieldRule])
        case appeal
        case ticket(SellerState.TicketActionOption)
    }
    public var title: String
    public var action: Action
    public var unavailableReason: String?
    public var isAvailable: Bool { unavailableReason == nil }
}

/// An unfinished form, kept on disk by the runtime while it is typed so that
/// a crash or a quit loses nothing; offered back when the console opens.
public struct FormDraft: Codable, Sendable, Equatable {
    public var purpose: FormState.Purpose
    public var values: [String: String]
    public var files: [String: [String]]

    init(_ form: FormState) {
        purpose = form.purpose
        values = Dictionary(uniqueKeysWithValues: form.fields.map { ($0.key, $0.editor.value) })
        files = Dictionary(uniqueKeysWithValues: form.fields.filter { !$0.files.isEmpty }.map { ($0.key, $0.files) })
    }

    /// What the draft is for, in a line.
    func title(_ lang: Lang) -> String {
        switch purpose {
        case .step(let o, let e): lang.t("form.step_title", lang.term(e), o)
        case .appeal(let o): lang.t("form.appeal_order", o)
        case .ticket(let t, let e): lang.t("form.ticket_step_title", lang.term(e), t)
        case .receiver(let id): id.map { lang.t("form.edit_receiver", $0) } ?? lang.t("form.add_a_receiver")
        case .invoice(let id): lang.t("form.issue_invoice", id)
        }
    }
}

extension FormState {
    /// Puts a draft's text back into a freshly built form of the same purpose.
    mutating func fill(from d: FormDraft) {
        for i in fields.indices {
            if let v = d.values[fields[i].key] {
                fields[i].editor = TextField(v, multiline: fields[i].editor.multiline, maxLength: fields[i].editor.maxLength)
            }
            fields[i].files = d.files[fields[i].key] ?? fields[i].files
        }
        changed = true
        reviewing = false
    }
}
