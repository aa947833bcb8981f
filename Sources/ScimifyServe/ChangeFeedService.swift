import SCIMServer
import ScimifyPostgres
import ServiceLifecycle

/// `scimify serve` on PostgreSQL: follows the store's change feed so this replica acts at once on what another
/// replica committed: a rotated SCIM token or changed instance settings drop this server's cached
/// authentication (the old token is refused as soon as the rotation commits), and a reconnect of the feed
/// (announcements may have been missed) drops all of it.
struct ChangeFeedService: Service {
    let feed: PostgresChangeFeed
    let server: SCIMServer

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await feed.follow { change in
                switch change {
                case .tokenRotated(let id), .instanceChanged(let id):
                    server.forgetCachedAuthentication(instanceID: id)
                case .resynchronize:
                    server.forgetCachedAuthentication(instanceID: nil)
                case .intentsChanged, .dataChanged:
                    break
                }
            }
        }
    }
}
