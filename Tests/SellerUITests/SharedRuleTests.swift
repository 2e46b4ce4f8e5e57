import Testing
@testable import SellerCore
@testable import SellerUI

/// Issue 16 item 2: one rule, one place — the queries the CLI and the
/// console's counts share, and the one progress bar with its ASCII fallback.
@Suite struct SharedRuleTests {
    @Test func messageCountsAgreeEverywhereForEveryAccount() {
        let s = Demo.state
        for account in s.accounts.values {
            let unread = MessageQuery(unreadOnly: true).run(s, account: account)
            #expect(unread.count == MessageQuery.unreadCount(s, account: account))
            #expect(MessageQuery.unreadByCategory(s, account: account).values.reduce(0, +) == unread.count)
            let m = Model(state: s, account: account, now: Demo.now, lang: .zh)
            #expect(App.countUnread(m) == unread.count, "the badge counts what `seller messages --unread` lists (\(account.id))")
            let pane = Panes.messages(m, queue: 0)
            #expect(pane.queues.first?.count == unread.count, "the pane's 未读 queue too")
            // Newest first, ties by id — the order the CLI prints.
            #expect(unread.map(\.id) == unread.sorted { $0.at != $1.at ? $0.at > $1.at : $0.id < $1.id }.map(\.id))
        }
    }

    @Test func appealsVisibleToAnAccountAreTheSameForCLIAndPane() {
        let s = Demo.state
        for account in s.accounts.values {
            let m = Model(state: s, account: account, now: Demo.now, lang: .zh)
            #expect(Set(AppealQuery().run(s, account: account).map(\.id)) == Set(Panes.visibleAppeals(m).map(\.id)))
            #expect(AppealQuery(openOnly: true).run(s, account: account).allSatisfy { $0.status == .pending })
        }
    }

    @Test func theProgressBarFallsBackToASCII() {
        #expect(ProgressBar.text(0.5, width: 10, unicode: true) == "█████░░░░░")
        #expect(ProgressBar.text(0.5, width: 10, unicode: false) == "#####-----")
        #expect(ProgressBar.text(2, width: 4, unicode: false) == "####" && ProgressBar.text(-1, width: 4, unicode: false) == "----")
        let ascii = LoadingScreen.render(width: 80, height: 24, store: "/s", fraction: 0.4, lang: .zh, unicode: false).lines().joined()
        #expect(ascii.contains("####") && !ascii.contains("█") && !ascii.contains("░"))
        let blocks = LoadingScreen.render(width: 80, height: 24, store: "/s", fraction: 0.4, lang: .zh).lines().joined()
        #expect(blocks.contains("█") && blocks.contains("░"))
    }
}
