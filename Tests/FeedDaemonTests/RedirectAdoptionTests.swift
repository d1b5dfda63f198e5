import FeedDaemon
import FeedStore
import Testing

/// The planner's redirect rule, without a store: two consecutive sightings of one target, onto a URL no other feed uses.
@Suite struct RedirectAdoptionTests {
    @Test func oneSightingDoesNotMoveAFeed() {
        #expect(!RedirectAdoption.shouldAdopt(RedirectSighting(target: "https://a.example/", consecutivePolls: 1, targetInUse: false)))
    }

    @Test func twoConsecutiveSightingsMoveAFeed() {
        #expect(RedirectAdoption.shouldAdopt(RedirectSighting(target: "https://a.example/", consecutivePolls: 2, targetInUse: false)))
    }

    @Test func aTargetAnotherFeedUsesIsNeverAdopted() {
        #expect(!RedirectAdoption.shouldAdopt(RedirectSighting(target: "https://a.example/", consecutivePolls: 5, targetInUse: true)))
    }
}
