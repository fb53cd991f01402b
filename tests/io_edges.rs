//! The edges of input and output, run on the real binary: compressed and
//! almost-right inputs, ids that stay what they were, directory walks that
//! end, outputs that are replaced only by complete ones, and closed
//! streams.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{root, vietag};

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vietag-io-edges-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ids(out: &Output) -> Vec<Value> {
    records(out).iter().map(|r| r["id"].clone()).collect()
}

/// Runs vietag with stdin closed, stdout and stderr captured, and kills it
/// when it runs longer than `limit` (a hang is a failure, not a stuck CI).
fn vietag_within(args: &[&str], limit: Duration) -> Output {
    let mut child = spawn(args, Stdio::piped());
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "vietag {args:?} did not finish within {limit:?}; stderr: {}",
                stderr(&out)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn(args: &[&str], err: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_vietag"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(err)
        .spawn()
        .expect("the vietag binary runs")
}

// ---- 9.6, 10.6: records keep their identity ----

#[test]
fn error_records_carry_the_records_own_id() {
    let out = vietag(
        &["annotate", "--jsonl", "--id-field", "doc", "-"],
        Some(b"{\"doc\": \"x1\", \"text\": \"H\xc3\xa0 N\xe1\xbb\x99i\"}\n{\"doc\": \"x2\"}\n"),
    );
    let recs = records(&out);
    assert_eq!(recs[1]["id"], "x2", "{recs:?}");
    assert_eq!(recs[1]["error"]["kind"], "missing_text");
    let out = vietag(
        &["annotate", "--jsonl", "-"],
        Some(br#"{"id":"x","text":123}"#),
    );
    assert_eq!(ids(&out), ["x"]);
}

#[test]
fn numeric_ids_come_out_exactly_as_written() {
    let input = "{\"id\": 18446744073709551616, \"text\": \"a\"}\n\
                 {\"id\": 18446744073709551617, \"text\": \"b\"}\n\
                 {\"id\": -0, \"text\": \"c\"}\n\
                 {\"id\": 1.50, \"text\": \"d\"}\n";
    let out = vietag(&["annotate", "--jsonl", "-"], Some(input.as_bytes()));
    let text = String::from_utf8(out.stdout).unwrap();
    let written: Vec<&str> = text
        .lines()
        .map(|l| {
            let rest = l.strip_prefix("{\"id\":").unwrap();
            &rest[..rest.find(',').unwrap()]
        })
        .collect();
    assert_eq!(
        written,
        ["18446744073709551616", "18446744073709551617", "-0", "1.50"]
    );
}

#[test]
fn a_byte_order_mark_before_json_lines_is_skipped() {
    let out = vietag(
        &["annotate", "--jsonl", "-"],
        Some(b"\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"x\"}\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(ids(&out), ["a"]);
}

#[test]
fn with_several_inputs_every_record_without_id_gets_path_and_line() {
    let d = scratch("many");
    let (a, b) = (d.join("a.jsonl"), d.join("b.jsonl"));
    std::fs::write(&a, "{\"text\": \"x\"}\n").unwrap();
    std::fs::write(&b, "{\"text\": \"y\"}\n{\"id\": 7, \"text\": \"z\"}\n").unwrap();
    let out = vietag(&["annotate", "--jsonl", s(&a), s(&b)], None);
    assert_eq!(
        ids(&out),
        [
            Value::from(format!("{}:1", s(&a))),
            Value::from(format!("{}:1", s(&b))),
            Value::from(7)
        ]
    );
}

#[test]
fn keep_fields_copies_fields_of_the_input_record() {
    let input = r#"{"id": "a", "url": "http://x", "date": "2020-01-02", "n": 18446744073709551617, "text": "Hà Nội", "entities": []}
{"id": "b", "date": "2021", "body": 1}"#;
    let out = vietag(
        &["annotate", "--jsonl", "--keep-fields", "url,date", "-"],
        Some(input.as_bytes()),
    );
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        text.starts_with(r#"{"id":"a","url":"http://x","date":"2020-01-02","entities":"#),
        "{text}"
    );
    let recs = records(&out);
    assert_eq!(recs[1]["date"], "2021", "an error record keeps them too");
    assert!(recs[1]["error"].is_object());
    assert!(recs[1].get("url").is_none());
    let all = vietag(
        &["annotate", "--jsonl", "--keep-fields", "all", "-"],
        Some(input.as_bytes()),
    );
    let text = String::from_utf8(all.stdout).unwrap();
    assert!(
        text.starts_with(
            r#"{"id":"a","url":"http://x","date":"2020-01-02","n":18446744073709551617,"entities":[{"#
        ),
        "all keeps every field but id, text and the output's own keys: {text}"
    );
    let bad = vietag(
        &["annotate", "--jsonl", "--keep-fields", "url,claims", "-"],
        Some(b""),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("\"claims\" is a key of the output record"));
}

// ---- 9.7: almost-right inputs ----

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn xz(bytes: &[u8]) -> Vec<u8> {
    let mut e = liblzma::write::XzEncoder::new(Vec::new(), 1);
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zst(bytes: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(bytes, 1).unwrap()
}

const JSONL: &str = "{\"id\": \"a\", \"text\": \"Ông Hà Anh Dũng về Đồng Xoài.\"}\n{\"id\": \"b\", \"text\": \"Bộ Chính trị họp.\"}\n";

#[test]
fn compressed_inputs_are_read_directly_whatever_their_name() {
    let d = scratch("compressed");
    let plain = vietag(&["annotate", "--jsonl", "-"], Some(JSONL.as_bytes()));
    assert_eq!(plain.status.code(), Some(0));
    type Compress = fn(&[u8]) -> Vec<u8>;
    let cases: [(&str, Compress); 4] = [
        ("c.jsonl.gz", gzip),
        ("c.jsonl.xz", xz),
        ("c.jsonl.zst", zst),
        ("no-extension.bin", gzip),
    ];
    for (name, compress) in cases {
        let p = d.join(name);
        std::fs::write(&p, compress(JSONL.as_bytes())).unwrap();
        let out = vietag(&["annotate", "--jsonl", s(&p)], None);
        assert_eq!(out.stdout, plain.stdout, "{name}: {}", stderr(&out));
    }
    let piped = vietag(&["annotate", "--jsonl", "-"], Some(&xz(JSONL.as_bytes())));
    assert_eq!(piped.stdout, plain.stdout, "compressed standard input");
    let text = d.join("doc.txt.zst");
    std::fs::write(&text, zst("Bộ Chính trị họp.".as_bytes())).unwrap();
    let out = vietag(&["annotate", s(&text)], None);
    assert_eq!(records(&out)[0]["entities"][0]["text"], "Bộ Chính trị");
    // The other readers open inputs the same way.
    let gold = std::fs::read(root().join("fixtures/formats/news.jsonl")).unwrap();
    let gz = d.join("gold.jsonl.gz");
    std::fs::write(&gz, gzip(&gold)).unwrap();
    let from_plain = vietag(
        &["export", "--to", "conll", "fixtures/formats/news.jsonl"],
        None,
    );
    let from_gz = vietag(&["export", "--to", "conll", s(&gz)], None);
    assert_eq!(from_gz.status.code(), Some(0), "{}", stderr(&from_gz));
    assert_eq!(from_gz.stdout, from_plain.stdout);
    let lint = vietag(&["lint", s(&gz)], None);
    assert!(
        stderr(&lint).contains("in 6 document(s)"),
        "{}",
        stderr(&lint)
    );
}

#[test]
fn damaged_compressed_input_is_an_error_record_naming_the_file() {
    let d = scratch("damaged");
    let bytes = gzip(JSONL.repeat(200).as_bytes());
    let p = d.join("cut.jsonl.gz");
    std::fs::write(&p, &bytes[..bytes.len() / 2]).unwrap();
    let out = vietag(&["annotate", "--jsonl", s(&p)], None);
    assert_eq!(out.status.code(), Some(1));
    let last = records(&out).pop().unwrap();
    assert_eq!(last["error"]["kind"], "io");
    let msg = last["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("cut.jsonl.gz") && msg.contains("gzip data is damaged"),
        "{msg}"
    );
}

#[test]
fn a_jsonl_file_without_the_flag_is_read_as_json_lines_with_a_note() {
    let d = scratch("sniff");
    let named = d.join("corpus.jsonl");
    std::fs::write(&named, JSONL).unwrap();
    let out = vietag(&["annotate", s(&named)], None);
    assert_eq!(ids(&out), ["a", "b"]);
    assert!(
        stderr(&out).contains("read as JSON Lines"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("--text"),
        "the note says how to change it"
    );
    let in_disguise = d.join("corpus.txt");
    std::fs::write(&in_disguise, JSONL).unwrap();
    let out = vietag(&["annotate", s(&in_disguise)], None);
    assert_eq!(ids(&out), ["a", "b"]);
    assert!(stderr(&out).contains("every line is a JSON object"));
    let as_text = vietag(&["annotate", "--text", s(&named)], None);
    assert_eq!(ids(&as_text), [Value::from(s(&named))]);
    assert!(stderr(&as_text).is_empty(), "{}", stderr(&as_text));
    let quiet = vietag(&["annotate", "--jsonl", s(&named)], None);
    assert!(stderr(&quiet).is_empty());
}

#[test]
fn zero_threads_batch_size_or_size_limit_are_usage_errors() {
    for args in [
        ["--threads", "0"],
        ["--batch-size", "0"],
        ["--max-doc-size", "0"],
        ["--max-doc-size", "12X"],
    ] {
        let out = vietag(
            &["annotate", args[0], args[1], "fixtures/news/dang-bo-xa.txt"],
            None,
        );
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_size_limit_is_a_flag_with_units() {
    let d = scratch("limit");
    let p = d.join("big.txt");
    // 1,650 bytes: over 1K, under 2K.
    std::fs::write(&p, "Hà Nội. ".repeat(150)).unwrap();
    let out = vietag(&["annotate", "--max-doc-size", "1K", s(&p)], None);
    let rec = &records(&out)[0];
    assert_eq!(rec["error"]["kind"], "too_large");
    assert!(rec["error"]["message"]
        .as_str()
        .unwrap()
        .contains("limit of 1024 bytes"));
    let out = vietag(&["annotate", "--max-doc-size", "2KiB", s(&p)], None);
    assert!(records(&out)[0]["entities"].is_array());
}

#[test]
fn threads_beyond_the_cores_are_not_started() {
    let out = vietag_within(
        &[
            "annotate",
            "--threads",
            "100000",
            "fixtures/news/dang-bo-xa.txt",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("--threads 100000: using"),
        "a note says so: {err}"
    );
}

// ---- 9.8: docs match the program ----

#[test]
fn every_file_the_help_names_exists() {
    for args in [&["--help"][..], &["annotate", "--help"]] {
        let help = String::from_utf8(vietag(args, None).stdout).unwrap();
        let named: Vec<&str> = help
            .split_whitespace()
            .filter(|w| w.starts_with("fixtures/"))
            .collect();
        assert!(!named.is_empty(), "{args:?} names a fixture");
        for f in named {
            assert!(
                root().join(f).exists(),
                "{args:?} names {f}, which does not exist"
            );
        }
    }
}

// ---- 10.3: files are never destroyed ----

#[test]
fn an_output_that_is_an_input_is_refused() {
    let d = scratch("same");
    let input = d.join("s.jsonl");
    std::fs::write(&input, JSONL).unwrap();
    let link = d.join("link.jsonl");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let dotted = format!("{}/./s.jsonl", s(&d));
    for out_name in [s(&input), s(&link), dotted.as_str()] {
        let out = vietag(&["annotate", "--jsonl", s(&input), "-o", out_name], None);
        assert_eq!(out.status.code(), Some(2), "{out_name}");
        assert!(stderr(&out).contains("the output is also an input"));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), JSONL);
    }
    let export = vietag(
        &["export", "--to", "jsonl", s(&input), "-o", s(&link)],
        None,
    );
    assert_eq!(export.status.code(), Some(2));
    let lint = vietag(&["lint", "--fix", s(&input), "-o", s(&link)], None);
    assert_eq!(lint.status.code(), Some(2));
    assert!(stderr(&lint).contains("--in-place"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), JSONL);
}

/// Input big enough that annotating it takes a while.
fn big_input(dir: &Path) -> PathBuf {
    let p = dir.join("big.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    for i in 0..60_000 {
        writeln!(
            f,
            "{{\"id\": {i}, \"text\": \"Ông Hà Anh Dũng, Bí thư Tỉnh ủy Bình Phước, về Đồng Xoài ngày 5/6/2021; 31/36 chi bộ đạt 86,1%.\"}}"
        )
        .unwrap();
    }
    f.flush().unwrap();
    p
}

fn temp_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".vietag-tmp-"))
        .collect();
    v.sort();
    v
}

/// Starts `annotate big -o old` and waits until its temporary file has data.
fn start_and_wait_for_temp(dir: &Path, input: &Path, old: &Path) -> Child {
    let child = spawn(
        &[
            "annotate",
            "--batch-size",
            "256",
            "--jsonl",
            s(input),
            "-o",
            s(old),
        ],
        Stdio::null(),
    );
    let temp = dir.join(format!(".old.jsonl.vietag-tmp-{}", child.id()));
    let start = Instant::now();
    while std::fs::metadata(&temp).map_or(0, |m| m.len()) == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file {}",
            temp.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

#[test]
fn a_killed_run_leaves_the_old_output_as_it_was() {
    let d = scratch("kill");
    let input = big_input(&d);
    let old = d.join("old.jsonl");
    std::fs::write(&old, "the old output\n").unwrap();
    let mut child = start_and_wait_for_temp(&d, &input, &old);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "the old output\n");
    assert_eq!(
        temp_files(&d),
        [format!(".old.jsonl.vietag-tmp-{}", child.id())],
        "after SIGKILL the temporary file stays, under a recognisable name"
    );
}

#[test]
fn an_interrupted_run_removes_its_temporary_file() {
    let d = scratch("term");
    let input = big_input(&d);
    let old = d.join("old.jsonl");
    std::fs::write(&old, "the old output\n").unwrap();
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let mut child = start_and_wait_for_temp(&d, &input, &old);
        // SAFETY: sending a signal to our own child process.
        assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "signal {signal}");
        assert_eq!(std::fs::read_to_string(&old).unwrap(), "the old output\n");
        assert!(temp_files(&d).is_empty(), "{:?}", temp_files(&d));
    }
}

#[test]
fn a_full_disk_leaves_the_old_output_and_says_which_file() {
    let d = scratch("full");
    let old = d.join("old.jsonl");
    std::fs::write(&old, "the old output\n").unwrap();
    let input = big_input(&d);
    // A file size limit makes writes fail as a full disk would (EFBIG,
    // with SIGXFSZ ignored).
    let script = format!(
        "trap '' XFSZ; ulimit -f 64; exec '{}' annotate --batch-size 256 --jsonl '{}' -o '{}'",
        env!("CARGO_BIN_EXE_vietag"),
        s(&input),
        s(&old)
    );
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cannot write {}", s(&old))) && err.contains("was left as it was"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "the old output\n");
    assert!(temp_files(&d).is_empty(), "{:?}", temp_files(&d));
}

#[test]
fn writing_through_a_symlink_writes_its_target() {
    let d = scratch("symlink-out");
    let gold = d.join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"id\": \"a\", \"text\": \"Ông Hà Anh Dũng về.\", \"entities\": [{\"start\": 3, \"end\": 16, \"label\": \"PER\"}]}\n",
    )
    .unwrap();
    let target = d.join("fixed.jsonl");
    std::fs::write(&target, "old\n").unwrap();
    let link = d.join("link.jsonl");
    std::os::unix::fs::symlink("fixed.jsonl", &link).unwrap();
    let out = vietag(&["lint", "--fix", s(&gold), "-o", s(&link)], None);
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let fixed = std::fs::read_to_string(&target).unwrap();
    assert!(
        fixed.contains("\"start\":4"),
        "the span was trimmed: {fixed}"
    );
    let ann = vietag(&["annotate", s(&gold), "--text", "-o", s(&link)], None);
    assert_eq!(ann.status.code(), Some(0));
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("\"entities\""));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn export_and_import_replace_their_output_whole() {
    let d = scratch("export-out");
    let out_file = d.join("gold.conll");
    std::fs::write(&out_file, "old\n").unwrap();
    let out = vietag(
        &[
            "export",
            "--to",
            "conll",
            "fixtures/formats/news.jsonl",
            "-o",
            s(&out_file),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let conll = std::fs::read_to_string(&out_file).unwrap();
    assert!(conll.contains("B-"), "{conll}");
    let back = d.join("back.jsonl");
    let out = vietag(
        &["import", "--from", "conll", s(&out_file), "-o", s(&back)],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&back)
        .unwrap()
        .contains("\"entities\""));
    assert!(temp_files(&d).is_empty());
}

// ---- 10.4: directory walks that end ----

#[test]
fn symlink_loops_end_and_links_are_followed_only_when_asked() {
    let d = scratch("loops");
    std::fs::write(d.join("a.txt"), "Hà Nội").unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("sub/b.txt"), "Huế").unwrap();
    std::os::unix::fs::symlink(".", d.join("l1")).unwrap();
    std::os::unix::fs::symlink("..", d.join("sub/l2")).unwrap();
    let limit = Duration::from_secs(60);
    let plain = vietag_within(&["annotate", s(&d)], limit);
    let want: Vec<Value> = ["a.txt", "sub/b.txt"]
        .iter()
        .map(|f| Value::from(s(&d.join(f))))
        .collect();
    assert_eq!(ids(&plain), want);
    let followed = vietag_within(&["annotate", "--follow", s(&d)], limit);
    assert_eq!(ids(&followed), want, "each file once");
    assert!(
        stderr(&followed).contains("not followed"),
        "{}",
        stderr(&followed)
    );
}

#[test]
fn a_fifo_in_a_directory_gets_an_error_record_in_path_order() {
    let d = scratch("fifo");
    std::fs::write(d.join("a.txt"), "Hà Nội").unwrap();
    let fifo = d.join("b.txt");
    let c = std::ffi::CString::new(s(&fifo)).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    std::fs::write(d.join("c.txt"), "Huế").unwrap();
    std::fs::create_dir(d.join("d")).unwrap();
    std::fs::write(d.join("d/e.txt"), "Vinh").unwrap();
    let out = vietag_within(&["annotate", s(&d)], Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out);
    let got: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let want: Vec<String> = ["a.txt", "b.txt", "c.txt", "d/e.txt"]
        .iter()
        .map(|f| s(&d.join(f)).to_string())
        .collect();
    assert_eq!(got, want);
    assert_eq!(recs[1]["error"]["kind"], "io");
    assert!(recs[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("FIFO"));
}

#[test]
fn jsonl_directories_read_jsonl_files_and_empty_ones_are_a_clear_error() {
    let d = scratch("jsonl-dir");
    std::fs::write(d.join("a.jsonl"), "{\"id\": \"a\", \"text\": \"x\"}\n").unwrap();
    std::fs::write(
        d.join("b.jsonl.gz"),
        gzip(b"{\"id\": \"b\", \"text\": \"y\"}\n"),
    )
    .unwrap();
    std::fs::write(d.join("notes.txt"), "not read with --jsonl").unwrap();
    let out = vietag(&["annotate", "--jsonl", s(&d)], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(ids(&out), ["a", "b"]);
    let empty = scratch("empty-dir");
    std::fs::write(empty.join("a.jsonl"), "{}\n").unwrap();
    let out = vietag(&["annotate", s(&empty)], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("no *.txt file") && err.contains("--jsonl"),
        "{err}"
    );
}

// ---- 10.5: broken pipes and closed streams ----

/// Runs vietag with its standard error a pipe whose reading end is already
/// closed, as `2>&1 | head -1` leaves it once head has exited.
fn with_stderr_broken(args: &[&str]) -> Output {
    let mut child = spawn(args, Stdio::piped());
    drop(child.stderr.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stderr_stops_nothing() {
    let d = scratch("stderr");
    let exported = d.join("out.conll");
    let out = with_stderr_broken(&["annotate", "fixtures/news"]);
    assert_eq!(out.status.code(), Some(1), "a failed document, no panic");
    assert_eq!(records(&out).len(), 5);
    let out = with_stderr_broken(&[
        "export",
        "--to",
        "conll",
        "fixtures/formats/news.jsonl",
        "-o",
        s(&exported),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&exported).unwrap().contains("B-"));
    let out = with_stderr_broken(&["lint", "fixtures/formats/news.jsonl"]);
    assert!(out.status.code().is_some_and(|c| c < 2), "{:?}", out.status);
}

#[test]
fn write_errors_on_standard_output_are_exit_2() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vietag"))
        .args(["lexicon", "check", "lexicons/core/national_bodies.tsv"])
        .current_dir(root())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write standard output"),
        "{}",
        stderr(&out)
    );
    let out = vietag(
        &[
            "annotate",
            "fixtures/news/dang-bo-xa.txt",
            "-o",
            "/dev/full",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write /dev/full"),
        "{}",
        stderr(&out)
    );
}

/// A document over 1 MiB of text writes its record straight to the output
/// (not through a buffer); the record is the one the library writes, and
/// the documents around it keep their order.
#[test]
fn large_document_streams_the_same_record() {
    let sentence = "Ông Trần Minh Khoa về tỉnh Cà Mau, chi 3,5 tỷ đồng cho 120 hộ dân. ";
    let large = sentence.repeat((1 << 20) / sentence.len() + 10);
    assert!(large.len() > 1 << 20);
    let input: String = ["nhỏ trước: Hà Nội", large.as_str(), "nhỏ sau: Cần Thơ"]
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{}\n", serde_json::json!({"id": i, "text": t})))
        .collect();
    let out = vietag(&["annotate", "--jsonl", "-"], Some(input.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    let annotator = vietag::Annotator::new().unwrap();
    let ann = annotator.annotate(&large);
    assert!(ann.entities.len() > 10_000, "{}", ann.entities.len());
    let mut expected = Vec::new();
    // The default: code points, no text, no encoding field.
    let opts = vietag::formats::jsonl::OutputOptions::default();
    ann.write_json(&mut expected, &Value::from(1), &large, opts);
    assert_eq!(lines[1].as_bytes(), expected.strip_suffix(b"\n").unwrap());
    let first: Value = serde_json::from_str(lines[0]).unwrap();
    let last: Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(
        (first["id"].clone(), last["id"].clone()),
        (Value::from(0), Value::from(2))
    );
}
