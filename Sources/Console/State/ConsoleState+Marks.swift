/// Marks on whichever view is shown (Members, Invites, Problems and Keys take marks).
extension ConsoleState {
    /// Whether the current view takes marks.
    public var supportsMarks: Bool { [.members, .invites, .problems, .keys].contains(tab) }

    /// Marked rows in the current view.
    public var markCount: Int { markCount(of: tab) }

    /// Marked rows in a view.
    public func markCount(of tab: ConsoleTab) -> Int {
        switch tab {
        case .members: members.markCount
        case .invites: invites.markCount
        case .problems: problems.markCount
        case .keys: keys.markCount
        case .audit, .readiness, .instances, .requests: 0
        }
    }

    mutating func toggleMarkOnSelection() {
        switch tab {
        case .members: members.toggleMark()
        case .invites: invites.toggleMark()
        case .problems: problems.toggleMark()
        case .keys: keys.toggleMark()
        case .audit, .readiness, .instances, .requests: break
        }
    }

    /// Marks every row the filter shows; returns how many marks were added.
    mutating func markAllVisible() -> Int {
        switch tab {
        case .members: members.markAllVisible()
        case .invites: invites.markAllVisible()
        case .problems: problems.markAllVisible()
        case .keys: keys.markAllVisible()
        case .audit, .readiness, .instances, .requests: 0
        }
    }

    mutating func clearMarksOfView() {
        switch tab {
        case .members: members.clearMarks()
        case .invites: invites.clearMarks()
        case .problems: problems.clearMarks()
        case .keys: keys.clearMarks()
        case .audit, .readiness, .instances, .requests: break
        }
    }
}
