import Foundation

extension ItemRules {
    /// The keys a `[[feed]]` or `[[hook]]` takes for rules.
    static let keys = ["block", "allow"]

    /// Reads `block` and `allow` of a section; each bad rule is reported at its line.
    static func read(_ section: ConfigSection) -> ItemRules {
        ItemRules(block: rules(section, "block"), allow: rules(section, "allow"))
    }

    private static func rules(_ section: ConfigSection, _ key: String) -> [Rule] {
        guard let listed = section.stringArray(key) else { return [] }
        return listed.compactMap { item in
            switch rule(item.text) {
            case .success(let rule): return rule
            case .failure(let error):
                section.report(key, line: item.line, error.message)
                return nil
            }
        }
    }
}
