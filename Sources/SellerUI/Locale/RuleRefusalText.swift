import SellerCore

/// The typed business-rule refusals and field reasons, in the console's
/// language: each case is a `refusal.rule.*` / `refusal.reason.*` template
/// with its values, states and statuses by their names in the language.
extension RefusalText {
    public static func text(_ r: RuleRefusal, _ l: Lang) -> String {
        switch r {
        case .readOnlyStore: return l.t("refusal.rule.read_only_store")
        case .noServiceRecord(let o, let cause):
            let why = switch cause {
            case .skipped: l.t("refusal.rule.unsupervised.skipped")
            case .notSupervised(let t): l.t("refusal.rule.unsupervised.type", l.term(t))
            case .unknownProduct: l.t("refusal.rule.unsupervised.unknown_product")
            }
            return l.t("refusal.rule.no_service_record", o, why)
        case .orderCannotBecome(let o, let target, let from, let allowed):
            return l.t("refusal.rule.order_cannot_become", o, l.term(target), l.term(from),
                       allowed.map { l.term($0) }.sorted().joined(separator: "/"))
        case .orderCompletedWhileRecordOpen(let o, let s): return l.t("refusal.rule.order_completed_while_record_open", o, l.term(s))
        case .ticketWithoutMainAccount(let t): return l.t("refusal.rule.ticket_without_main_account", t)
        case .billConflict(let b): return l.t("refusal.rule.bill_conflict", b)
        case .billAlreadyAt(let b, let s): return l.t("refusal.rule.bill_already_at", b, billStatus(s, l))
        case .billCannotGoBack(let b, let from, let to): return l.t("refusal.rule.bill_cannot_go_back", b, billStatus(from, l), billStatus(to, l))
        case .billAlreadyInvoiced(let b, let n, let at): return l.t("refusal.rule.bill_already_invoiced", b, n, at.shortDisplay)
        case .billNotToInvoice(let b, let s): return l.t("refusal.rule.bill_not_to_invoice", b, billStatus(s, l))
        case .billOnlyGeneralOrders(let b): return l.t("refusal.rule.bill_only_general_orders", b)
        case .billAmountMismatch(let b, let amount, let total): return l.t("refusal.rule.bill_amount_mismatch", b, amount, total)
        case .markNeedsIdsOrAll: return l.t("refusal.rule.mark_needs_ids_or_all")
        case .invoiceAlreadyIssued(let r, let n): return l.t("refusal.rule.invoice_already_issued", r, n ?? "?")
        case .orderAlreadyInvoiced(let o, let r, let n): return l.t("refusal.rule.order_already_invoiced", o, r, n ?? "?")
        case .appealWithoutRecord(let o): return l.t("refusal.rule.appeal_without_record", o)
        case .appealOnClosedRecord(let o, let s): return l.t("refusal.rule.appeal_on_closed_record", o, l.term(s))
        case .appealAlreadyOpen(let o, let a): return l.t("refusal.rule.appeal_already_open", o, a)
        case .mainAccountExists(let a): return l.t("refusal.rule.main_account_exists", a)
        case .authoriseToMain(let p): return l.t("refusal.rule.authorise_to_main", p)
        case .alreadyAuthorised(let p, let name, let id):
            return l.t("refusal.rule.already_authorised", p, name.map { l.t("refusal.rule.account_label", $0, id) } ?? id)
        case .notAuthorised(let p): return l.t("refusal.rule.not_authorised", p)
        }
    }

    public static func text(_ r: FieldReason, _ l: Lang) -> String {
        switch r {
        case .tooManyBytes(let n, let max): l.t("refusal.reason.too_many_bytes", n, max * 4, max)
        case .tooManyCodePoints(let i, let n, let max): l.t("refusal.reason.too_many_code_points", i, n, max)
        case .tooManyCharacters(let n, let max): l.t("refusal.reason.too_many_characters", n, max)
        case .badId: l.t("refusal.reason.bad_id")
        case .laterThanStep(let t, let step): l.t("refusal.reason.later_than_step", t.shortDisplay, step.shortDisplay)
        case .beforeOrder(let t, let created): l.t("refusal.reason.before_order", t.shortDisplay, created.shortDisplay)
        case .noChannel: l.t("refusal.reason.no_channel")
        case .smsWithoutMobile: l.t("refusal.reason.sms_without_mobile")
        case .emailWithoutAddress: l.t("refusal.reason.email_without_address")
        case .notACategory(let c): l.t("refusal.reason.not_a_category", c)
        case .assigneeNotAuthorised(let to, let role, let p): l.t("refusal.reason.assignee_not_authorised", to, l.term(role), p)
        case .alreadyOwner(let to, let t): l.t("refusal.reason.already_owner", to, t)
        case .tooManyEvidenceFiles(let n, let max): l.t("refusal.reason.too_many_evidence_files", n, max)
        case .amountNotPositive(let a): l.t("refusal.reason.amount_not_positive", a)
        case .amountExceedsOrder(let a, let o): l.t("refusal.reason.amount_exceeds_order", a, o)
        case .notFullOrderAmount(let a, let full, let o): l.t("refusal.reason.not_full_order_amount", a.decimalString, full.decimalString, o)
        // Feed-only rules: the platform's wording, as the rejection report says it.
        case .text(let s): s
        }
    }

    /// A bill status by its name in the language (BillStatus has no console term of its own).
    static func billStatus(_ s: BillStatus, _ l: Lang) -> String {
        switch s {
        case .toInvoice: l.t("refusal.rule.bill_status.to_invoice")
        case .toPay: l.t("refusal.rule.bill_status.to_pay")
        case .paid: l.t("refusal.rule.bill_status.paid")
        }
    }
}
