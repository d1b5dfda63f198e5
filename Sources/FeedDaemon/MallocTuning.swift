/// glibc malloc settings for a long-running process that allocates in bursts (a poll cycle's
/// feed records, bodies and parsed entries, freed when it ends).
///
/// With the defaults, the freed memory of a cycle mostly stayed in the heap: `feedd run` with
/// 10,000 feeds sat at 78 MB resident (`feedd-bench daemon`). Returning free memory above 64 KiB
/// at the top of a heap to the kernel (`M_TRIM_THRESHOLD`), and two arenas instead of one per
/// thread up to 8 per core, brought it to 60 MB with the same CPU per cycle.
enum MallocTuning {
    /// Bytes of free memory at the top of a heap before it is given back.
    static let trimThresholdBytes: Int32 = 64 << 10
    /// Malloc arenas at most (the cooperative pool has one thread per core; 2 cores here).
    static let maxArenas: Int32 = 2

    /// `<malloc.h>`'s parameter numbers (the Glibc module does not import that header).
    private static let trimThreshold: Int32 = -1
    private static let arenaMax: Int32 = -8

    /// Applied once per process, by the first `Refresher`.
    static let applied: Void = {
        _ = glibcMallopt(trimThreshold, trimThresholdBytes)
        _ = glibcMallopt(arenaMax, maxArenas)
    }()
}

/// glibc's `int mallopt(int param, int value)`, bound by symbol name: a system-library target with
/// a shim for one function was not worth it.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
