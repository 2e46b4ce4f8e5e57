import Foundation

/// What a writer needs of a store: its current state, its clock, a place
/// for files and an append under its lock. `Store` is the one shipped; the
/// UI tests give the same service an in-memory state.
public protocol WriteTarget: AnyObject {
    var state: SellerState { get }
    var now: () -> Timestamp { get }
    /// Copies a checked file into the store (once per content).
    func store(_ attachment: Store.PreparedAttachment) throws(StoreError)
    /// Appends the event `make` builds from the freshest state, under the
    /// exclusive lock; returns it with its sequence number.
    func commit(_ make: (SellerState) throws(StoreError) -> EventEnvelope) throws(StoreError) -> (seq: Int, event: EventEnvelope)
    /// Reads what other processes wrote since the last look, so the check
    /// before files are copied in sees the freshest state (a console's state
    /// can be a poll or more behind).
    /// A store whose lock cannot be had refuses here, before any file is copied in.
    func catchUpBeforeCheck() throws(StoreError)
}

extension WriteTarget {
    public func catchUpBeforeCheck() throws(StoreError) {}
}

extension Store: WriteTarget {
    public func commit(_ make: (SellerState) throws(StoreError) -> EventEnvelope) throws(StoreError) -> (seq: Int, event: EventEnvelope) {
        let done = try append(make)
        return (done.seq, done.event)
    }

    /// Waits for the lock as an append would (and gives up as it would):
    /// a lock timeout is the write's refusal, with nothing copied in.
    public func catchUpBeforeCheck() throws(StoreError) { try refresh() }
}

/// The one write path for merchant actions. In order: prepare (read and
/// hash the files, choose the ids), check against the current state (so a
/// refused action copies no file in), store the files, append under the
/// lock (which checks again against the freshest state). Returns the applied
/// event or a typed refusal; nothing is written on a refusal.
public struct WriteService {
    public let target: any WriteTarget
    public let actor: Actor
    /// Reads and checks one file (the store's own reader; screen tests that
    /// name files which do not exist give one of their own).
    public var readFile: (String) throws(AttachmentError) -> Store.PreparedAttachment

    public init(_ target: any WriteTarget, actor: Actor) {
        self.target = target
        self.actor = actor
        self.readFile = { p throws(AttachmentError) in try Store.inspectAttachment(path: p) }
    }

    /// A request made concrete: its event and the files it brings.
    public struct Prepared: Sendable {
        public var event: DomainEvent
        public var files: [Store.PreparedAttachment]
    }

    /// What was written.
    public struct Receipt: Sendable {
        public var seq: Int
        public var envelope: EventEnvelope
        /// For an appeal: the id it was filed under.
        public var appealId: String? {
            if case .appealFiled(let a) = envelope.event { a.appealId } else { nil }
        }
    }

    public func perform(_ request: WriteRequest) -> Result<Receipt, WriteRefusal> {
        do throws(WriteRefusal) {
            let prepared = try prepare(request)
            // With files, check first so a refused action copies none in;
            // without, the append's own check under the lock is the same one.
            if !prepared.files.isEmpty {
                do throws(StoreError) { try target.catchUpBeforeCheck() } catch { throw WriteRefusal(error) }
                try check(prepared.event)
            }
            return .success(try commit(prepared))
        } catch { return .failure(error) }
    }

    /// Reads the files (nothing is copied yet) and builds the event.
    public func prepare(_ request: WriteRequest) throws(WriteRefusal) -> Prepared {
        switch request {
        case .step(let orderId, let event, var fields, let documents, let requirementAttachments):
            let files = try read(documents), extra = try read(requirementAttachments)
            if !files.isEmpty { fields.documents = (fields.documents ?? []) + files.map(\.ref) }
            if !extra.isEmpty { fields.requirementAttachments = (fields.requirementAttachments ?? []) + extra.map(\.ref) }
            return Prepared(event: .supervision(SupervisionStep(orderId: orderId, event: event, fields: fields)), files: files + extra)
        case .fileAppeal(let orderId, let reason, let evidence, let id):
            // Refused before any file is read: no point hashing 20 MiB for a closed record.
            if let account = target.state.accounts[actor.accountId ?? ""],
               let why = target.state.appealRefusal(orderId: orderId, account: account) { throw .domain(why) }
            let files = try read(evidence)
            let appealId = id ?? Self.newAppealId()
            return Prepared(event: .appealFiled(AppealFiling(appealId: appealId, orderId: orderId, reason: reason, evidence: files.map(\.ref))),
                            files: files)
        case .event(let event):
            return Prepared(event: event, files: [])
        }
    }

    /// Checks the event against the current state without writing anything.
    public func check(_ event: DomainEvent) throws(WriteRefusal) {
        do throws(DomainError) {
            _ = try target.state.applying(EventEnvelope(id: "check", at: target.now(), actor: actor, event: event))
        } catch { throw .domain(error) }
    }

    /// Stores the files, then appends the event (checked again under the lock).
    public func commit(_ prepared: Prepared) throws(WriteRefusal) -> Receipt {
        let (id, actor, at) = (Self.newEventId(), actor, target.now())
        do throws(StoreError) {
            for f in prepared.files { try target.store(f) }
            let done = try target.commit { _ in EventEnvelope(id: id, at: at, actor: actor, event: prepared.event) }
            return Receipt(seq: done.seq, envelope: done.event)
        } catch { throw WriteRefusal(error) }
    }

    /// Appends an event decided from the freshest state, under the lock —
    /// for a writer whose answer depends on what is stored at that moment
    /// (`seller serve`: a re-sent call racing this one still creates one
    /// instance). `id` and `at` default to a fresh id and the target's clock.
    public func append(id: String? = nil, at: Timestamp? = nil,
                       _ decide: (SellerState) throws(StoreError) -> DomainEvent) -> Result<Receipt, WriteRefusal> {
        let (id, actor, at) = (id ?? Self.newEventId(), actor, at ?? target.now())
        do throws(StoreError) {
            let done = try target.commit { (state: SellerState) throws(StoreError) -> EventEnvelope in
                EventEnvelope(id: id, at: at, actor: actor, event: try decide(state))
            }
            return .success(Receipt(seq: done.seq, envelope: done.event))
        } catch { return .failure(WriteRefusal(error)) }
    }

    func read(_ paths: [String]) throws(WriteRefusal) -> [Store.PreparedAttachment] {
        var out: [Store.PreparedAttachment] = []
        for p in paths {
            do throws(AttachmentError) { out.append(try readFile(p)) } catch { throw .attachment(error) }
        }
        return out
    }

    public static func newAppealId() -> String { "AP-" + UUID().uuidString.prefix(8).lowercased() }
    public static func newEventId() -> String { "local-" + UUID().uuidString.lowercased() }
}
