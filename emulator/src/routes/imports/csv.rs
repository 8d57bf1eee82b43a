//! CSV as RFC 4180 defines it and HubSpot's importer reads it: fields separated by commas,
//! records by CRLF or LF; a field in double quotes may hold commas, line breaks and doubled
//! quotes. Bad text never stops the file: a record that cannot be read comes back with a
//! `problem`, and reading resumes on the next line.

/// One record of the file.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Row {
    /// The 1-based line of the file the record starts on (a quoted line break makes a
    /// record span several lines).
    pub(super) line: usize,
    /// Its fields, as far as they could be read.
    pub(super) fields: Vec<String>,
    /// Why the record could not be read, if it could not.
    pub(super) problem: Option<String>,
}

/// The records of `text`, blank lines left out. A leading byte-order mark is ignored.
pub(super) fn parse(text: &str) -> Vec<Row> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader {
        chars: text.chars().peekable(),
        line: 1,
    };
    let mut rows = Vec::new();
    while reader.chars.peek().is_some() {
        let row = reader.record();
        let blank = row.problem.is_none() && row.fields.len() == 1 && row.fields[0].is_empty();
        if !blank {
            rows.push(row);
        }
    }
    rows
}

struct Reader<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
}

impl Reader<'_> {
    /// Reads one record, up to and including its line break.
    fn record(&mut self) -> Row {
        let line = self.line;
        let mut fields = Vec::new();
        loop {
            let field = if self.chars.peek() == Some(&'"') {
                self.chars.next();
                match self.quoted() {
                    Ok(field) => field,
                    Err((field, problem)) => {
                        fields.push(field);
                        return Row {
                            line,
                            fields,
                            problem: Some(problem),
                        };
                    }
                }
            } else {
                self.unquoted()
            };
            fields.push(field);
            match self.chars.next() {
                Some(',') => continue,
                Some('\r') => {
                    if self.chars.peek() == Some(&'\n') {
                        self.chars.next();
                    }
                    self.line += 1;
                }
                Some('\n') => self.line += 1,
                _ => {}
            }
            return Row {
                line,
                fields,
                problem: None,
            };
        }
    }

    /// A field up to the next comma or line break; quotes inside it are taken literally, as
    /// spreadsheet programs do.
    fn unquoted(&mut self) -> String {
        let mut field = String::new();
        while let Some(&c) = self.chars.peek() {
            if matches!(c, ',' | '\n' | '\r') {
                break;
            }
            field.push(c);
            self.chars.next();
        }
        field
    }

    /// The rest of a quoted field, after its opening quote. On a problem, the field so far
    /// and what is wrong; the rest of the line has then been skipped.
    fn quoted(&mut self) -> Result<String, (String, String)> {
        let mut field = String::new();
        loop {
            match self.chars.next() {
                None => {
                    return Err((
                        field,
                        "a quoted field is not closed before the end of the file".into(),
                    ))
                }
                Some('"') if self.chars.peek() == Some(&'"') => {
                    self.chars.next();
                    field.push('"');
                }
                Some('"') => break,
                Some(c) => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    field.push(c);
                }
            }
        }
        match self.chars.peek() {
            None | Some(',' | '\n' | '\r') => Ok(field),
            Some(&c) => {
                self.skip_line();
                Err((
                    field,
                    format!("unexpected {c:?} after the closing quote of a quoted field"),
                ))
            }
        }
    }

    fn skip_line(&mut self) {
        for c in self.chars.by_ref() {
            if c == '\n' {
                self.line += 1;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(rows: &[Row]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.fields.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let rows = parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3");
        assert_eq!(
            fields(&rows),
            vec![
                vec!["a", "b", "c"],
                vec!["x, y", "say \"hi\"", "two\nlines"],
                vec!["1", "", "3"],
            ]
        );
        assert_eq!(
            rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![1, 2, 4]
        );
        assert!(rows.iter().all(|r| r.problem.is_none()));
    }

    #[test]
    fn blank_lines_bom_and_trailing_newline_are_ignored() {
        let rows = parse("\u{feff}a,b\n\n1,2\n\r\n");
        assert_eq!(fields(&rows), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(rows[1].line, 3);
        assert_eq!(parse(""), vec![]);
        assert_eq!(fields(&parse(",")), vec![vec!["", ""]]);
    }

    #[test]
    fn bad_records_are_reported_and_reading_resumes() {
        let rows = parse("\"a\"b,c\nok,1\n\"never closed,2\n3");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(rows[0]
            .problem
            .as_deref()
            .unwrap()
            .contains("closing quote"));
        assert_eq!(rows[1].fields, vec!["ok", "1"]);
        assert_eq!(rows[1].line, 2);
        assert!(rows[2].problem.as_deref().unwrap().contains("not closed"));
        assert_eq!(rows[2].line, 3);
    }

    #[test]
    fn quotes_inside_unquoted_fields_are_literal() {
        assert_eq!(fields(&parse("5\" pipe,x")), vec![vec!["5\" pipe", "x"]]);
    }
}
