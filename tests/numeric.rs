//! Numeric claims through the public API: PERCENT, MONEY and QUANTITY spans
//! with their values, the claims layer and the consistency findings.
//!
//! Every sentence here is written for these tests in the style of local
//! Party and government news; none is taken from a corpus.

use std::sync::OnceLock;

use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;
use vietag::{Annotation, Annotator, AnnotatorBuilder, Label};

fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(|| Annotator::new().expect("default lexicons build"))
}

fn is_numeric(l: Label) -> bool {
    matches!(l, Label::Percent | Label::Money | Label::Quantity)
}

/// (label, text, value) of the numeric spans of `text`, checking offsets.
fn numeric(text: &str) -> Vec<(Label, String, f64)> {
    let ann = annotator().annotate(text);
    ann.entities
        .iter()
        .filter(|e| is_numeric(e.label))
        .map(|e| {
            assert_eq!(e.text(text), &text[e.start..e.end]);
            let v = e
                .attrs
                .numeric()
                .unwrap_or_else(|| panic!("{} has numeric attributes", e.text(text)))
                .value;
            (e.label, e.text(text).to_string(), v)
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// (label, text, value) of one expected span.
type Span<'a> = (Label, &'a str, f64);

fn assert_spans(text: &str, want: &[Span<'_>]) {
    let got = numeric(text);
    assert_eq!(got.len(), want.len(), "{text}: {got:?}");
    for ((l, t, v), (wl, wt, wv)) in got.iter().zip(want) {
        assert_eq!((l, t.as_str()), (wl, *wt), "{text}");
        assert!(close(*v, *wv), "{text}: {t}: {v} != {wv}");
    }
}

use Label::{Money as M, Percent as P, Quantity as Q};

#[test]
fn number_forms() {
    let cases: &[(&str, &[Span<'_>])] = &[
        (
            "Toàn Đảng bộ có 4.100 đảng viên.",
            &[(Q, "4.100 đảng viên", 4100.0)],
        ),
        (
            "Huyện có 1.234.567 lượt khách.",
            &[(Q, "1.234.567 lượt khách", 1_234_567.0)],
        ),
        ("Tỷ lệ bao phủ đạt 58,9%.", &[(P, "58,9%", 58.9)]),
        ("Chi bộ có 05 đảng viên.", &[(Q, "05 đảng viên", 5.0)]),
        (
            "Xã có hai mươi lăm tổ dân phố và một trăm linh năm hộ.",
            &[
                (Q, "hai mươi lăm tổ dân phố", 25.0),
                (Q, "một trăm linh năm hộ", 105.0),
            ],
        ),
        (
            "Quỹ vận động được 1,5 triệu đồng, rồi 3 tỷ 200 triệu đồng.",
            &[
                (M, "1,5 triệu đồng", 1_500_000.0),
                (M, "3 tỷ 200 triệu đồng", 3_200_000_000.0),
            ],
        ),
        (
            "Dự án vay 2,5 triệu USD và 12 nghìn tỷ đồng.",
            &[
                (M, "2,5 triệu USD", 2_500_000.0),
                (M, "12 nghìn tỷ đồng", 12e12),
            ],
        ),
        (
            "Ba năm qua, xã đón mười lăm đoàn khách.",
            &[(Q, "Ba năm", 3.0), (Q, "mười lăm đoàn", 15.0)],
        ),
        (
            "Thu nhập đạt 62,5 triệu đồng/người/năm.",
            &[(M, "62,5 triệu đồng/người/năm", 62_500_000.0)],
        ),
        (
            "Mỗi tổ từ 10 đến 15 hộ, trẻ 6-14 tuổi, tăng 20 đến 25%.",
            &[
                (Q, "10 đến 15 hộ", 10.0),
                (Q, "6-14 tuổi", 6.0),
                (P, "20 đến 25%", 20.0),
            ],
        ),
        (
            "Có 42/45 tổ chức cơ sở đảng và 9 trên 10 chi bộ đạt chuẩn.",
            &[
                (Q, "42/45 tổ chức cơ sở đảng", 42.0),
                (Q, "9 trên 10 chi bộ", 9.0),
            ],
        ),
        (
            "Công trình thi công trong 18 tháng, kéo dài 2 năm rưỡi.",
            &[(Q, "18 tháng", 18.0), (Q, "2 năm rưỡi", 2.5)],
        ),
    ];
    for (text, want) in cases {
        assert_spans(text, want);
    }
}

#[test]
fn ranges_carry_max_and_ratios_total() {
    let text = "Mức hỗ trợ 2-3 triệu đồng cho 31/36 TCCS đảng.";
    let ann = annotator().annotate(text);
    assert_eq!(ann.attrs_json(0, text)["max"], json!(3_000_000));
    let ratio = &ann.entities[1];
    assert_eq!(ratio.text(text), "31/36 TCCS đảng");
    assert_eq!(ratio.attrs.numeric().unwrap().total, Some(36.0));
    assert_eq!(ann.attrs_json(1, text)["total"], json!(36));
    assert_eq!(ann.attrs_json(1, text)["unit"], json!("tổ chức cơ sở đảng"));
}

#[test]
fn every_qualifier_sets_op() {
    let qualifiers = [
        ("hơn", ">"),
        ("trên", ">"),
        ("vượt", ">"),
        ("gần", "<"),
        ("dưới", "<"),
        ("chưa đến", "<"),
        ("khoảng", "~"),
        ("chừng", "~"),
        ("xấp xỉ", "~"),
        ("gần như", "~"),
        ("ít nhất", ">="),
        ("tối thiểu", ">="),
        ("không quá", "<="),
        ("tối đa", "<="),
    ];
    for (q, op) in qualifiers {
        for (unit, label) in [("%", P), (" đảng viên", Q), (" triệu đồng", M)] {
            let text = format!("Năm nay chi bộ đạt {q} 30{unit} theo báo cáo.");
            let ann = annotator().annotate(&text);
            let i = ann
                .entities
                .iter()
                .position(|e| e.label == label)
                .unwrap_or_else(|| panic!("{text}: no {label}"));
            let e = &ann.entities[i];
            assert_eq!(e.text(&text), format!("{q} 30{unit}"), "{text}");
            assert_eq!(ann.attrs_json(i, &text)["op"], json!(op), "{text}");
        }
    }
    // "từ … trở lên" is >=, outside the span.
    let text = "Có 95% đảng viên đạt từ 80% trở lên.";
    let ann = annotator().annotate(text);
    assert_eq!(ann.entities[1].text(text), "80%");
    assert_eq!(ann.attrs_json(1, text)["op"], json!(">="));
    // "tới", "lên tới", "đến" are no qualifiers.
    assert_spans(
        "Có tới 40 hộ, lên tới 12%, đến 3 tỷ đồng.",
        &[(Q, "40 hộ", 40.0), (P, "12%", 12.0), (M, "3 tỷ đồng", 3e9)],
    );
}

#[test]
fn non_claims_are_not_annotated() {
    let texts = [
        "Ngày 14/8, Đảng ủy họp; năm 2021 là năm bản lề của nhiệm kỳ 2020-2025.",
        "Giai đoạn 2021 - 2025, Chi bộ ấp 4 và phường 3 đều được khen.",
        "Bài 1: Đại hội lần thứ 2, khóa XIII, kỳ họp thứ 5.",
        "Căn cứ Chỉ thị số 05-CT/TW và Quyết định 1234/QĐ-UBND.",
        "Điện thoại: 0271.3879.736 - 0913 456 789.",
        "Trụ sở tại số 27 đường 30/4, khu phố 2.",
        "Vào thứ 2 hằng tuần, lúc 7 giờ sáng; Lượt xem: 315.",
        "Hội nghị lần thứ 15 Ban Chấp hành; quận Hai Bà Trưng.",
        "Một cán bộ trẻ và một đảng viên lâu năm phát biểu.",
        "Những năm tháng gian khó, hàng năm Bộ Tài chính kiểm tra.",
        "Phong trào Chi bộ 5 tốt, giai đoạn 2 của dự án.",
        "Xem tại baobinhphuoc.com.vn/news/32/142636 trang 2.",
    ];
    for t in texts {
        assert_eq!(numeric(t), vec![], "{t}");
    }
}

/// The claim of the entity whose text is `mention`, as JSON.
fn claim(ann: &Annotation, text: &str, mention: &str) -> Value {
    let c = ann
        .claims
        .iter()
        .find(|c| ann.entities[c.entity].text(text) == mention)
        .unwrap_or_else(|| panic!("no claim for {mention}"));
    c.to_json()
}

fn entity_index(ann: &Annotation, text: &str, mention: &str) -> Value {
    json!(ann
        .entities
        .iter()
        .position(|e| e.text(text) == mention)
        .unwrap_or_else(|| panic!("no entity {mention}")))
}

#[test]
fn claims_read_metric_trend_part_and_time() {
    // A DATE entity from a user lexicon, standing in for the date tagger.
    let annotator = AnnotatorBuilder::new()
        .lexicon_str(
            "dates.tsv",
            "surface\tlabel\tid\tattrs\nnăm 2023\tDATE\t\t\n",
        )
        .build()
        .expect("builds");
    let text = "Trong năm 2023, tỷ lệ hộ nghèo của xã giảm còn 1,8%; \
                thu nhập bình quân đầu người đạt 64 triệu đồng/năm. \
                Toàn xã có 20/22 chi bộ (chiếm 90,9%) hoàn thành tốt nhiệm vụ.";
    let ann = annotator.annotate(text);
    let poverty = claim(&ann, text, "1,8%");
    assert_eq!(poverty["metric"], "tỷ lệ hộ nghèo của xã");
    assert_eq!(poverty["trend"], "giảm");
    assert_eq!(poverty["change"], "to");
    assert_eq!(poverty["basis"], "share");
    assert_eq!(poverty["time"], entity_index(&ann, text, "năm 2023"));
    let income = claim(&ann, text, "64 triệu đồng/năm");
    assert_eq!(income["metric"], "thu nhập bình quân đầu người");
    assert_eq!(income["unit"], "VND");
    assert_eq!(income["per"], "năm");
    assert_eq!(income["value"], json!(64_000_000));
    let share = claim(&ann, text, "90,9%");
    assert_eq!(share["part"], entity_index(&ann, text, "20/22 chi bộ"));
    assert_eq!(share["total"], json!(22));
    assert_eq!(share["trend"], "chiếm");
    assert!(share["checked"]
        .as_array()
        .is_some_and(|a| a.contains(&json!("ratio"))));
    assert!(
        share.get("time").is_none(),
        "the date is in another sentence"
    );
    assert_eq!(ann.findings, vec![]);
}

/// (code, severity, texts of the entities involved) of each finding.
fn findings(text: &str) -> Vec<(String, String, Vec<String>)> {
    let ann = annotator().annotate(text);
    ann.findings
        .iter()
        .map(|f| {
            let j = f.to_json();
            (
                j["code"].as_str().unwrap_or("").to_string(),
                j["severity"].as_str().unwrap_or("").to_string(),
                f.entities
                    .iter()
                    .map(|&e| ann.entities[e].text(text).to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn consistent_claims_have_no_findings() {
    for text in [
        "Có 31/36 TCCS đảng (chiếm 86,1%) được xếp loại hoàn thành tốt nhiệm vụ.",
        "Đảng bộ có 52 chi bộ, trong đó 30 chi bộ nông thôn và 22 chi bộ cơ quan.",
        "Chi bộ có 18 đảng viên, chiếm 60% trên tổng số 30 đảng viên của ấp.",
        "Năm 2023 kết nạp 130 đảng viên, đạt 104% chỉ tiêu.",
        "Có 90% đảng viên hoàn thành tốt nhiệm vụ, trong đó 15% đảng viên hoàn thành xuất sắc.",
    ] {
        assert_eq!(findings(text), vec![], "{text}");
    }
}

#[test]
fn inconsistent_claims_are_found() {
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "Có 31/36 TCCS đảng (chiếm 83,3%) được xếp loại hoàn thành tốt nhiệm vụ.",
            "percent_ratio_mismatch",
            "error",
            &["31/36 TCCS đảng", "83,3%"],
        ),
        (
            "Chi bộ có 18 đảng viên, chiếm 65% trên tổng số 30 đảng viên của ấp.",
            "percent_part_total_mismatch",
            "error",
            &["18 đảng viên", "65%", "30 đảng viên"],
        ),
        (
            "Đảng bộ có 52 chi bộ, trong đó 35 chi bộ nông thôn và 22 chi bộ cơ quan.",
            "parts_exceed_total",
            "warning",
            &["52 chi bộ", "35 chi bộ", "22 chi bộ"],
        ),
        (
            "Tỷ lệ hộ dùng nước sạch chiếm 102% số hộ toàn xã.",
            "share_over_100",
            "error",
            &["102%"],
        ),
    ];
    for (text, code, severity, ents) in cases {
        let got = findings(text);
        let want: Vec<String> = ents.iter().map(|s| s.to_string()).collect();
        assert!(
            got.iter()
                .any(|(c, s, e)| c == code && s == severity && *e == want),
            "{text}: want {code} {severity} {want:?}, got {got:?}"
        );
    }
}

#[test]
fn a_planted_inconsistency_in_a_longer_document_is_reported() {
    let honest = "Đảng bộ xã Tân Hòa tổ chức hội nghị tổng kết.\n\
        Toàn Đảng bộ có 24 chi bộ với 612 đảng viên. Trong năm, \
        22/24 chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên (đạt 91,7%); \
        thu nhập bình quân đầu người đạt 57 triệu đồng/năm.\n\
        Bài, ảnh: Thanh Hà";
    assert_eq!(findings(honest), vec![]);
    let planted = honest.replace("91,7%", "95,8%");
    let got = findings(&planted);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "percent_ratio_mismatch");
    assert_eq!(got[0].2, ["22/24 chi bộ", "95,8%"]);
}

#[test]
fn offsets_hold_for_nfd_input() {
    let text: String = "Xã có hơn 1.200 hộ, chiếm 45,5% dân số; thu 2,4 tỷ đồng."
        .nfd()
        .collect();
    let ann = annotator().annotate(&text);
    let spans: Vec<String> = ann
        .entities
        .iter()
        .filter(|e| is_numeric(e.label))
        .map(|e| e.text(&text).nfc().collect())
        .collect();
    assert_eq!(spans, ["hơn 1.200 hộ", "45,5%", "2,4 tỷ đồng"]);
}

#[test]
fn labels_filter_keeps_claims_consistent() {
    let mut labels = vietag::LabelSet::empty();
    labels.insert(Label::Percent);
    let a = AnnotatorBuilder::new()
        .labels(labels)
        .build()
        .expect("builds");
    let text = "Có 31/36 TCCS đảng (chiếm 83,3%).";
    let ann = a.annotate(text);
    // Without QUANTITY there is no ratio to check against.
    assert_eq!(ann.entities.len(), 1);
    assert_eq!(ann.claims.len(), 1);
    assert_eq!(ann.findings, vec![]);
}

#[test]
fn two_syllable_counted_nouns_and_casualties() {
    let got = numeric(
        "Đội bóng thắng 12 trận đấu, mở 4 tài khoản ở 2 ngân hàng và bán 30 chiếc điện thoại.",
    );
    let spans: Vec<&str> = got.iter().map(|(_, s, _)| s.as_str()).collect();
    assert_eq!(
        spans,
        [
            "12 trận đấu",
            "4 tài khoản",
            "2 ngân hàng",
            "30 chiếc điện thoại"
        ]
    );
    // The people counted are "người"; dead or hurt says what befell them.
    let got = numeric("Vụ lật xe làm 5 người chết và 9 người bị thương.");
    let spans: Vec<&str> = got.iter().map(|(_, s, _)| s.as_str()).collect();
    assert_eq!(spans, ["5 người", "9 người"]);
}
