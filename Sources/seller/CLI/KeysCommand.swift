import Foundation
import SellerUI

/// `seller keys`: the console's key map as JSON, one command per line.
enum KeysCommand {
    static let keys = Command(
        name: "keys", summary: "print the console's key map (JSON: command → keys)",
        usage: """
        seller keys

        Prints every console command with its keys, as JSON. The same table drives
        the console's key handling, its footer and its ? help.
        """,
        run: { _, console in
            FileHandle.standardOutput.write(Data(CommandRegistry.defaultKeyMapJSON().utf8))
            return .ok
        })
}
