import Foundation
import ScimifyCore
import ScimifyStorage

/// The store port's contract: one requirement per behaviour that the runtime, the SCIM server, the console and
/// the CLI rely on, run by every driver's test target (the way sql-kit ships one benchmarker for every driver).
/// A behaviour of the store that no requirement states is not promised. Each requirement gets a fresh, empty
/// store from the driver, and a second handle on the same data (another connection pool, another open of the
/// file) for what must hold across processes or replicas.
package enum StoreContract {
    /// Every requirement, in a stable order.
    package static var requirements: [StoreRequirement] {
        instances + records + recorder + mirror + refresh + audit + intents + removalGuard + problems + copy
            + requestLog
    }
}

/// One behaviour of the store port, checked against one driver.
package struct StoreRequirement: Sendable, CustomStringConvertible {
    /// What the store promises, in words (the test's name).
    package let name: String
    let check: @Sendable (ContractStores) async throws -> Void

    package init(_ name: String, _ check: @escaping @Sendable (ContractStores) async throws -> Void) {
        self.name = name
        self.check = check
    }

    package var description: String { name }

    /// Checks the requirement on a fresh store of `driver`.
    /// - Throws: ``ContractViolation`` naming what differs, or the store's error.
    package func check(on driver: any StoreContractDriver) async throws {
        try await driver.withStores { try await check($0) }
    }
}

/// A store driver under the contract.
package protocol StoreContractDriver: Sendable {
    /// Runs `body` with a fresh, empty store and removes it after. Every store one driver makes shares one
    /// master key (so a store copy between two of them can open the sealed keys).
    func withStores(_ body: @Sendable (ContractStores) async throws -> Void) async throws
}

/// The stores a requirement runs on.
package struct ContractStores: Sendable {
    /// The store under test.
    package let store: any StoreCopyEndpoint
    /// A second handle on the same data, as another process or replica would open it.
    package let second: any StorePort
    /// A fresh, empty store of the same driver for the time of `body` (a copy's target).
    package let withEmptyStore: @Sendable (@Sendable (any StoreCopyEndpoint) async throws -> Void) async throws -> Void

    package init(
        store: any StoreCopyEndpoint, second: any StorePort,
        withEmptyStore:
            @escaping @Sendable (@Sendable (any StoreCopyEndpoint) async throws -> Void) async throws
            -> Void
    ) {
        self.store = store
        self.second = second
        self.withEmptyStore = withEmptyStore
    }
}

/// A requirement that did not hold: what was expected and what the store gave.
package struct ContractViolation: Error, CustomStringConvertible {
    package let description: String
}

/// Fails the requirement with `message` unless `condition` holds.
func expect(
    _ condition: Bool, _ message: @autoclosure () -> String, line: Int = #line
) throws {
    guard condition else { throw ContractViolation(description: "\(message()) (StoreContract line \(line))") }
}

/// Fails the requirement unless `found` equals `expected`, naming both.
func expectEqual<T: Equatable>(
    _ found: T, _ expected: T, _ what: @autoclosure () -> String, line: Int = #line
) throws {
    guard found == expected else {
        throw ContractViolation(
            description: "\(what()): expected \(expected), found \(found) (StoreContract line \(line))")
    }
}
