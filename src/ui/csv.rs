//! Cells of the CSV files the portal writes, safe to open in a spreadsheet
//! (CWE-1236): a cell that a spreadsheet would read as a formula gets a leading
//! apostrophe, which the portal's own import removes again.

/// Characters that make a spreadsheet treat a cell as a formula.
const TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// The cell as written: neutralised when it starts like a formula.
pub fn cell(value: &str) -> String {
    if value.starts_with(TRIGGERS) { format!("'{value}") } else { value.to_string() }
}

/// The value of a cell the portal wrote (the apostrophe of [`cell`] removed).
pub fn value(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_read_back() {
        for formula in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(cell(formula), format!("'{formula}"));
            assert_eq!(value(&cell(formula)), formula);
        }
        assert_eq!(cell("Wohngeld"), "Wohngeld");
        assert_eq!(value("'Apostroph"), "'Apostroph", "an apostrophe the portal did not add stays");
    }
}
