/// One thing a merchant asks to write, as every front end states it (the
/// console's effects, the CLI's commands, the coming `serve`): files are
/// still paths and ids are not yet chosen — `WriteService` does both.
public enum WriteRequest: Sendable, Equatable {
    /// A supervision step; `documents` are files to copy in as 验收材料,
    /// `requirementAttachments` as 需求附件.
    case step(orderId: String, event: FlowEvent, fields: FieldValues, documents: [String], requirementAttachments: [String] = [])
    /// 发起申诉; the appeal id is generated unless given (a caller replaying its own id).
    case fileAppeal(orderId: String, reason: String, evidence: [String], appealId: String? = nil)
    /// Any other merchant action, complete as it stands (ticket steps, marks,
    /// invoices, receivers, accounts, authorisations, bill invoices…).
    case event(DomainEvent)
}

/// Why a write did not happen, as a value: the CLI prints `description`
/// (English), the console renders each case in its own language. Nothing was
/// written when this is returned.
public enum WriteRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The domain refused the action (its state, fields, actor or permission).
    case domain(DomainError)
    /// The store could not do it (locked too long, read-only, disk error, damage).
    case store(StoreError)
    /// A file offered as evidence or a document was not taken.
    case attachment(AttachmentError)

    public init(_ error: StoreError) {
        if case .refused(let d) = error { self = .domain(d) } else { self = .store(error) }
    }

    public var description: String {
        switch self {
        case .domain(let d): d.description
        case .store(let s): s.description
        case .attachment(let a): a.description
        }
    }

    /// The same refusal as the `StoreError` the CLI has always thrown.
    public var storeError: StoreError {
        switch self {
        case .domain(let d): .refused(d)
        case .store(let s): s
        case .attachment(let a): .attachment(path: a.path, reason: a.problem.description)
        }
    }
}
