import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Threads kept for ``concurrentForEach(_:threads:_:)`` between calls, so that a call costs a
/// wake-up rather than a `pthread_create` and a `pthread_join` per helper thread.
///
/// Leiden's parallel local moving calls `concurrentForEach` twice per chunk of 2,048 nodes, a
/// few hundred times per sweep on a 300k-node graph; started and joined per call, the threads
/// cost tens of microseconds each time (before and after: docs/communities.md).
///
/// One call at a time uses the pool: a call made while it is busy (from another thread, or
/// from inside a task) returns `false` and its caller starts threads of its own, as before.
/// Threads are started as calls need them, up to ``ThreadLimit/maximum``; one that cannot start
/// (the process limit) is simply not there. They wait on a condition variable when idle.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    private let busy = Atomic<Bool>(false)
    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()
    private var done = pthread_cond_t()
    // Guarded by `mutex`.
    private var workers = 0
    private var generation = 0
    private var job: SharedTasks?
    private var seats = 0  // how many workers may join the current job
    private var joined = 0
    private var finished = 0

    private init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
        pthread_cond_init(&done, nil)
    }

    /// Runs `work` on the calling thread and up to `helpers` pool threads; `false` (nothing
    /// run) if the pool is in use.
    func run(_ work: SharedTasks, helpers: Int) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        pthread_mutex_lock(&mutex)
        while workers < helpers, startWorker() { workers += 1 }
        job = work
        seats = min(helpers, workers)
        joined = 0
        finished = 0
        generation &+= 1
        pthread_cond_broadcast(&wake)
        pthread_mutex_unlock(&mutex)

        work.run()

        // No worker joins once the caller is done; those that joined are waited for, so that
        // none touches `work` after this returns.
        pthread_mutex_lock(&mutex)
        seats = joined
        while finished < joined { pthread_cond_wait(&done, &mutex) }
        job = nil
        pthread_mutex_unlock(&mutex)
        return true
    }

    /// Starts one worker thread (called with `mutex` held, before the generation of the job it
    /// is for is announced); false if it cannot start.
    private func startWorker() -> Bool {
        let start = Unmanaged.passRetained(WorkerStart(pool: self, generation: generation)).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let code = pthread_create(&thread, &attributes, { context in
            let start = Unmanaged<WorkerStart>.fromOpaque(context!).takeRetainedValue()
            start.pool.serve(after: start.generation)
            return nil
        }, start)
        if code != 0 { Unmanaged<WorkerStart>.fromOpaque(start).release() }
        return code == 0
    }

    private func serve(after start: Int) {
        var seen = start
        pthread_mutex_lock(&mutex)
        while true {
            while generation == seen { pthread_cond_wait(&wake, &mutex) }
            seen = generation
            guard joined < seats, let work = job else { continue }
            joined += 1
            pthread_mutex_unlock(&mutex)
            work.run()
            pthread_mutex_lock(&mutex)
            finished += 1
            if finished == joined { pthread_cond_signal(&done) }
        }
    }
}

/// What a new worker thread is handed: its pool, and the generation before its first job.
private final class WorkerStart {
    let pool: WorkerPool
    let generation: Int
    init(pool: WorkerPool, generation: Int) {
        self.pool = pool
        self.generation = generation
    }
}
