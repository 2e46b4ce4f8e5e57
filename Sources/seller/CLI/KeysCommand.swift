import Foundation
import SellerUI

/// `seller keys`: the console's live key map as JSON (defaults plus keys.json).
enum KeysCommand {
    static let keys = Command(
        name: "keys", summary: "print the console's key map (JSON: command → keys), with your keys.json applied",
        usage: """
        seller keys

        Prints every console command with its keys, as JSON: the defaults with
        $XDG_CONFIG_HOME/seller-center/keys.json (default ~/.config/seller-center/keys.json)
        laid over them. Copy an entry into that file to rebind it, e.g.
            {"export": ["e"], "filter": ["/", "Ctrl-f"]}
        Unknown commands, unreadable keys and conflicts are reported on stderr
        with the file and entry (exit 1); the rest of the map still applies.
        """,
        run: { _, console in
            let config = UserConfig(environment: console.environment)
            FileHandle.standardOutput.write(Data(config.bindings.json().utf8))
            for p in config.problems { console.err(p) }
            return config.problems.isEmpty ? .ok : .refused
        })
}
