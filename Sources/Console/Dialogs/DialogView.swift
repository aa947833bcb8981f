import ScimifyCore

/// Centred dialogs: help, the role picker, confirmations, the add-instance form and one-time notices.
enum DialogView {
    static func draw(_ modal: Modal, state: ConsoleState, into buffer: inout CellBuffer) {
        switch modal {
        case .help(let scroll): HelpView.draw(state, scroll: scroll, into: &buffer)
        case .rolePicker(let picker): drawPicker(picker, into: &buffer)
        case .confirm(let confirmation): drawConfirmation(confirmation, into: &buffer)
        case .addInstance(let form): drawForm(form, into: &buffer)
        case .bulkReport(let report, let scroll): BulkReportView.draw(report, scroll: scroll, into: &buffer)
        case .notice(let title, let lines, let scroll):
            NoticeView.draw(title: title, lines: lines, scroll: scroll, into: &buffer)
        }
    }

    /// Clears and boxes a centred area; returns its origin and size.
    static func frame(_ buffer: inout CellBuffer, width: Int, height: Int, title: String, titleStyle: CellStyle = .bold)
        -> (row: Int, column: Int, width: Int, height: Int)
    {
        let w = min(width, buffer.width - 2)
        let h = min(height, buffer.height - 2)
        let row = max(0, (buffer.height - h) / 2)
        let column = max(0, (buffer.width - w) / 2)
        buffer.fill(row: row, column: column, width: w, height: h)
        buffer.box(row: row, column: column, width: w, height: h, style: .plain, title: title, titleStyle: titleStyle)
        return (row, column, w, h)
    }

    private static func drawPicker(_ picker: RolePicker, into buffer: inout CellBuffer) {
        let f = frame(
            &buffer, width: 76, height: picker.choices.count + 6, title: "Role of \(CellBuffer.sanitized(picker.email))"
        )
        for (index, role) in picker.choices.enumerated() {
            let mark = role == picker.current ? "● " : "  "
            let current = role == picker.current ? "  (current)" : ""
            let style: CellStyle = index == picker.cursor ? .selected : .plain
            buffer.fill(row: f.row + 2 + index, column: f.column + 2, width: f.width - 4, height: 1, style: style)
            buffer.put(
                "\(index + 1) \(mark)\(role)\(current)", row: f.row + 2 + index, column: f.column + 3, style: style)
        }
        let note =
            picker.isInvite
            ? "Pending invite: Scimify cancels it and re-invites with the new role."
            : "The member's role changes at once. admin is never offered."
        buffer.put(
            note, row: f.row + f.height - 3, column: f.column + 2, style: picker.isInvite ? .pending : .muted,
            limit: f.width - 4)
        buffer.put(
            "↑↓ choose · Enter apply · Esc cancel", row: f.row + f.height - 2, column: f.column + 2, style: .muted)
    }

    private static func drawConfirmation(_ confirmation: Confirmation, into buffer: inout CellBuffer) {
        let titleStyle = confirmation.destructive ? CellStyle(tone: .error, bold: true) : CellStyle(bold: true)
        let textWidth = min(72, buffer.width - 8)
        let titleLines = TextWrap.lines(confirmation.title, width: textWidth)
        let lines = TextWrap.lines(confirmation.consequence, width: textWidth)
        let typed = confirmation.requiredCount != nil
        let several = confirmation.choices.count > 1
        let extra = (typed ? (several ? 3 : 1) : 0) + (!typed && confirmation.error != nil ? 1 : 0)
        let f = frame(
            &buffer, width: textWidth + 4, height: titleLines.count + lines.count + 6 + extra,
            title: confirmation.destructive ? "Confirm (destructive)" : "Confirm", titleStyle: titleStyle)
        var y = f.row + 1
        for line in titleLines {
            buffer.put(line, row: y, column: f.column + 2, style: titleStyle)
            y += 1
        }
        y += 1
        for line in lines {
            buffer.put(line, row: y, column: f.column + 2)
            y += 1
        }
        if let required = confirmation.requiredCount {
            drawTypedCount(confirmation, required: required, row: y + 1, frame: f, into: &buffer)
            if several { drawButtons(confirmation, row: y + 5, frame: f, into: &buffer) }
            return
        }
        drawButtons(confirmation, row: y + 1, frame: f, into: &buffer)
        var hint = y + 2
        if let error = confirmation.error {
            buffer.put("✗ " + error, row: hint, column: f.column + 2, style: .error, limit: f.width - 4)
            hint += 1
        }
        let keys = several ? confirmation.choices.map { String($0.key) }.joined(separator: " / ") : "y confirms"
        buffer.put(
            "Enter activates the focused button · ←→ move · \(keys) · Esc cancels", row: hint, column: f.column + 2,
            style: .muted, limit: f.width - 4)
    }

    /// `[ Cancel ]  Remove and deactivate keys (d)  Remove only (o)`: the focused button in brackets and
    /// reverse video, a destructive one red.
    private static func drawButtons(
        _ confirmation: Confirmation, row: Int, frame f: (row: Int, column: Int, width: Int, height: Int),
        into buffer: inout CellBuffer
    ) {
        let labels = ["Cancel"] + confirmation.choices.map { "\($0.label) (\($0.key))" }
        var x = f.column + 2
        for (index, label) in labels.enumerated() {
            let focused = index == confirmation.focus
            let style: CellStyle =
                !focused
                ? .plain
                : index == 0 ? .selected : CellStyle(tone: confirmation.destructive ? .error : .normal, reverse: true)
            x += buffer.put(focused ? "[ \(label) ]" : "  \(label)  ", row: row, column: x, style: style) + 2
        }
    }

    /// The typed-count line of a large bulk action: `Type 40 to confirm: 4█`, its error, and the keys.
    private static func drawTypedCount(
        _ confirmation: Confirmation, required: Int, row: Int,
        frame f: (row: Int, column: Int, width: Int, height: Int), into buffer: inout CellBuffer
    ) {
        var x = f.column + 2
        x += buffer.put("Type \(required) to confirm: ", row: row, column: x, style: .bold)
        buffer.put(confirmation.typed + "█", row: row, column: x, style: CellStyle(underline: true))
        if let error = confirmation.error {
            buffer.put("✗ " + error, row: row + 1, column: f.column + 2, style: .error, limit: f.width - 4)
        }
        let how =
            confirmation.choices.count > 1
            ? "then " + confirmation.choicesInWords
                + " (or ←→ Enter)"
            : "Enter confirms the typed count"
        buffer.put(
            how + " · Esc cancels (nothing changes)", row: row + 2, column: f.column + 2, style: .muted,
            limit: f.width - 4)
    }

    private static func drawForm(_ form: InstanceForm, into buffer: inout CellBuffer) {
        // The error wraps under the fields (a refused key's sentence is long), the box growing to hold it.
        let errorLines = form.error.map { TextWrap.lines("✗ \($0)", width: 72 - 4) } ?? []
        let f = frame(&buffer, width: 72, height: 10 + max(1, errorLines.count), title: "Add an instance")
        for (index, label) in InstanceForm.labels.enumerated() {
            let y = f.row + 2 + index * 2
            buffer.put(label, row: y, column: f.column + 2, style: .bold)
            let value =
                index == 2
                ? String(repeating: "•", count: min(form.fields[index].count, 40))
                : CellBuffer.sanitized(form.fields[index])
            let style: CellStyle = index == form.focus ? CellStyle(underline: true) : .plain
            buffer.fill(row: y, column: f.column + 18, width: f.width - 20, height: 1, style: style)
            buffer.put(
                value + (index == form.focus ? "█" : ""), row: y, column: f.column + 18, style: style,
                limit: f.width - 20)
        }
        for (index, line) in errorLines.enumerated() {
            buffer.put(line, row: f.row + 8 + index, column: f.column + 2, style: .error, limit: f.width - 4)
        }
        buffer.put(
            "Tab next field · Enter next/add (tests the connection) · Esc cancel", row: f.row + f.height - 2,
            column: f.column + 2, style: .muted, limit: f.width - 4)
    }
}
