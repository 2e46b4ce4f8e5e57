import SellerCore

/// A permission refusal in the console's language: what was refused and who
/// may do it instead (the core's `GuardedAction` / `WhoMay`).
extension RefusalText {
    static func action(_ a: GuardedAction, _ l: Lang) -> String {
        switch a {
        case .step(let e, nil): l.t("refusal.action.step", l.term(e))
        case .step(let e, let o?): l.t("refusal.action.step_on_order", l.term(e), o)
        case .appeal(let o): l.t("refusal.action.appeal", o)
        case .ticket(let e, let t): l.t("refusal.action.ticket", l.term(e), t)
        case .markMessage(let id): l.t("refusal.action.mark_message", id)
        case .mainOnly(let m): mainOnly(m, l)
        }
    }

    static func mainOnly(_ m: MainOnlyAction, _ l: Lang) -> String {
        switch m {
        case .seeBills: l.t("refusal.action.see_bills")
        case .seeSettlement: l.t("refusal.action.see_settlement")
        case .seeInvoiceRequests: l.t("refusal.action.see_invoice_requests")
        case .invoiceHuaweiCloud: l.t("refusal.action.invoice_huawei_cloud")
        case .manageReceivers: l.t("refusal.action.manage_receivers")
        case .issueInvoices: l.t("refusal.action.issue_invoices")
        case .addSubAccounts: l.t("refusal.action.add_sub_accounts")
        case .authoriseProducts: l.t("refusal.action.authorise_products")
        case .revokeAuthorisations: l.t("refusal.action.revoke_authorisations")
        }
    }

    static func whoMay(_ w: WhoMay, _ l: Lang) -> String {
        let head = w.mainName.map { l.t("refusal.who.main_named", $0, w.mainId ?? "") } ?? l.t("refusal.who.main")
        switch w.also {
        case .nobody: return head
        case .deliverySubAccount(let name, let id, let p): return head + l.t("refusal.who.delivery_sub_account", name, id, p)
        case .noDeliverySubAccount(let p): return head + l.t("refusal.who.no_delivery_sub_account", p)
        case .owner(let role, let name, let id): return head + l.t("refusal.who.owner", l.term(role), name, id)
        case .productSubAccount: return head + l.t("refusal.who.product_sub_account")
        }
    }
}
