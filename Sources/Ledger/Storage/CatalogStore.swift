import Foundation
import GitStore
import LedgerCore

/// Catalogs pinned inside a ledger at `.evident/catalogs/<id>.yaml`, so readiness at an old
/// commit uses the catalogs of its time. Each file carries `schema: evident/catalog/v1` (or
/// `evident/crosswalk/v1`) followed by the catalog's fields in sorted order.
public enum CatalogStore {
    public static let folder = ".evident/catalogs"
    public static let catalogSchema = "evident/catalog/v1"
    public static let crosswalkSchema = "evident/crosswalk/v1"

    /// The files that pin `set` in a ledger.
    /// Throws `LedgerError` `.failure` when a catalog cannot be encoded.
    public static func files(for set: CatalogSet) throws -> [FileWrite] {
        var out = [FileWrite]()
        for catalog in set.catalogs {
            out.append(FileWrite(path: "\(folder)/\(catalog.id).yaml", data: try document(catalog, schema: catalogSchema)))
        }
        if let crosswalk = set.crosswalk {
            out.append(FileWrite(path: "\(folder)/\(crosswalk.id).yaml", data: try document(crosswalk, schema: crosswalkSchema)))
        }
        return out
    }

    private static func document<T: Encodable>(_ value: T, schema: String) throws -> Data {
        guard case .map(let pairs) = try RecordValue.encoding(value) else {
            throw LedgerError(.failure, "cannot encode a catalog")
        }
        return Data(CanonicalYAML.emit(.map([("schema", .string(schema))] + pairs)).utf8)
    }

    /// Reads the catalogs pinned in `tree`; a ledger without pinned catalogs uses the built-in ones.
    static func read(_ repository: Repository, tree: ObjectID) throws -> CatalogSet {
        guard let dir = try wrap("reading \(folder)", { try repository.entry(at: folder, inTree: tree) }), dir.isTree else {
            return CatalogSet.builtIn
        }
        var files = [(String, Data)]()
        for entry in try wrap("reading \(folder)", { try repository.tree(dir.id) }) where entry.name.hasSuffix(".yaml") && !entry.isTree {
            files.append(("\(folder)/\(entry.name)", try wrap("reading \(folder)/\(entry.name)") { try repository.blob(entry.id) }))
        }
        return try parse(files)
    }

    /// Reads the catalogs pinned in a file source (the work tree or the index).
    /// Throws `LedgerError` `.notFound` when a pinned catalog is missing, `.invalidInput` when one does not parse.
    public static func read(_ source: LedgerFileSource) throws -> CatalogSet {
        let paths = try source.paths().filter { $0.hasPrefix(folder + "/") && $0.hasSuffix(".yaml") && !$0.dropFirst(folder.count + 1).contains("/") }
        if paths.isEmpty { return CatalogSet.builtIn }
        return try parse(try paths.sorted().compactMap { p in try source.read(p).map { (p, $0) } })
    }

    static func parse(_ files: [(String, Data)]) throws -> CatalogSet {
        var catalogs = [Catalog]()
        var crosswalk: Crosswalk?
        for (path, data) in files {
            guard case .map(var pairs) = try YAMLReader.parse(data, file: path) else {
                throw LedgerError.invalid("\(path): must be a mapping")
            }
            let schema = pairs.first { $0.0 == "schema" }?.1.stringValue
            pairs.removeAll { $0.0 == "schema" }
            let json = Data(JSONText.emit(.map(pairs), pretty: false).utf8)
            do {
                switch schema {
                case catalogSchema: catalogs.append(try JSONDecoder().decode(Catalog.self, from: json))
                case crosswalkSchema: crosswalk = try JSONDecoder().decode(Crosswalk.self, from: json)
                default: throw LedgerError.invalid("\(path): schema '\(schema ?? "")' is not \(catalogSchema) or \(crosswalkSchema)")
                }
            } catch let e as LedgerError {
                throw e
            } catch {
                throw LedgerError.invalid("\(path): not a valid pinned catalog (\(error))")
            }
        }
        // Keep the built-in order (800-171, CMMC L1, L3, SOC 2), then anything else by id.
        let order = Catalogs.builtIn.map(\.id)
        catalogs.sort { (order.firstIndex(of: $0.id) ?? Int.max, $0.id) < (order.firstIndex(of: $1.id) ?? Int.max, $1.id) }
        return CatalogSet(catalogs: catalogs, crosswalk: crosswalk)
    }
}

extension RecordValue {
    /// The JSON form of an Encodable value as a record value (object keys sorted).
    static func encoding<T: Encodable>(_ value: T) throws -> RecordValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(value), options: [.fragmentsAllowed])
        return from(json: object)
    }

    private static func from(json: Any) -> RecordValue {
        switch json {
        case let s as String: return .string(s)
        case let d as [String: Any]: return .map(d.sorted { $0.key < $1.key }.map { ($0.key, from(json: $0.value)) })
        case let a as [Any]: return .list(a.map(from(json:)))
        case let n as NSNumber:
            if let i = Int(exactly: n.doubleValue) { return .int(i) }
            return .float(n.doubleValue)
        default: return .null
        }
    }
}

extension Revision {
    /// The catalogs pinned at this revision.
    /// Throws `LedgerError` `.notFound` when a pinned catalog is missing, `.invalidInput` when one does not parse.
    public func catalogs() throws -> CatalogSet {
        try CatalogStore.read(repository, tree: tree)
    }
}
