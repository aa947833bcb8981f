import SCIMProtocol
import Testing

/// The documented rule for the name parts of users the IdP never sent: never empty, from Claude's name first.
struct DerivedNamePartsTests {
    @Test(
        arguments: [
            ("Jane Smith", "jane.smith@acme.example", "Jane", "Smith"),
            ("  Sam 🚀 Rivera ", "sam@acme.example", "Sam", "🚀 Rivera"),
            ("Anna de la Cruz", "anna@acme.example", "Anna", "de la Cruz"),
            ("李伟", "li.wei@acme.example", "李伟", "李伟"),
            (nil, "new.hire1@acme.example", "New", "Hire1"),
            ("   ", "contractor_ana-b+x@acme.example", "Contractor", "Ana B X"),
            (nil, "cher@acme.example", "Cher", "Cher"),
            (nil, "..@acme.example", "..@acme.example", "..@acme.example"),
        ] as [(String?, String, String, String)])
    func parts(_ name: String?, _ email: String, _ given: String, _ family: String) {
        let parts = DerivedNameParts(name: name, email: email)
        #expect(parts.givenName == given)
        #expect(parts.familyName == family)
    }
}
