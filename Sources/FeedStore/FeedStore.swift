import CSQLite
import Foundation
// The FeedStore module; its issue fills it in.
