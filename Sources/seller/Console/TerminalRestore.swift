import Foundation

// Terminal restore on every exit path (TUI-ANCHORS §4.6 item 7). Signal
// handlers may only make async-signal-safe calls (tcsetattr, write), and a
// @convention(c) function cannot capture, so what they need lives in globals
// set up before the handlers are installed.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var haveTermios = false
nonisolated(unsafe) private var oldActions = Array<sigaction>(repeating: .init(), count: 32)
nonisolated(unsafe) private var restoreBytes: [UInt8] = Array("\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\r\n".utf8)
nonisolated(unsafe) var stopSignal: Int32 = 0

enum TerminalRestore {
    static func saveTermios() {
        haveTermios = tcgetattr(0, &savedTermios) == 0
        _ = restoreBytes.count
        _ = oldActions.count
    }

    /// A parent (tmux panes here, seen in /proc/PID/status) may hand the
    /// process a signal mask with SIGWINCH, SIGTERM and SIGHUP blocked; then
    /// ncurses never sees a resize and a hang-up never arrives. Unblock them.
    static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static func install() {
        // A crash: restore the terminal, put the old action back and return, so
        // the fault repeats and the runtime's own report and exit code stand.
        let crash: @convention(c) (Int32) -> Void = { sig in
            if haveTermios { tcsetattr(0, TCSAFLUSH, &savedTermios) }
            restoreBytes.withUnsafeBufferPointer { _ = write(1, $0.baseAddress, $0.count) }
            sigaction(sig, &oldActions[Int(sig)], nil)
        }
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            var sa: sigaction = .init()
            sa.__sigaction_handler.sa_handler = crash
            sigemptyset(&sa.sa_mask)
            sigaction(sig, &sa, &oldActions[Int(sig)])
        }
        // SIGTERM, SIGHUP, SIGINT: ask the loop to end; it calls endwin itself.
        let stop: @convention(c) (Int32) -> Void = { sig in stopSignal = sig }
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            var sa: sigaction = .init()
            sa.__sigaction_handler.sa_handler = stop
            sigemptyset(&sa.sa_mask)
            sigaction(sig, &sa, nil)
        }
    }
}
