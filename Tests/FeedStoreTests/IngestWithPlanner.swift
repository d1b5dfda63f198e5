import FeedDaemon
import FeedModel
import FeedStore
import Foundation

extension Store {
    /// `ingest` under the daemon's rules, as `feedd` runs it: the store tests check what the store
    /// writes for the decisions the real `IngestPlanner` makes (the rules alone are tested
    /// without a database in `IngestPlannerTests`).
    func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date) throws(StoreError) -> IngestResult {
        try ingest(feedID: feedID, entries: entries, routes: routes, now: now, policy: IngestPlanner())
    }

    /// `ingest(feedID:entries:routes:now:recordingSuccess:policy:)` under the daemon's rules.
    func ingest(feedID: Int64, entries: [Entry], routes: [HookRoute], now: Date,
                recordingSuccess success: SuccessRecord) throws(StoreError) -> IngestResult {
        try ingest(feedID: feedID, entries: entries, routes: routes, now: now, recordingSuccess: success,
                   policy: IngestPlanner())
    }
}
