//! Parsing lexicon TSV files (format: see the [module docs](super)).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::classes::{check_attrs, parse_class_name};
use super::{CaseRule, Entry, EntryAttrs, EntryClass, LexiconIssue, Origin};

const HEADER: &str = "surface\tlabel\tid\tattrs";

/// Parses one lexicon file. `file` names it in entries and errors.
///
/// Returns every entry, or every problem found in the file.
///
/// ```
/// use vietag::lexicon::parse_lexicon;
/// let text = "# places\nsurface\tlabel\tid\tattrs\nĐồng Xoài\tLOC\tdx\ttype=thành phố\n";
/// let entries = parse_lexicon("my.tsv", text).unwrap();
/// assert_eq!(entries[0].surface, "Đồng Xoài");
/// assert_eq!(entries[0].attr("type"), Some("thành phố"));
/// assert_eq!(entries[0].origin.to_string(), "my.tsv:3");
///
/// let err = parse_lexicon("bad.tsv", "surface\tlabel\tid\tattrs\nX\tPLACE\t\t\n").unwrap_err();
/// assert!(err[0].to_string().starts_with("bad.tsv:2: unknown label 'PLACE'"));
/// ```
pub fn parse_lexicon(file: &str, text: &str) -> Result<Vec<Entry>, Vec<LexiconIssue>> {
    let file: Arc<str> = Arc::from(file);
    let mut issues = Vec::new();
    let mut entries = Vec::new();
    let mut seen_header = false;
    let mut first_line: FxHashMap<(&str, &str, &str), u32> = FxHashMap::default();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let issue = |message: String| LexiconIssue {
            file: file.clone(),
            line: line_no,
            message,
        };
        if !seen_header {
            seen_header = true;
            if line != HEADER {
                issues.push(issue(format!(
                    "the first non-comment line must be the header 'surface<TAB>label<TAB>id<TAB>attrs', found '{}'; add the header line",
                    line.replace('\t', "<TAB>")
                )));
                return Err(issues);
            }
            continue;
        }
        match parse_row(line) {
            Ok((surface, class, id, attrs, case)) => {
                let key = (surface, class.name(), id);
                if let Some(first) = first_line.get(&key) {
                    issues.push(issue(format!(
                        "duplicate entry '{surface}' ({}, id '{id}'), first defined at line {first}; delete one of them",
                        class.name()
                    )));
                    continue;
                }
                first_line.insert(key, line_no);
                entries.push(Entry {
                    surface: surface.to_string().into(),
                    class,
                    id: id.to_string().into(),
                    attrs,
                    case,
                    origin: Origin {
                        file: file.clone(),
                        line: line_no,
                    },
                });
            }
            Err(message) => issues.push(issue(message)),
        }
    }
    if !seen_header {
        issues.push(LexiconIssue {
            file,
            line: 0,
            message: format!(
                "no header line; a lexicon starts with '{}' (tabs between the words)",
                HEADER.replace('\t', "<TAB>")
            ),
        });
    }
    if issues.is_empty() {
        Ok(entries)
    } else {
        Err(issues)
    }
}

type Row<'a> = (&'a str, EntryClass, &'a str, EntryAttrs, CaseRule);

fn parse_row(line: &str) -> Result<Row<'_>, String> {
    // At most five fields, without collecting: this runs for every line of
    // every lexicon at start-up.
    let mut split = line.split('\t');
    let mut fields = [""; 5];
    let mut count = 0;
    for (slot, field) in fields.iter_mut().zip(split.by_ref()) {
        *slot = field;
        count += 1;
    }
    count += split.count();
    if !(3..=4).contains(&count) {
        return Err(format!(
            "expected 4 tab-separated columns (surface, label, id, attrs), found {count}; check for missing or extra tabs"
        ));
    }
    let surface = fields[0];
    if surface.is_empty() {
        return Err("empty surface form; write the word or name in the first column".into());
    }
    if surface.trim() != surface {
        return Err(format!(
            "surface '{surface}' has leading or trailing spaces; remove them"
        ));
    }
    if !surface.chars().any(|c| c.is_alphanumeric()) {
        return Err(format!(
            "surface '{surface}' has no letter or digit; an entry must name something"
        ));
    }
    let class = parse_class(fields[1])?;
    let id = fields[2].trim();
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    let mut case = None;
    for pair in fields[3].split(';').filter(|p| !p.trim().is_empty()) {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(format!(
                "attribute '{pair}' is not key=value; write e.g. type=tỉnh"
            ));
        };
        let (k, v) = (k.trim(), v.trim());
        if k.is_empty()
            || !k
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(format!(
                "attribute name '{k}' must be lower-case ASCII letters, digits or '_'"
            ));
        }
        if k == "case" {
            case = Some(match v {
                "cap" => CaseRule::Cap,
                "any" => CaseRule::Any,
                _ => return Err(format!("case={v} is not known; use case=cap or case=any")),
            });
            continue;
        }
        if attrs.iter().any(|&(old, _)| old == k) {
            return Err(format!("attribute '{k}' is given twice; keep one"));
        }
        attrs.push((k, v));
    }
    if let EntryClass::Class(c) = class {
        check_attrs(c, &attrs)?;
    }
    let case = case.unwrap_or(if surface.chars().any(char::is_uppercase) {
        CaseRule::Cap
    } else {
        CaseRule::Any
    });
    Ok((
        surface,
        class,
        id,
        EntryAttrs::from_pairs(attrs.iter().copied()),
        case,
    ))
}

fn parse_class(s: &str) -> Result<EntryClass, String> {
    let s = s.trim();
    if s.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
        return s
            .parse()
            .map(EntryClass::Entity)
            .map_err(|e: crate::error::ParseError| e.to_string());
    }
    let valid = s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if valid {
        parse_class_name(s).map(EntryClass::Class)
    } else {
        Err(format!(
            "label '{s}' is neither an entity label (PER, TITLE, ORG, LOC, DOCREF, DATE, PERCENT, MONEY, QUANTITY) nor a lower-case class name like loc.admin"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::Label;

    const H: &str = "surface\tlabel\tid\tattrs\n";

    fn errors(body: &str) -> Vec<String> {
        parse_lexicon("t.tsv", &format!("{H}{body}"))
            .unwrap_err()
            .into_iter()
            .map(|i| i.to_string())
            .collect()
    }

    #[test]
    fn parses_entries_and_defaults_case() {
        let e = parse_lexicon(
            "t.tsv",
            &format!("# c\n\n{H}Quốc hội\tORG\tqh\t\nđảng viên\tqty.unit\t\tunit=đảng viên\n"),
        )
        .unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].class, EntryClass::Entity(Label::Org));
        assert_eq!(e[0].case, CaseRule::Cap);
        assert_eq!(e[1].case, CaseRule::Any);
        assert_eq!(e[1].class.name(), "qty.unit");
        assert_eq!(e[1].origin.line, 5);
    }

    #[test]
    fn missing_header_is_reported() {
        let err = parse_lexicon("t.tsv", "Quốc hội\tORG\t\t\n").unwrap_err();
        assert!(err[0]
            .to_string()
            .starts_with("t.tsv:1: the first non-comment line must be the header"));
        let err = parse_lexicon("t.tsv", "# only a comment\n").unwrap_err();
        assert!(err[0].to_string().starts_with("t.tsv: no header line"));
    }

    #[test]
    fn row_errors_name_the_line_and_the_fix() {
        assert_eq!(
            errors("A\tORG\n"),
            ["t.tsv:2: expected 4 tab-separated columns (surface, label, id, attrs), found 2; check for missing or extra tabs"]
        );
        assert!(errors(" A\tORG\t\t\n")[0].contains("leading or trailing spaces"));
        assert!(errors("A\tORG\t\tcase=upper\n")[0].contains("use case=cap or case=any"));
        assert!(errors("A\tORG\t\ttype\n")[0].contains("is not key=value"));
        assert!(errors("A\tORG\t\tt=1;t=2\n")[0].contains("given twice"));
        assert!(errors("A\tOrg Name\t\t\n")[0].contains("unknown label"));
        assert!(errors("A\tLoc Admin\t\t\n")[0].contains("unknown label"));
        assert!(errors("A\tloc admin\t\t\n")[0].contains("neither an entity label"));
        assert!(errors("--\tORG\t\t\n")[0].contains("no letter or digit"));
    }

    #[test]
    fn all_problems_are_reported_and_duplicates_point_back() {
        let errs = errors("A\tORG\tx\t\nB\tNOPE\t\t\nA\tORG\tx\t\n");
        assert_eq!(errs.len(), 2);
        assert!(errs[0].starts_with("t.tsv:3:"));
        assert!(errs[1].starts_with("t.tsv:4: duplicate entry 'A'"));
        assert!(errs[1].contains("first defined at line 2"));
    }
}
