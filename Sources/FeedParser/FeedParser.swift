import CLibXML2
import Foundation
// The FeedParser module; its issue fills it in.
