//! `vietag export --to html` as a user runs it: a page per document and an
//! index, one page for one document, comparisons, 10,000 documents in pages
//! under 2 MB. `tests/browser/test_view.py` renders the same pages in
//! Chromium.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{json, Value};
use vietag::formats::{read_str, Format, FormatOptions};

mod common;
use common::{root, vietag};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("vietag-html-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).expect("temp dir");
    d
}

fn records(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .expect("readable")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn export(args: &[&str]) -> Output {
    let mut all = vec!["export", "--to", "html"];
    all.extend_from_slice(args);
    vietag(&all, None)
}

/// The `href`s of the index rows, in order.
fn row_links(index: &str) -> Vec<String> {
    index
        .split("<a href=\"doc/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| format!("doc/{s}"))
        .collect()
}

#[test]
fn a_page_per_document_and_an_index() {
    let dir = temp_dir("view");
    let out = export(&["fixtures/html/view.jsonl", "-o", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("4 document(s) written as html, 0 failed"));
    let recs = records(&root().join("fixtures/html/view.jsonl"));
    let index = fs::read_to_string(dir.join("index.html")).unwrap();
    let links = row_links(&index);
    assert_eq!(links.len(), recs.len());
    assert_eq!(fs::read_dir(dir.join("doc")).unwrap().count(), recs.len());
    for (k, (rec, link)) in recs.iter().zip(&links).enumerate() {
        let page = fs::read_to_string(dir.join(link)).unwrap();
        let entities = rec["entities"].as_array().unwrap().len();
        assert_eq!(page.matches(" data-label=\"").count(), entities, "{link}");
        assert_eq!(
            page.matches("<script>").count(),
            1,
            "{link}: only the page's own script"
        );
        assert!(!page.contains("<img"), "{link}");
        assert!(page.contains("<a href=\"../index.html\">index</a>"));
        let next = links.get(k + 1).map(|l| l.trim_start_matches("doc/"));
        match next {
            Some(n) => assert!(
                page.contains(&format!("<a href=\"{n}\">next →</a>")),
                "{link}"
            ),
            None => assert!(!page.contains("next →"), "{link}"),
        }
        assert_eq!(page.contains("← previous"), k > 0, "{link}");
    }
    assert!(index.contains("id=\"stats\""));
    assert!(
        index.contains("Trần Văn Bình"),
        "top surfaces in the statistics"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn one_document_is_one_file_and_several_need_a_directory() {
    let dir = temp_dir("one");
    let line = fs::read_to_string(root().join("fixtures/html/view.jsonl")).unwrap();
    let first = line.lines().next().unwrap();
    let one = dir.join("one.jsonl");
    fs::write(&one, format!("{first}\n")).unwrap();
    let page = dir.join("one.html");
    let out = export(&[one.to_str().unwrap(), "-o", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches(" data-label=\"").count(), 12);
    assert!(!html.contains("<nav>"), "a page alone links nowhere");
    // Standard output, for one document.
    let out = export(&[one.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), html);
    // Several documents to a file: refused, nothing written.
    let many = dir.join("many.html");
    let out = export(&["fixtures/html/view.jsonl", "-o", many.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("more than one document: give a directory with -o DIR"));
    assert!(!many.exists());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn html_is_written_only() {
    let out = vietag(
        &["import", "--from", "html", "fixtures/html/view.jsonl"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("html is an output format only"),
        "{}",
        stderr(&out)
    );
    assert_eq!("html".parse::<Format>(), Ok(Format::Html));
    let read = read_str(Format::Html, "<p>", &FormatOptions::default());
    assert!(read[0]
        .as_ref()
        .unwrap_err()
        .message
        .contains("written only"));
    let out = export(&["--compare", "fixtures/html/pred.jsonl"]);
    assert_eq!(out.status.code(), Some(2), "--compare needs GOLD");
    let out = vietag(
        &[
            "export",
            "--to",
            "conll",
            "--compare",
            "fixtures/html/pred.jsonl",
            "fixtures/html/gold.jsonl",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("use it with --to html"));
}

#[test]
fn comparison_pages_mark_the_categories_of_eval() {
    let dir = temp_dir("compare");
    let out = export(&[
        "--compare",
        "fixtures/html/pred.jsonl",
        "fixtures/html/gold.jsonl",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 predicted document(s) are not in"));
    let page = fs::read_to_string(dir.join("doc/so-sanh-1.html")).unwrap();
    let count = |c: &str| page.matches(&format!("data-category=\"{c}\"")).count();
    // Elements: a pair has two (gold and predicted), missed and spurious one.
    assert_eq!(count("correct"), 4);
    assert_eq!(count("wrong label"), 2);
    assert_eq!(count("wrong boundary"), 2);
    assert_eq!(count("wrong label+boundary"), 2);
    assert_eq!(count("missed"), 2);
    assert_eq!(count("spurious"), 1);
    let index = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains("id=\"scores\""));
    assert!(index.contains("no prediction"), "so-sanh-2 has none");
    // The same numbers as vietag eval: 2 of 7 gold spans strictly right.
    let eval = vietag(
        &[
            "eval",
            "--format",
            "json",
            "fixtures/html/gold.jsonl",
            "fixtures/html/pred.jsonl",
        ],
        None,
    );
    let report: Value = serde_json::from_slice(&eval.stdout).unwrap();
    assert_eq!(report["strict"]["micro"]["tp"], 2);
    assert!(index.contains(&format!(
        "<td>all (micro)</td><td class=\"n\">{}</td>",
        report["strict"]["micro"]["gold"]
    )));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn any_importable_input() {
    let dir = temp_dir("conll");
    let conll = dir.join("view.conll");
    let out = vietag(
        &[
            "export",
            "--to",
            "conll",
            "--layer",
            "flat",
            "fixtures/html/view.jsonl",
            "-o",
            conll.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    let view = dir.join("view");
    let out = export(&[
        "--from",
        "conll",
        conll.to_str().unwrap(),
        "-o",
        view.to_str().unwrap(),
    ]);
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    let index = fs::read_to_string(view.join("index.html")).unwrap();
    assert!(!row_links(&index).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

/// A document of our own words: a name, an office, a place, a date and a
/// number, varied by `n`; every tenth has a long id, and some a label
/// outside the guide.
fn generated(n: usize) -> Value {
    const FAMILY: [&str; 6] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"];
    const GIVEN: [&str; 5] = ["Văn An", "Thị Bích", "Minh Châu", "Quốc Dũng", "Thu Hà"];
    const PLACE: [&str; 4] = ["Cần Thơ", "Đà Nẵng", "Huế", "Quy Nhơn"];
    let name = format!("{} {}", FAMILY[n % 6], GIVEN[n % 5]);
    let place = PLACE[n % 4];
    let count = 10 + n % 90;
    let text = format!(
        "Sáng ngày {}/{}, ông {name} đến {place} và gặp {count} hộ dân.\r\nÔng {name} nói: «<b>Cảm ơn</b> bà con»",
        1 + n % 28,
        1 + n % 12
    );
    let at = |s: &str| {
        let byte = text.find(s).unwrap();
        let start = text[..byte].chars().count();
        (start, start + s.chars().count())
    };
    let date = format!("{}/{}", 1 + n % 28, 1 + n % 12);
    let mut entities = Vec::new();
    for (surface, label) in [
        (date.as_str(), "DATE"),
        (name.as_str(), "PER"),
        (place, "LOC"),
        (&format!("{count} hộ dân")[..], "QUANTITY"),
    ] {
        let (s, e) = at(surface);
        entities.push(json!({"start": s, "end": e, "label": label, "text": surface}));
    }
    if n % 7 == 0 {
        let (s, e) = at("bà con");
        entities.push(
            json!({"start": s, "end": e, "label": format!("NHÃN-{}", n % 50), "text": "bà con"}),
        );
    }
    let id = if n % 10 == 0 {
        format!("{n}-{}", "tin-dai/<b>&\"".repeat(30))
    } else {
        format!("tin-{n}")
    };
    json!({"id": id, "text": text, "entities": entities})
}

#[test]
fn ten_thousand_documents_make_index_pages_under_2_mb() {
    let dir = temp_dir("10k");
    let input = dir.join("corpus.jsonl");
    let mut lines = String::new();
    for n in 0..10_000 {
        lines.push_str(&generated(n).to_string());
        lines.push('\n');
    }
    fs::write(&input, lines).unwrap();
    let view = dir.join("view");
    let out = export(&[input.to_str().unwrap(), "-o", view.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut pages: Vec<(String, u64)> = fs::read_dir(&view)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| {
            let size = e.metadata().unwrap().len();
            (e.file_name().to_string_lossy().into_owned(), size)
        })
        .collect();
    pages.sort_by_key(|(name, _)| {
        name.trim_start_matches("index-")
            .trim_end_matches(".html")
            .parse::<usize>()
            .unwrap_or(1)
    });
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    let expected: Vec<String> = std::iter::once("index.html".to_string())
        .chain((2..=10).map(|k| format!("index-{k}.html")))
        .collect();
    assert_eq!(names, expected);
    for (name, size) in &pages {
        assert!(*size < 2 * 1024 * 1024, "{name}: {size} bytes");
        let html = fs::read_to_string(view.join(name)).unwrap();
        assert_eq!(row_links(&html).len(), 1000, "{name}");
    }
    assert_eq!(fs::read_dir(view.join("doc")).unwrap().count(), 10_000);
    let first = fs::read_to_string(view.join("index.html")).unwrap();
    assert!(first.contains("id=\"stats\"") && first.contains("NHÃN-"));
    let _ = fs::remove_dir_all(&dir);
}
