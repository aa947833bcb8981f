import ScimifyCore

extension ConsoleState {
    /// Takes the operator's config file: its keymap and per-instance settings, or, when the file has errors,
    /// the standard settings and a message saying where to read them.
    public mutating func configure(_ config: ConsoleConfig) {
        guard config.problems.isEmpty else {
            let first = config.problems[0]
            let more = config.problems.count > 1 ? " (and \(config.problems.count - 1) more)" : ""
            ConsoleReducer.refuse(
                "config file not applied, standard keys and colours in use: \(first)\(more); "
                    + "`scimify config check` lists every error", &self)
            return
        }
        keymap = config.keymap
        readOnlyInstances = config.readOnlyInstances
        headerColors = config.headerColors
        applyInstanceSettings()
    }

    /// The config file's settings for the instance on screen: read-only (never lifted below `--read-only`)
    /// and the header colour.
    mutating func applyInstanceSettings() {
        guard let slug = instance?.slug else { return }
        readOnly = alwaysReadOnly || readOnlyInstances.contains(slug)
        if let color = headerColors[slug] { instance?.headerColor = color }
    }
}
