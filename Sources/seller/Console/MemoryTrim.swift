/// glibc's `malloc_trim` and `mallopt`, which the Glibc module does not export.
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: UInt) -> Int32
@_silgen_name("mallopt") private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32

/// Gives the heap's free pages back to the system. Decoding a store frees
/// far more than it keeps (line buffers, token arrays, the structs a history
/// is validated through), and glibc keeps those freed pages resident unless
/// asked: after a load the console would otherwise sit on them while idle.
enum MemoryTrim {
    static func release() { _ = glibcMallocTrim(0) }

    /// The console's heap settings, made before its loading threads start
    /// (ConsoleStartup.begin). glibc raises its mmap threshold to the
    /// largest block freed so far (up to 32 MiB), so after the first 16 MiB
    /// snapshot block every big buffer of the load came from the heap and
    /// left it fragmented: a fixed 256 KiB keeps them mapped and gives each
    /// back when freed (at 100k orders the peak fell from ~840 to ~760 MB
    /// and idle by ~8 MB, for ~0.8 s more system time over the load). Two
    /// arenas (one per core of the target machine) instead of one per
    /// loading thread leave fewer half-used pages behind (idle −3 MB).
    static func configure() {
        _ = glibcMallopt(mmapThreshold, 256 << 10)
        _ = glibcMallopt(arenaMax, 2)
    }

    /// `M_MMAP_THRESHOLD` and `M_ARENA_MAX` in glibc's malloc.h.
    private static let mmapThreshold: Int32 = -3, arenaMax: Int32 = -8
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
