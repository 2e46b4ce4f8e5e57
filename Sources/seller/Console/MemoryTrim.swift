/// glibc's `malloc_trim`, which the Glibc module does not export.
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: UInt) -> Int32

/// Gives the heap's free pages back to the system. Decoding a store frees
/// far more than it keeps (line buffers, token arrays, the structs a history
/// is validated through), and glibc keeps those freed pages resident unless
/// asked: after a load the console would otherwise sit on them while idle.
enum MemoryTrim {
    static func release() { _ = glibcMallocTrim(0) }
}

/// When the console trims: at its first quiet tick after anything happened
/// (the load arriving, keys, a write, a poll that changed the state, a
/// reload or compaction), since building a pane's rows also frees more than
/// it keeps. A trim with nothing to give back costs microseconds; one after
/// a pane switch on a 100k-order store ~15 ms, never while keys are coming.
struct IdleTrim {
    private var owed = true

    mutating func activity() { owed = true }

    /// The console has nothing to do: give back what the last activity freed.
    mutating func quiet() {
        guard owed else { return }
        owed = false
        MemoryTrim.release()
    }
}
