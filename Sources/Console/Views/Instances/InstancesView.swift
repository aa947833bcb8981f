import Foundation
import ScimifyCore

/// The Instances view: the store's instances, the current one marked; Enter opens one in this console, `a`
/// adds one, `t` tests its connection and `T` rotates its SCIM token.
enum InstancesView: ConsoleView {
    static let tab = ConsoleTab.instances
    static let title = "Instances"
    static let shortTitle = "Inst"
    static let summary = "instances"

    static let columns: [TableColumn<Instance>] = [
        .init("NAME", width: nil) { .text($0.name) },
        .init("SLUG", width: 16) { .text($0.slug) },
        .init("MODE", width: 8) { .text($0.mode.rawValue) },
        .init("API BASE URL", width: nil) { .text($0.apiBaseURL) },
    ]

    static let searchText: @Sendable (Instance) -> String = { "\($0.name) \($0.slug)" }

    static var table: (any ViewTable)? {
        TableSlot(
            path: \.instances, filterable: false, empty: { _ in "no instances: press a to add one" }, cells: cells,
            copy: { $0.scimBasePath }, rowsOf: { $0.instances })
    }

    static let bindings: [KeyBinding] = [
        binding(
            [.enter], .switchInstance, hint: "open",
            help: "open the selected instance in this console (also :instance NAME)"),
        binding(
            [.character("a")], .addInstance, hint: "add", help: "add an instance (the Admin API key is typed masked)"),
        binding([.character("t")], .testConnection, hint: "test", help: "test the selected instance's connection"),
        binding(
            [.character("T")], .rotateToken, hint: "rotate token",
            help: "rotate the SCIM token and show the new one once (confirmed)"),
    ]

    static func cells(_ state: ConsoleState) -> (Instance) -> [TableCell] {
        { instance in
            let current = instance.slug == state.instance?.slug
            return [
                TableCell((current ? "● " : "  ") + instance.name, current ? .bold : .plain),
                TableCell(instance.slug),
                TableCell(instance.mode.rawValue, instance.mode == .dryRun ? .accent : .plain),
                TableCell(instance.apiBaseURL),
            ]
        }
    }

    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell]) {
        guard let instance = state.instances.selected else { return ("Detail", []) }
        return (
            "Instance",
            [
                TableCell("\(instance.name) (\(instance.slug)) · mode \(instance.mode.rawValue)", .bold),
                TableCell("Admin API: \(instance.apiBaseURL) · key stored encrypted, never shown"),
                TableCell("SCIM base path: \(instance.scimBasePath) (under the URL scimify serve listens on)"),
                TableCell(
                    "created \(ConsoleFormat.time(instance.createdAt)) UTC · t test · T rotate token · a add", .muted),
            ]
        )
    }

    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]? {
        switch action {
        case .switchInstance:
            guard let slug = state.instances.selected?.slug else { return [] }
            return ConsoleReducer.switchInstance(slug, &state)
        case .addInstance: state.modal = .addInstance(InstanceForm())
        case .testConnection:
            guard let instance = state.instances.selected else { return [] }
            return ConsoleReducer.start(
                "Testing \(instance.slug)", .testConnection(slug: instance.slug), &state)
        case .rotateToken:
            guard let instance = state.instances.selected else { return [] }
            state.modal = .confirm(
                Confirmation(
                    title: "Rotate the SCIM token of \(instance.name)?",
                    consequence: "The old token stops working at once: the IdP fails until you paste the new one, "
                        + "which is shown once.",
                    confirmLabel: "Rotate", effect: .rotateToken(slug: instance.slug), destructive: true))
        default: return nil
        }
        return []
    }
}
