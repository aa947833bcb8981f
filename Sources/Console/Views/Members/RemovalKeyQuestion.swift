import ScimifyCore

/// What the remove dialog says about the API keys of the people it removes, and whether it asks *remove and
/// deactivate those keys* / *remove only* (spec §15). It asks whenever a person may hold an active key: the
/// listing shows one, or the listing is not there yet (still reading, or failed), since the deactivation reads
/// the keys again before acting. It does not ask when nobody holds an active key, or when the organization
/// has no key endpoints (Enterprise).
struct RemovalKeyQuestion: Equatable {
    /// The sentence for the dialog's consequence ("" when there is nothing to say).
    var note: String
    var asks: Bool

    /// Names shown before "and N more".
    static let named = 4

    init(removing members: [Member], _ load: HoldingsLoad) {
        let one = members.count == 1
        switch load {
        case .unavailable:
            (note, asks) = ("", false)
        case .notLoaded, .loading:
            note =
                "\(one ? "Their" : "The") API keys are still being read; remove and deactivate reads them again and "
                + "sets every active one inactive before each removal."
            asks = true
        case .failed(let reason):
            note =
                "The API keys could not be read (\(reason)); remove and deactivate tries again before each removal "
                + "and does not remove a person whose keys it cannot stop."
            asks = true
        case .loaded(let organization):
            let people = members.map(organization.person)
            let active = people.flatMap(\.activeKeys)
            guard !active.isEmpty else {
                (note, asks) = (
                    one ? "They created no active API key." : "None of them created an active API key.", false
                )
                return
            }
            let surviving = people.flatMap { person in
                person.survivingActiveKeys.map { (key: $0, email: person.member.email) }
            }
            var text = ""
            if surviving.isEmpty {
                text =
                    "\(Self.count(active.count, "active personal API key")) they created "
                    + "stop\(active.count == 1 ? "s" : "") with the removal. "
            } else {
                let names = surviving.prefix(Self.named).map { item in
                    "\(item.key.name) (\(organization.workspaceName(of: item.key))"
                        + (one ? "" : ", \(item.email)") + ")"
                }
                let more = surviving.count > Self.named ? " and \(surviving.count - Self.named) more" : ""
                text =
                    "\(Self.count(surviving.count, "active API key")) they created "
                    + "keep\(surviving.count == 1 ? "s" : "") working after the removal: "
                    + names.joined(separator: ", ") + more + ". "
            }
            let which = active.count == 1 ? "it" : "all \(active.count) active keys"
            note =
                text + "Remove and deactivate sets \(which) inactive first (reversible); remove only leaves "
                + (active.count == 1 ? "it." : "them.")
            asks = true
        }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
