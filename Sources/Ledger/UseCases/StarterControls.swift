import LedgerCore

/// The starter library as control records.
public enum StarterControls {
    /// Every starter control as a record owned by `owner`, maps in catalog order.
    public static func records(owner: String) -> [ControlRecord] {
        let set = CatalogSet.builtIn
        return StarterLibrary.controls.map { s in
            let maps = set.catalogs.compactMap { catalog -> (catalog: String, requirements: [String])? in
                guard let ids = s.maps[catalog.id], !ids.isEmpty else { return nil }
                let order = catalog.requirementIDs
                return (catalog.id, ids.sorted { (order.firstIndex(of: $0) ?? Int.max) < (order.firstIndex(of: $1) ?? Int.max) })
            }
            return ControlRecord(id: s.id, title: s.title, description: s.description, owner: owner, status: s.status,
                                 frequency: s.frequency, maps: maps, attributes: ControlRecord.scoringAttributes.compactMap { rule in s.attributes[rule.key].map { (rule.key, $0) } })
        }
    }
}
