import Hummingbird
import SCIMProtocol
import ScimifyRuntime

/// The request context of every SCIM route: the authenticated instance's runtime and its absolute SCIM base
/// URL, put there by ``SCIMAuthentication`` before any handler under `/instances/:slug/scim/v2` runs.
struct SCIMRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var runtime: InstanceRuntime?
    /// `https://host/instances/<slug>/scim/v2`, for `meta.location` and `Location`.
    var baseURL = ""

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    var maxUploadSize: Int { SCIMServer.maximumBodyBytes }

    /// The instance this request authenticated as (always set under the SCIM group).
    func authenticatedRuntime() throws(SCIMError) -> InstanceRuntime {
        guard let runtime else {
            throw SCIMError(status: 401, detail: "a valid bearer token for this instance is required")
        }
        return runtime
    }
}
