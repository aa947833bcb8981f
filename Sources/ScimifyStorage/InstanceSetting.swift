import Foundation
import ScimifyCore

/// One setting of an instance an operator changes (`instances set-mode`, `set-guard`, `set-color`,
/// `set-offboarding`, the console's instance actions), with the audit row that says so: both drivers write the
/// setting and that row in one transaction (``StorePort/changeSetting(_:of:actor:at:)``), so a setting is never
/// changed without its row, nor audited without being changed.
public enum InstanceSetting: Sendable, Equatable {
    case mode(Instance.Mode)
    case removalGuard(RemovalGuardPolicy)
    case headerColor(Instance.HeaderColor)
    case offboardingKeys(Instance.OffboardingKeyPolicy)

    /// The audit row's action.
    public var auditAction: String {
        switch self {
        case .mode: "instance.set_mode"
        case .removalGuard: "instance.set_guard"
        case .headerColor: "instance.set_color"
        case .offboardingKeys: "instance.set_offboarding"
        }
    }

    /// The setting in words, for the audit row and the command's answer.
    public var words: String {
        switch self {
        case .mode(let mode): "mode \(mode.rawValue)"
        case .removalGuard(let policy): "removal guard \(policy.summary)"
        case .headerColor(let color): "header colour \(color.rawValue)"
        case .offboardingKeys(let policy): "keys of removed people: \(policy.rawValue)"
        }
    }

    /// The audit row written with the setting.
    public func audit(of instance: Instance, actor: String, at: Date) -> AuditEvent {
        AuditEvent(
            at: at, instanceID: instance.id, instanceSlug: instance.slug, actor: actor, action: auditAction,
            targetEmail: nil, outcome: .ok, detail: words)
    }
}
