import Foundation

/// What a simulated organization starts with.
public enum SimulatorSeed: Sendable, Equatable, CustomStringConvertible {
    /// One admin member (an organization always has one), no invites.
    case empty
    /// A deterministic organization of about 40 members and 12 invites for the demo and tests.
    case demo
    /// `members` members and `invites` pending invites, for benchmarks.
    case generated(members: Int, invites: Int)

    /// Parses `empty`, `demo` or `generated:N,M`.
    public init?(parsing text: String) {
        switch text {
        case "empty": self = .empty
        case "demo": self = .demo
        default:
            guard text.hasPrefix("generated:") else { return nil }
            let numbers = text.dropFirst("generated:".count).split(separator: ",").map { Int($0) }
            guard numbers.count == 2, let members = numbers[0], let invites = numbers[1], members >= 1, invites >= 0,
                members <= 5_000_000, invites <= 5_000_000
            else { return nil }
            self = .generated(members: members, invites: invites)
        }
    }

    public var description: String {
        switch self {
        case .empty: "empty"
        case .demo: "demo"
        case .generated(let members, let invites): "generated:\(members),\(invites)"
        }
    }

    /// The admin every seed starts with.
    public static let adminEmail = "avery.admin@acme.example"

    func load(into organization: isolated SimulatedOrganization) {
        let now = organization.now
        let day: TimeInterval = 86_400
        switch self {
        case .empty:
            organization.addMember(email: Self.adminEmail, name: "Avery Admin", role: "admin", addedAt: now - 400 * day)
        case .demo:
            organization.organizationName = "Acme Demo"
            organization.addMember(email: Self.adminEmail, name: "Avery Admin", role: "admin", addedAt: now - 430 * day)
            let roles = ["user", "developer", "billing", "claude_code_user"]
            var people: [String] = []
            for (index, person) in Self.demoPeople.enumerated() {
                people.append(
                    organization.addMember(
                        email: person.email,
                        name: person.name,
                        role: roles[index % roles.count],
                        addedAt: now - Double(420 - index * 9) * day + Double(index * 1_337)
                    ))
            }
            Self.loadWorkspacesAndKeys(into: organization, people: people)
            for (index, invite) in Self.demoInvites.enumerated() {
                organization.addInvite(
                    email: invite.email,
                    role: invite.role,
                    invitedAt: now - invite.ageDays * day - Double(index * 61),
                    accepted: invite.accepted
                )
                if invite.accepted {
                    organization.addMember(
                        email: invite.email,
                        name: Self.displayName(forEmail: invite.email),
                        role: invite.role,
                        addedAt: now - (invite.ageDays - 1) * day
                    )
                }
            }
        case .generated(let members, let invites):
            organization.organizationName = "Generated \(members)x\(invites)"
            organization.addMember(email: Self.adminEmail, name: "Avery Admin", role: "admin", addedAt: now - 900 * day)
            let roles = ["user", "developer", "billing", "claude_code_user"]
            for index in 1..<max(members, 1) {
                organization.addMember(
                    email: "member\(index)@generated.example",
                    name: "Member \(index)",
                    role: roles[index % roles.count],
                    addedAt: now - 800 * day + Double(index)
                )
            }
            for index in 0..<invites {
                organization.addInvite(
                    email: "invitee\(index)@generated.example",
                    role: roles[index % roles.count],
                    invitedAt: now - 10 * day + Double(index)
                )
            }
        }
    }

    /// A display name for an email's local part: `jane.doe@x` -> `Jane Doe`.
    static func displayName(forEmail email: String) -> String {
        let local = email.split(separator: "@").first.map(String.init) ?? email
        return local.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" || $0 == "+" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }

    static let demoPeople: [(email: String, name: String)] = [
        ("jane.smith@acme.example", "Jane Smith"), ("jose.garcia@acme.example", "José García"),
        ("chloe.dubois@acme.example", "Chloé Dubois"), ("bjorn.nilsson@acme.example", "Björn Nilsson"),
        ("zoe.muller@acme.example", "Zoë Müller"), ("li.wei@acme.example", "李伟"),
        ("tanaka.yuki@acme.example", "田中 由紀"), ("kim.minjun@acme.example", "김민준"),
        ("sam.rocket@acme.example", "Sam 🚀 Rivera"), ("francois.lefevre@acme.example", "François Lefèvre"),
        ("agnieszka.wojcik@acme.example", "Agnieszka Wójcik"), ("oskar.sorensen@acme.example", "Øskar Sørensen"),
        ("priya.nair@acme.example", "Priya Nair"), ("omar.haddad@acme.example", "Omar Haddad"),
        ("emma.johnson@acme.example", "Emma Johnson"), ("liam.brown@acme.example", "Liam Brown"),
        ("olivia.jones@acme.example", "Olivia Jones"), ("noah.miller@acme.example", "Noah Miller"),
        ("ava.davis@acme.example", "Ava Davis"), ("ethan.wilson@acme.example", "Ethan Wilson"),
        ("mia.moore@acme.example", "Mia Moore"), ("lucas.taylor@acme.example", "Lucas Taylor"),
        ("isabella.anderson@acme.example", "Isabella Anderson"), ("mason.thomas@acme.example", "Mason Thomas"),
        ("sofia.jackson@acme.example", "Sofia Jackson"), ("logan.white@acme.example", "Logan White"),
        ("amelia.harris@acme.example", "Amelia Harris"), ("elijah.martin@acme.example", "Elijah Martin"),
        ("harper.thompson@acme.example", "Harper Thompson"), ("james.lee@acme.example", "James Lee"),
        ("evelyn.clark@acme.example", "Evelyn Clark"), ("benjamin.lewis@acme.example", "Benjamin Lewis"),
        ("abigail.walker@acme.example", "Abigail Walker"), ("henry.hall@acme.example", "Henry Hall"),
        ("ella.young@acme.example", "Ella Young"), ("jack.king@acme.example", "Jack King"),
        ("grace.wright@acme.example", "Grace Wright"), ("leo.scott@acme.example", "Leo Scott"),
        ("nora.green@acme.example", "Nora Green"),
    ]

    static let demoInvites: [(email: String, role: String, ageDays: Double, accepted: Bool)] = [
        ("new.hire1@acme.example", "user", 1, false), ("new.hire2@acme.example", "developer", 3, false),
        ("contractor.ana@acme.example", "claude_code_user", 6, false),
        ("finance.kai@acme.example", "billing", 9, false),
        ("soon.expiring1@acme.example", "user", 19, false), ("soon.expiring2@acme.example", "developer", 20.5, false),
        ("pending.renee@acme.example", "user", 12, false),
        ("expired.old1@acme.example", "user", 30, false), ("expired.old2@acme.example", "billing", 45, false),
        ("accepted.earlier@acme.example", "developer", 60, true), ("marta.nowak@acme.example", "user", 2, false),
        ("dev.tomas@acme.example", "developer", 15, false),
    ]
}
