/// Shares one copy of the texts a store repeats across thousands of
/// entities — message titles and channel lists, customer names, the
/// templated requirement and delivery texts, attachment names — as the
/// snapshot is read.
/// Decoding gives every line its own copy; at 100k orders the copies of a
/// dozen titles alone are ~16 MB.
///
/// Sharing is by exact UTF-8 bytes: Swift's `==` on strings treats "é" and
/// "e\u{301}" as equal, and handing one out for the other would change what
/// the next snapshot writes.
struct StringInterning {
    /// A string compared and hashed by its UTF-8 bytes alone.
    private struct Exact: Hashable {
        let s: String
        static func == (a: Exact, b: Exact) -> Bool { UTF8Order.equal(a.s, b.s) }
        func hash(into h: inout Hasher) {
            if s.utf8.withContiguousStorageIfAvailable({ h.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
                for b in s.utf8 { h.combine(b) }
            }
        }
    }

    private var strings: Set<Exact> = []
    private var channelLists: [[Channel]: [Channel]] = [:]

    /// Texts of 15 bytes or fewer live inside the string value itself: nothing to share.
    mutating func share(_ s: String) -> String {
        guard s.utf8.count > 15 else { return s }
        return strings.insert(Exact(s: s)).memberAfterInsert.s
    }

    mutating func share(_ s: String?) -> String? { s.map { share($0) } }

    mutating func share(_ c: [Channel]) -> [Channel] {
        if let have = channelLists[c] { return have }
        channelLists[c] = c
        return c
    }

    mutating func share(_ files: [AttachmentRef]) -> [AttachmentRef] {
        files.map { AttachmentRef(name: share($0.name), size: $0.size, sha256: $0.sha256) }
    }

    mutating func shared(_ m: Message) -> Message {
        var m = m
        m.title = share(m.title)
        m.channels = share(m.channels)
        return m
    }

    mutating func shared(_ o: Order) -> Order {
        var o = o
        o.customer.name = share(o.customer.name)
        return o
    }

    mutating func shared(_ r: ServiceRecord) -> ServiceRecord {
        var r = r
        if let t = r.requirement?.text { r.requirement!.text = share(t) }
        if let t = r.delivery?.resultDescription { r.delivery!.resultDescription = share(t) }
        // Delivery documents and requirement attachments repeat their names
        // ("验收文档.pdf"): ~5 MB of copies at 100k orders.
        if let d = r.delivery?.documents, !d.isEmpty { r.delivery!.documents = share(d) }
        if let a = r.requirement?.attachments, !a.isEmpty { r.requirement!.attachments = share(a) }
        for i in r.rejections.indices { r.rejections[i].reason = share(r.rejections[i].reason) }
        return r
    }

    /// Ticket titles and templated posts, appeal reasons and resolutions,
    /// invoice titles (a customer's name): ~7 MB of copies at 100k orders.
    mutating func shared(_ t: Ticket) -> Ticket {
        var t = t
        t.title = share(t.title)
        t.customer.name = share(t.customer.name)
        for i in t.posts.indices { t.posts[i].body = share(t.posts[i].body) }
        for i in t.accessRequests.indices { t.accessRequests[i].note = share(t.accessRequests[i].note) }
        return t
    }

    mutating func shared(_ a: Appeal) -> Appeal {
        var a = a
        a.reason = share(a.reason)
        a.demands = share(a.demands)
        a.resolution = share(a.resolution)
        if !a.evidence.isEmpty { a.evidence = share(a.evidence) }
        return a
    }

    mutating func shared(_ i: InvoiceRequest) -> InvoiceRequest {
        var i = i
        i.title = share(i.title)
        return i
    }
}
