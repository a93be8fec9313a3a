import Foundation
import LedgerCore
import Testing

/// The closed sets services take as types are the sets the schemas allow: a value added to one
/// and not the other fails here.
@Suite struct VocabularyTests {
    static let schemas: String = {
        var dir = (#filePath as NSString).deletingLastPathComponent
        while !FileManager.default.fileExists(atPath: dir + "/Package.swift") { dir = (dir as NSString).deletingLastPathComponent }
        return dir + "/Schemas"
    }()

    /// The `enum` of property `key` in `Schemas/<schema>.schema.json`.
    static func schemaEnum(_ schema: String, _ key: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(schemas)/\(schema).schema.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let properties = try #require(root["properties"] as? [String: Any])
        let property = try #require(properties[key] as? [String: Any], "\(schema).\(key)")
        return try #require(property["enum"] as? [String], "\(schema).\(key) has an enum")
    }

    @Test func typedValuesMatchTheSchemas() throws {
        #expect(try Self.schemaEnum("evidence", "method") == EvidenceMethod.allCases.map(\.rawValue))
        #expect(try Self.schemaEnum("evidence", "classification") == Classification.allCases.map(\.rawValue))
        #expect(try Self.schemaEnum("control", "status") == ControlStatus.allCases.map(\.rawValue))
        #expect(try Self.schemaEnum("control", "frequency") == ControlFrequency.allCases.map(\.rawValue))
        #expect(try Self.schemaEnum("snapshot", "kind") == SnapshotKind.allCases.map(\.rawValue))
        #expect(try Self.schemaEnum("exception", "kind") == ExceptionKind.allCases.map(\.rawValue))
    }
}
