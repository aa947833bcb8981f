import ClaudeAdminAPI
import Foundation
import NIOCore
import ScimifyCore
import Testing

/// ``ListPage`` over hand-written pages shaped as `claude-admin-api.md` sections 3.1-3.3 give them, not the
/// simulator's: what each listing reads, and which of its two errors a bad page is.
@Suite struct ListPageTests {
    private func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    @Test func readsTheSpecsUserPage() throws {
        let page = try ListPage.members(
            in: body(
                #"""
                {"data":[{"type":"user","id":"user_01AbCdEfGhIjKlMnOpQrSt","email":"jane@example.com",
                 "name":"Jane Smith","role":"developer","added_at":"2026-06-12T09:14:03Z"}],
                 "has_more":true,"first_id":"user_01AbCdEfGhIjKlMnOpQrSt","last_id":"user_01AbCdEfGhIjKlMnOpQrSt"}
                """#))
        #expect(page.hasMore == true && page.lastID == "user_01AbCdEfGhIjKlMnOpQrSt")
        let member = try #require(page.entries.first)
        #expect(member.id == "user_01AbCdEfGhIjKlMnOpQrSt")
        #expect(member.value.email == "jane@example.com" && member.value.name == "Jane Smith")
        #expect(member.value.role == .developer)
        #expect(member.value.addedAt == Date(timeIntervalSince1970: 1_781_255_643))
    }

    @Test func readsTheSpecsInvitePageWithAndWithoutTheNewerFields() throws {
        let page = try ListPage.invites(
            in: body(
                #"""
                {"data":[{"type":"invite","id":"invite_01QrStUvWxYzAbCdEfGhIj","email":"newhire@example.com",
                 "role":"user","invited_at":"2026-07-06T16:20:11Z","expires_at":"2026-07-27T16:20:11Z",
                 "accepted_at":null,"status":"pending","rbac_group_ids":[]},
                 {"type":"invite","id":"invite_02","email":"old@example.com","role":"billing",
                 "invited_at":"2026-07-06T16:20:11Z","expires_at":"2026-07-27T16:20:11Z","status":"pending"}],
                 "has_more":false,"first_id":"invite_01QrStUvWxYzAbCdEfGhIj","last_id":"invite_02"}
                """#))
        #expect(page.hasMore == false && page.entries.map(\.id) == ["invite_01QrStUvWxYzAbCdEfGhIj", "invite_02"])
        #expect(page.entries.map(\.value.role) == [.user, .billing])
        #expect(page.entries.allSatisfy { $0.value.status == .pending && $0.value.acceptedAt == nil })
        let first = try #require(page.entries.first?.value)
        #expect(first.expiresAt.timeIntervalSince(first.invitedAt) == 21 * 86_400)
    }

    @Test func anEmptyPageMayHaveNullOrAbsentIDs() throws {
        for json in [#"{"data":[],"has_more":false,"first_id":null,"last_id":null}"#, #"{"data":[],"has_more":false}"#]
        {
            let page = try ListPage.members(in: body(json))
            #expect(page.entries.isEmpty && page.lastID == nil && page.hasMore == false)
        }
    }

    @Test func aBodyThatIsNotTheEnvelopeIsAnEnvelopeError() {
        for json in [#"{"type":"error","error":{"type":"api_error","message":"x"}}"#, "[]", "<html>"] {
            #expect {
                try ListPage.members(in: body(json))
            } throws: { error in
                if case .envelope = error as? ListPage<Member>.ReadError { return true }
                return false
            }
        }
    }

    @Test func aRecordWithAnUnreadableDateIsAValueError() {
        let json =
            #"{"data":[{"type":"user","id":"user_1","email":"a@x.example","name":"A","role":"user","added_at":"yesterday"}],"has_more":false}"#
        #expect {
            try ListPage.members(in: body(json))
        } throws: { error in
            if case .value = error as? ListPage<Member>.ReadError { return true }
            return false
        }
    }
}
