/// The registry: the console's views in tab order (keys 1-8), the one place that lists them. Everything that
/// depends on which view is shown asks ``ConsoleTab/view`` instead of switching over the tab.
enum ConsoleViews {
    static var all: [any ConsoleView.Type] {
        [
            MembersView.self, InvitesView.self, ProblemsView.self, AuditView.self, ReadinessView.self,
            InstancesView.self, KeysView.self, RequestsView.self,
        ]
    }

    /// Tabs whose views have a table that satisfies `test`.
    static func tabs(where test: (any ViewTable) -> Bool) -> Set<ConsoleTab> {
        Set(all.filter { $0.table.map(test) ?? false }.map { $0.tab })
    }

    /// Every view's own bindings, in tab order, an action several views bind merged into one row. A view's
    /// new binding goes before the first of its later ones already listed, so each view keeps its own order.
    static var bindings: [KeyBinding] {
        var merged: [KeyBinding] = []
        for view in all {
            let own = view.bindings
            for (index, binding) in own.enumerated() {
                if let existing = merged.firstIndex(where: { $0.action == binding.action }) {
                    merged[existing].tabs = merged[existing].tabs?.union(binding.tabs ?? [])
                    continue
                }
                let later = own[(index + 1)...].compactMap { next in merged.firstIndex { $0.action == next.action } }
                merged.insert(binding, at: later.min() ?? merged.endIndex)
            }
        }
        return merged
    }
}

extension ConsoleTab {
    /// The view this tab shows.
    var view: any ConsoleView.Type { ConsoleViews.all[rawValue - 1] }
}
