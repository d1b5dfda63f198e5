import CCurl
import Foundation
// The FeedFetcher module; its issue fills it in.
