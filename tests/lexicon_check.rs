//! `vietag lexicon check` runs exactly the validation that building the
//! annotator runs: a file it accepts loads in `annotate --lexicon`, a file it
//! refuses fails there with the same messages.

mod common;

use common::{root, vietag};

const HEADER: &str = "surface\tlabel\tid\tattrs\n";

fn write(name: &str, body: &str) -> String {
    let dir = root().join("target").join("lexicon-check-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}{body}")).unwrap();
    path.display().to_string()
}

/// (exit status, stderr) of `lexicon check FILE` and of `annotate --lexicon FILE`.
fn both(file: &str) -> ((i32, String), (i32, String)) {
    let run = |args: &[&str], stdin: Option<&[u8]>| {
        let out = vietag(args, stdin);
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    (
        run(&["lexicon", "check", file], None),
        run(
            &["annotate", "--lexicon", file, "-"],
            Some("Hà Nội".as_bytes()),
        ),
    )
}

#[test]
fn check_and_annotate_agree_on_every_file() {
    let cases = [
        (
            "ok.tsv",
            "hơn hẳn\tnum.qualifier\t\top=>\nPhố Cổ\tLOC\tx.1\tkind=area\n",
            true,
        ),
        ("no-op.tsv", "hơn hẳn\tnum.qualifier\t\t\n", false),
        ("bad-op.tsv", "hơn hẳn\tnum.qualifier\t\top=more\n", false),
        ("typo-class.tsv", "Tân Lập\tloc.admni\t\t\n", false),
        (
            "typo-attr.tsv",
            "cây số\tqty.unit\t\tkind=measure;unti=km\n",
            false,
        ),
        ("bad-number.tsv", "Lò\tper.surname\t\tfreq=many\n", false),
    ];
    for (name, body, valid) in cases {
        let file = write(name, body);
        let ((check_code, check_err), (ann_code, ann_err)) = both(&file);
        assert_eq!(check_code == 0, valid, "{name}: lexicon check: {check_err}");
        assert_eq!(
            ann_code == 0,
            valid,
            "{name}: annotate --lexicon: {ann_err}"
        );
        if !valid {
            let first = check_err.lines().next().unwrap();
            assert!(first.starts_with(&format!("{file}:2: ")), "{first}");
            assert!(ann_err.contains(first), "{name}: {ann_err} lacks {first}");
        }
    }
}

#[test]
fn unknown_classes_get_a_did_you_mean() {
    let file = write(
        "typos.tsv",
        "Tân Lập\tloc.admni\t\t\nLò\tper.surnamee\t\tfreq=1\n",
    );
    let ((code, err), _) = both(&file);
    assert_eq!(code, 2);
    assert!(
        err.contains(":2: unknown class 'loc.admni'; did you mean 'loc.admin'?"),
        "{err}"
    );
    assert!(
        err.contains(":3: unknown class 'per.surnamee'; did you mean 'per.surname'?"),
        "{err}"
    );
}

#[test]
fn classes_lists_the_registry() {
    let out = vietag(&["lexicon", "classes"], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text
        .lines()
        .any(|l| l.starts_with("num.qualifier\tNumeric\t") && l.contains("op!=")));
    assert!(text.lines().count() >= 30);
}
