import Foundation
import SellerCore

/// `seller serve`: the merchant's production interface (生产接口) for KooGallery.
enum ServeCommand {
    static let serve = Command(
        name: "serve", summary: "answer KooGallery's SaaS production-interface calls (HTTP, behind nginx for TLS)",
        usage: """
        seller serve --listen HOST:PORT --key-file FILE [--store DIR] [--hook DIR] [--hook-timeout S] [--hook-async S] [--max-connections N]

        The V2 basic interface (SAAS-INTERFACE.md): POST JSON to any path, scenario in `activity`,
        `signature`, `timestamp`, `nonce` in the query string. Every call is journaled (fsync) before
        it is answered. Prints `listening on HOST:PORT` once ready; SIGTERM drains and exits 0.

          --listen HOST:PORT  IPv4 address and port (port 0 picks a free one); put nginx in front for HTTPS
          --key-file FILE     the access key (访问密钥) on line 1; must not be readable by group or others
          --store DIR         the store (default: $SELLER_STORE, else $XDG_DATA_HOME/seller-center)
          --hook DIR          run DIR/<activity> (if executable) with the request on stdin; it prints
                              {"appInfo":{...}} or {}; failing, slow (> --hook-timeout, default 3 s) or
                              invalid output answers 000005 and changes nothing
          --hook-async S      a newInstance hook still running after --hook-timeout is answered 000004
                              (in progress) and may run up to S seconds (at most 3600) in the background;
                              the platform's retry then gets 000000 with the same instanceId (or, if the
                              hook failed, runs it again: nothing is created by a failed hook)
          --max-connections N connections served at once (default 256); more get 503
          --read-timeout S    seconds a request may take to arrive, first byte to last (default 10)
        """,
        valued: ["listen", "key-file", "store", "hook", "hook-timeout", "hook-async", "max-connections", "read-timeout"]
    ) { args, console in
        guard let listen = args.value("listen") else { throw CLIError.usage("--listen HOST:PORT is required") }
        guard let keyPath = args.value("key-file") else { throw CLIError.usage("--key-file FILE is required") }
        let key = try KeyFile.load(keyPath)
        if args.readOnly(console.environment) { throw CLIError.refused(Session.readOnlyRefusal) }
        var hooks: HookRunner?
        if let dir = args.value("hook") {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw CLIError.refused("--hook \(dir): not a directory")
            }
            hooks = HookRunner(directory: dir)
            if let t = args.value("hook-timeout") {
                guard let s = Double(t), s > 0, s <= 4.5 else { throw CLIError.usage("--hook-timeout \(t): expected seconds between 0 and 4.5 (the platform waits 5 s)") }
                hooks!.timeLimit = s
            }
            if let a = args.value("hook-async") {
                guard let s = Double(a), s > hooks!.timeLimit, s <= 3600 else {
                    throw CLIError.usage("--hook-async \(a): expected seconds above --hook-timeout (\(hooks!.timeLimit)) and at most 3600")
                }
                hooks!.asyncLimit = s
            }
        }
        var cap = 256
        if let m = args.value("max-connections") {
            guard let n = Int(m), (1...4096).contains(n) else { throw CLIError.usage("--max-connections \(m): expected 1…4096") }
            cap = n
        }
        var limits = HTTPLimits()
        if let r = args.value("read-timeout") {
            guard let s = Double(r), s >= 0.5, s <= 60 else { throw CLIError.usage("--read-timeout \(r): expected seconds from 0.5 to 60") }
            limits.requestSeconds = s
        }
        let dir = console.storePath(args)
        let store: Store
        do { store = try Store.open(at: dir) } catch let e as StoreError {
            guard case .notFound = e else { throw e }
            throw CLIError.refused("no store at \(dir); create one with `seller init --store \(dir) --name NAME`")
        }
        for w in store.warnings { console.err(w) }
        HTTPServer.installSignals()
        let service = InterfaceService(store: store, key: key, hooks: hooks)
        let server = try HTTPServer(listen: listen, service: service, limits: limits, maxConnections: cap)
        let host = listen[..<listen.lastIndex(of: ":")!]
        console.out("listening on \(host):\(server.port)")

        server.run()
        console.err("stopped; \(store.state.callStats.total) calls in the store")
        return .ok
    }
}
