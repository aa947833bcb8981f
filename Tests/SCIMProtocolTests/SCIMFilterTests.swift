import Foundation
import SCIMProtocol
import Testing

@Suite struct SCIMFilterTests {
    let jane = SCIMUserResource(
        id: "2819c223-7f76-453a-919d-413861904646",
        user: SCIMUser(
            userName: "Jane.Smith@Example.com", externalID: "00uJane", givenName: "Jane", familyName: "Smith",
            displayName: "Jane Smith",
            emails: [
                .init(value: "jane@example.com", type: "work", primary: true),
                .init(value: "j@home.example", type: "home"),
            ],
            active: false, claudeRole: "developer"
        ),
        created: Date(timeIntervalSince1970: 1_800_000_000), lastModified: Date(timeIntervalSince1970: 1_800_000_000),
        version: 1
    )

    private func matches(_ text: String) throws -> Bool { jane.matches(try SCIMFilter.parse(text)) }

    @Test(arguments: [
        #"userName eq "jane.smith@example.com""#, #"USERNAME EQ "JANE.SMITH@EXAMPLE.COM""#,
        #"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "jane.smith@example.com""#,
        #"externalId eq "00uJane""#, "externalId eq 00uJane", #"emails[type eq "work"].value eq "JANE@example.com""#,
        #"emails.value eq "j@home.example""#, #"emails[type eq "work" and primary eq true]"#,
        #"userName eq "x" or name.familyName eq "smith""#, #"not (userName eq "x")"#, "active eq false",
        #"urn:ietf:params:scim:schemas:extension:custom:2.0:User:claude_role eq "Developer""#,
        #"claude_role eq "developer""#,
        #"userName sw "jane" and userName ew ".com" and displayName co "e s""#, "name.givenName pr",
        "title pr or userName pr",
        #"(userName eq "x" or externalId eq "00uJane") and active eq false"#, "externalId ne null",
        #"meta.created gt "2020-01-01""#,
    ])
    func matchingFilters(_ text: String) throws {
        #expect(try matches(text), "\(text)")
    }

    @Test(arguments: [
        #"externalId eq "00ujane""#, #"userName eq "jane""#, #"emails[type eq "home"].value eq "jane@example.com""#,
        "active eq true", #"not (userName pr)"#, "title pr", #"userName ne "jane.smith@example.com""#,
        "displayName eq null",
        #"userName eq "x" and externalId eq "00uJane""#,
    ])
    func nonMatchingFilters(_ text: String) throws {
        #expect(try !matches(text), "\(text)")
    }

    @Test(arguments: [
        "", "userName", "userName eq", #"userName zz "x""#, #"userName eq "x" and"#, #"(userName eq "x""#,
        #"emails[type eq "work""#, #"userName eq "unterminated"#, "userName eq \"x\" extra", "a..b eq 1",
        #"userName eq "x" or or"#,
        String(repeating: "(", count: 200) + "userName pr" + String(repeating: ")", count: 200),
    ])
    func invalidFiltersAreInvalidFilter(_ text: String) {
        do {
            _ = try SCIMFilter.parse(text)
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.scimType == "invalidFilter")
            #expect(error.status == 400)
        }
    }

    @Test func precedenceIsNotThenAndThenOr() throws {
        let filter = try SCIMFilter.parse(#"userName eq "a" or userName eq "b" and active eq true"#)
        guard case .or(_, .and) = filter else {
            Issue.record("and must bind tighter than or: \(filter)")
            return
        }
    }
}
