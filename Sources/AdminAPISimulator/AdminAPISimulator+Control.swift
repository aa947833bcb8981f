import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Bodies of the `/_sim/` control routes.
struct SimControlBody: Decodable {
    var seed: String?
    var mode: String?
    var seconds: Double?
    var days: Double?
    var email: String?
    var name: String?
    var role: String?
}

extension AdminAPISimulator {
    /// Test-control routes the real API does not have: accept/expire invites, advance the clock, set the mode,
    /// limits and faults, add or remove members outside Scimify, reset or reseed, and read request counts.
    func addControlRoutes(to router: Router<SimulatorContext>) {
        let org = organization
        let traffic = traffic
        router.post("/_sim/invites/:id/accept") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await control { ["member_id": try await org.acceptInvite(id: id)] }
        }
        router.post("/_sim/invites/:id/expire") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await control {
                try await org.expireInvite(id: id)
                return ["expired": id]
            }
        }
        router.post("/_sim/clock/advance") { request, _ in
            await control {
                let body = try await Self.decodeBody(SimControlBody.self, request)
                let seconds = (body.seconds ?? 0) + (body.days ?? 0) * 86_400
                await org.advanceClock(by: seconds)
                return ["now": SimTimestamp.format(await org.now, fractional: false)]
            }
        }
        router.post("/_sim/mode") { request, _ in
            await control {
                let body = try await Self.decodeBody(SimControlBody.self, request)
                guard let mode = body.mode.flatMap(SimulatedOrganization.ProvisioningMode.init(rawValue:)) else {
                    throw SimulatorFailure.invalid("mode must be invite-only or jit")
                }
                await org.setMode(mode)
                return ["mode": mode.rawValue]
            }
        }
        router.post("/_sim/limits") { request, _ in
            await control {
                let limits = try await Self.decodeBody(SimulatorTraffic.Limits.self, request)
                await traffic.setLimits(limits)
                return ["limits": "set"]
            }
        }
        router.post("/_sim/faults") { request, _ in
            await control {
                let faults = try await Self.decodeBody(SimulatorTraffic.Faults.self, request)
                await traffic.setFaults(faults)
                return ["faults": "set"]
            }
        }
        router.post("/_sim/holds") { request, _ in
            await control {
                let holds = try await Self.decodeBody([SimulatorTraffic.Hold].self, request)
                await traffic.setHolds(holds)
                return ["holds": "\(holds.count)"]
            }
        }
        router.post("/_sim/reset") { request, _ in
            await control {
                let body = try await Self.decodeBody(SimControlBody.self, request)
                let seedText = body.seed ?? configuration.seed.description
                guard let seed = SimulatorSeed(parsing: seedText) else {
                    throw SimulatorFailure.invalid("seed must be empty, demo or generated:N,M")
                }
                await org.reset(seed: seed)
                await traffic.setFaults(.init())
                await traffic.setHolds([])
                await traffic.setLimits(configuration.limits)
                await traffic.resetCounts()
                return ["seed": seed.description]
            }
        }
        router.post("/_sim/members") { request, _ in
            await control {
                let body = try await Self.decodeBody(SimControlBody.self, request)
                guard let email = body.email else { throw SimulatorFailure.invalid("email required") }
                let id = await org.addMember(
                    email: email,
                    name: body.name ?? SimulatorSeed.displayName(forEmail: email),
                    role: body.role ?? "user"
                )
                return ["member_id": id]
            }
        }
        router.delete("/_sim/members/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await control {
                try await org.removeMemberOutside(id: id)
                return ["removed": id]
            }
        }
        router.get("/_sim/stats") { _, _ in
            let counts = await traffic.requestCounts()
            let writes = await traffic.writeCount()
            return Self.json(SimStatsJSON(requests: counts, writes: writes), requestID: "req_sim_control")
        }
        router.post("/_sim/stats/reset") { _, _ in
            await traffic.resetCounts()
            return Self.json(["stats": "reset"], requestID: "req_sim_control")
        }
    }

    private func control(_ body: () async throws -> [String: String]) async -> Response {
        do {
            return Self.json(try await body(), requestID: "req_sim_control")
        } catch let failure as SimulatorFailure {
            return Self.error(failure, requestID: "req_sim_control")
        } catch {
            return Self.error(.invalid("\(error)"), requestID: "req_sim_control")
        }
    }
}

struct SimStatsJSON: Encodable {
    let requests: [String: Int]
    let writes: Int
}
