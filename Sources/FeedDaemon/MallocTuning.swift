/// glibc malloc settings for a long-running process that allocates in bursts (a poll cycle's
/// feed records, bodies and parsed entries, freed when it ends).
///
/// With the defaults, the freed memory of a cycle mostly stayed in the heap: `feedd run` with
/// 10,000 feeds sat at 78 MB resident (`feedd-bench daemon`). Returning free memory above 64 KiB
/// at the top of a heap to the kernel (`M_TRIM_THRESHOLD`), and two arenas instead of one per
/// thread up to 8 per core, brought it to 60 MB with the same CPU per cycle.
public enum MallocTuning {
    /// Bytes of free memory at the top of a heap before it is given back.
    static let trimThresholdBytes: Int32 = 64 << 10
    /// Malloc arenas at most (the cooperative pool has one thread per core; 2 cores here).
    static let maxArenas: Int32 = 2

    /// `<malloc.h>`'s parameter numbers (the Glibc module does not import that header).
    private static let trimThreshold: Int32 = -1
    private static let topPad: Int32 = -2
    private static let arenaMax: Int32 = -8

    /// Extra bytes a heap grows by when it must grow, for one large parse (`feedd parse`).
    static let largeParseTopPadBytes: Int32 = 64 << 20

    /// For a process that builds one large feed and exits: its heaps grow by 64 MiB at a time
    /// instead of by what each allocation lacks. A 20 MB feed grew them a few hundred times, each
    /// a `brk` or `mprotect` that holds the address-space lock the other thread's page faults
    /// wait on. Pages are still faulted in only when touched. `feedd parse` of 20 MB: 130 →
    /// 125 ms (`perf stat -r 20`, both threads busy).
    public static func prepareForOneLargeParse() {
        _ = glibcMallopt(topPad, largeParseTopPadBytes)
    }

    /// Applied once per process, by the first `Refresher`.
    static let applied: Void = {
        _ = glibcMallopt(trimThreshold, trimThresholdBytes)
        _ = glibcMallopt(arenaMax, maxArenas)
    }()

    /// Gives the free pages inside every heap back to the kernel, not only those at a heap's top.
    /// The daemon calls it once per round, before it sleeps: by then the round's records, bodies
    /// and entries are freed, and a daemon polling every 30 minutes would otherwise keep them
    /// resident the whole time. `feedd-bench daemon` (10,000 feeds, rounds back to back): 53.4 →
    /// 49.5 MB resident, for 95 → 105 µs CPU per feed and round (the pages are faulted in again).
    static func releaseFreeMemory() {
        _ = glibcMallocTrim(0)
    }
}

/// glibc's `int mallopt(int param, int value)`, bound by symbol name: a system-library target with
/// a shim for one function was not worth it.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

/// glibc's `int malloc_trim(size_t pad)`, bound by symbol name like `mallopt`.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: UInt) -> Int32
