import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Passes SIGINT and SIGTERM that `guild` receives to the op process, and remembers them so
/// the run can be recorded as terminated (reference 2.3: -16 for a Ctrl-C Guild received).
///
/// The op process shares Guild's process group, as with Guild AI, so a Ctrl-C typed at the
/// terminal reaches both and interactive scripts keep their terminal. A SIGINT sent to
/// `guild` alone (by `kill`) is passed on; a terminal's SIGINT is not sent a second time.
public enum SignalRelay {
    /// The processes signals are passed to: one op, or the trials a batch or queue runs at once
    /// (at most `maxChildren`).
    static let children = InlineArray<64, Atomic<Int32>> { _ in Atomic(0) }
    public static let maxChildren = 64
    static let interrupted = Atomic<Bool>(false)
    /// SIGINT or SIGTERM arrived: work before the op starts (dependency downloads) stops.
    static let stopRequested = Atomic<Bool>(false)

    /// Installs the handlers; safe to call more than once. A signal the parent left ignored
    /// (`nohup`, `cmd &` in a script) stays ignored, as it does for Guild AI.
    static func install() {
        for sig in [SIGINT, SIGTERM] {
            var old = sigaction()
            sigaction(sig, nil, &old)
            let sigIgn = 1 // SIG_IGN's value; Swift does not import the macro
            if let handler = old.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) == sigIgn {
                continue
            }
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = relaySignal
            action.sa_flags = SA_SIGINFO | SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
        // A parent that spawned us from async code may have left these blocked.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Adds a started process; signals are passed to it until `remove`.
    static func add(_ pid: Int32) {
        for i in children.indices {
            if children[i].compareExchange(expected: 0, desired: pid, ordering: .relaxed).exchanged { return }
        }
    }

    static func remove(_ pid: Int32) {
        for i in children.indices {
            if children[i].compareExchange(expected: pid, desired: 0, ordering: .relaxed).exchanged { return }
        }
    }
}

/// The handler; it only reads atomics and calls `kill`, both async-signal-safe.
private func relaySignal(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _: UnsafeMutableRawPointer?) {
    if sig == SIGINT { SignalRelay.interrupted.store(true, ordering: .relaxed) }
    SignalRelay.stopRequested.store(true, ordering: .relaxed)
    let siKernel: Int32 = 0x80 // sent by the kernel, e.g. the terminal's Ctrl-C to the whole group
    let fromTerminal = info?.pointee.si_code == siKernel
    guard !(sig == SIGINT && fromTerminal) else { return }
    for i in SignalRelay.children.indices {
        let pid = SignalRelay.children[i].load(ordering: .relaxed)
        if pid > 0 { kill(pid, sig) }
    }
}
