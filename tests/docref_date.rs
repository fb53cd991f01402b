//! DOCREF and DATE through the public API: spans, attributes and near
//! misses on sentences written for these tests in the style of Party and
//! local government news (none is taken from a corpus).

use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;
use vietag::{Annotator, Label};

fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(|| Annotator::new().expect("default lexicons build"))
}

/// (label, span text, attrs) of the DOCREF and DATE entities of `text`.
fn found(text: &str) -> Vec<(Label, String, serde_json::Map<String, Value>)> {
    let ann = annotator().annotate(text);
    ann.entities
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.label, Label::DocRef | Label::Date))
        .map(|(i, e)| {
            let Value::Object(attrs) = ann.attrs_json(i, text) else {
                panic!("attrs are an object")
            };
            (e.label, e.text(text).to_string(), attrs)
        })
        .collect()
}

fn spans(text: &str, label: Label) -> Vec<String> {
    found(text)
        .into_iter()
        .filter(|(l, _, _)| *l == label)
        .map(|(_, s, _)| s)
        .collect()
}

fn attrs_of(text: &str, span: &str) -> serde_json::Map<String, Value> {
    found(text)
        .into_iter()
        .find(|(_, s, _)| s == span)
        .map(|(_, _, a)| a)
        .unwrap_or_else(|| panic!("no span {span:?} in {text:?}: {:?}", found(text)))
}

#[test]
fn party_and_state_codes_with_canonical_ids() {
    let text = "Ban Thường vụ Huyện ủy đã quán triệt Chỉ thị số 12-CT/TW, Kế hoạch 45-KH/ThU, \
                Đề án 07-ĐA/HU và Hướng dẫn số 21-HD/VPTW; đồng thời triển khai Nghị định \
                15/2023/NĐ-CP, Quyết định số 456/QĐ-TTg, Thông tư 08/2022/TT-BNV và \
                Luật số 55/2020/QH14.";
    let want = [
        ("Chỉ thị số 12-CT/TW", "12-CT/TW"),
        ("Kế hoạch 45-KH/ThU", "45-KH/ThU"),
        ("Đề án 07-ĐA/HU", "07-ĐA/HU"),
        ("Hướng dẫn số 21-HD/VPTW", "21-HD/VPTW"),
        ("Nghị định 15/2023/NĐ-CP", "15/2023/NĐ-CP"),
        ("Quyết định số 456/QĐ-TTg", "456/QĐ-TTg"),
        ("Thông tư 08/2022/TT-BNV", "08/2022/TT-BNV"),
        ("Luật số 55/2020/QH14", "55/2020/QH14"),
    ];
    let got = found(text);
    let docrefs: Vec<(&str, &str)> = got
        .iter()
        .filter(|(l, _, _)| *l == Label::DocRef)
        .map(|(_, s, a)| (s.as_str(), a["id"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(docrefs, want);
}

#[test]
fn number_only_and_named_forms() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Chi bộ học tập Chỉ thị số 05 của Bộ Chính trị.",
            &["Chỉ thị số 05"],
        ),
        (
            "Tỉnh tiếp tục thực hiện Nghị quyết 57 về khoa học, công nghệ.",
            &["Nghị quyết 57"],
        ),
        (
            "Đảng ủy gắn việc thực hiện Nghị quyết Trung ương 4 (khóa XII) với nhiệm vụ chính trị.",
            &["Nghị quyết Trung ương 4 (khóa XII)"],
        ),
        (
            "Thực hiện Nghị quyết Trung ương 4, khóa XII, xã tổ chức tự phê bình.",
            &["Nghị quyết Trung ương 4, khóa XII"],
        ),
        (
            "phấn đấu hoàn thành Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII.",
            &["Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII"],
        ),
        (
            "Văn kiện Đại hội XIII của Đảng khẳng định vai trò của tổ chức cơ sở đảng.",
            &["Văn kiện Đại hội XIII của Đảng"],
        ),
        (
            "Đảng viên phải chấp hành nghiêm Cương lĩnh, Điều lệ Đảng.",
            &["Cương lĩnh", "Điều lệ Đảng"],
        ),
        (
            "Hiến pháp năm 2013 ghi nhận quyền con người.",
            &["Hiến pháp năm 2013"],
        ),
        (
            "Huyện triển khai Đề án “Nâng cao chất lượng sinh hoạt chi bộ” đến các chi bộ.",
            &["Đề án “Nâng cao chất lượng sinh hoạt chi bộ”"],
        ),
        (
            "Người dân được tuyên truyền Luật Đất đai năm 2024 và Bộ luật Hình sự.",
            &["Luật Đất đai năm 2024", "Bộ luật Hình sự"],
        ),
        (
            "Các văn bản Nghị quyết số 18-NQ/TW, 19-NQ/TW được quán triệt.",
            &["Nghị quyết số 18-NQ/TW", "19-NQ/TW"],
        ),
    ];
    for &(text, want) in cases {
        assert_eq!(spans(text, Label::DocRef), want, "{text}");
    }
}

#[test]
fn docref_attributes_reach_the_public_json() {
    // The tagger's unit tests cover each attribute; here: they survive
    // resolution and serialisation, and the date after the code is linked
    // as an attribute while staying a DATE span of its own.
    let text = "Năm nay, phường thực hiện tốt Chỉ thị số 33-CT/TU, ngày 10/02/2023 của Ban \
                Thường vụ Tỉnh ủy về tăng cường công tác dân vận.";
    let a = attrs_of(text, "Chỉ thị số 33-CT/TU");
    assert_eq!(a["id"], "33-CT/TU");
    assert_eq!(a["date"], "2023-02-10");
    assert_eq!(a["issuer"], "Ban Thường vụ Tỉnh ủy");
    assert_eq!(a["subject"], "tăng cường công tác dân vận");
    // ("Năm nay" has no year: not a DATE)
    assert_eq!(spans(text, Label::Date), ["ngày 10/02/2023"]);
}

#[test]
fn one_span_for_nested_type_words() {
    let text = "Ban Thường vụ ban hành Thông báo kết luận số 15-TB/TU.";
    let ann = annotator().annotate(text);
    let docref: Vec<_> = ann
        .entities
        .iter()
        .filter(|e| e.label == Label::DocRef)
        .collect();
    assert_eq!(docref.len(), 1);
    assert_eq!(docref[0].text(text), "Thông báo kết luận số 15-TB/TU");
    assert!(docref[0].nested.is_empty());
}

#[test]
fn term_after_the_issuer_stays_outside() {
    let text = "thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng (khóa XIII), các quy định";
    assert_eq!(spans(text, Label::DocRef), ["Kết luận số 21-KL/TW"]);
    let a = attrs_of(text, "Kết luận số 21-KL/TW");
    assert_eq!(a["term"], 13);
}

#[test]
fn court_licence_and_inspection_references() {
    let text = "Tòa án nhân dân tỉnh đã tuyên Bản án số 15/2019/DS-PT ngày 3/4/2019. \
                Doanh nghiệp được cấp Giấy phép số 260/GP-BTTTT, còn Kết luận thanh tra \
                số 345/KL-TTCP chỉ ra nhiều sai phạm. Ủy ban có văn bản số 5296/UBND-CN \
                ngày 24 tháng 5 năm 2017 gửi các sở.";
    assert_eq!(
        spans(text, Label::DocRef),
        [
            "Bản án số 15/2019/DS-PT",
            "Giấy phép số 260/GP-BTTTT",
            "Kết luận thanh tra số 345/KL-TTCP",
            "văn bản số 5296/UBND-CN",
        ]
    );
    // "CN" at the end of a code is no Sunday: the date after it starts at "ngày"
    assert!(spans(text, Label::Date).contains(&"ngày 24 tháng 5 năm 2017".to_string()));
    let a = attrs_of(text, "Bản án số 15/2019/DS-PT");
    assert_eq!(a["id"], "15/2019/DS-PT");
    assert_eq!(a["year"], 2019);
    assert_eq!(a["doc_type"], "Bản án");
    assert_eq!(a["date"], "2019-04-03");
    let a = attrs_of(text, "Kết luận thanh tra số 345/KL-TTCP");
    assert_eq!(a["doc_type"], "Kết luận");
    assert_eq!(a["type_code"], "KL");
}

#[test]
fn amendment_laws_and_titles() {
    let text = "Quốc hội thông qua Luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự \
                năm 2015. Bộ Giáo dục sửa Quy chế Tuyển sinh đại học năm 2018, còn Bộ Kế \
                hoạch và Đầu tư chưa có ý kiến.";
    assert_eq!(
        spans(text, Label::DocRef),
        [
            "Luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự năm 2015",
            "Quy chế Tuyển sinh đại học năm 2018",
        ]
    );
    let a = attrs_of(
        text,
        "Luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự năm 2015",
    );
    assert_eq!(a["amends"], "Bộ luật Hình sự");
    assert_eq!(a["doc_type"], "Luật");
}

#[test]
fn docref_near_misses() {
    for text in [
        "Chi bộ quán triệt Nghị quyết của Trung ương đến đảng viên.",
        "Xã ban hành các Chỉ thị, Nghị quyết phù hợp với thực tế.",
        "Kết quả thực hiện theo Nghị quyết Thành ủy.",
        "triển khai Kế hoạch của Tỉnh ủy",
        "cụ thể hóa nghị quyết của đại hội Đảng các cấp",
        "Hợp tác xã xây dựng Kế hoạch 3 năm",
        "Báo cáo 6 tháng đầu năm được thông qua.",
        "cán bộ hướng dẫn 20 hộ dân làm hồ sơ",
        "Điện thoại: 0271.3879.736",
        "Đại hội bầu Ban Chấp hành khóa XIII",
    ] {
        assert_eq!(spans(text, Label::DocRef), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn date_forms_and_values() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "Thứ Năm, 06/02/2025\n\nTin hoạt động",
            "Thứ Năm, 06/02/2025",
            "2025-02-06",
        ),
        (
            "Ngày 13 tháng 7 năm 2023, Huyện ủy tổ chức hội nghị.",
            "Ngày 13 tháng 7 năm 2023",
            "2023-07-13",
        ),
        (
            "Sáng ngày 14/8, đoàn công tác làm việc tại xã.",
            "ngày 14/8",
            "--08-14",
        ),
        ("Sáng 12-9, hội nghị khai mạc.", "12-9", "--09-12"),
        (
            "Trong tháng 7/2023, xã kết nạp 5 đảng viên.",
            "tháng 7/2023",
            "2023-07",
        ),
        (
            "Đến tháng 7 năm 2023 đã hoàn thành.",
            "tháng 7 năm 2023",
            "2023-07",
        ),
        (
            "Kết quả quý I/2023 khả quan.",
            "quý I/2023",
            "2023-01/2023-03",
        ),
        ("Năm 2021, Đảng bộ hoàn thành chỉ tiêu.", "Năm 2021", "2021"),
        (
            "Đại hội nhiệm kỳ 2020 - 2025 đề ra mục tiêu.",
            "nhiệm kỳ 2020 - 2025",
            "2020/2025",
        ),
        (
            "Kế hoạch giai đoạn 2021-2025 của huyện.",
            "giai đoạn 2021-2025",
            "2021/2025",
        ),
        (
            "kỷ niệm 15 năm thành lập thị xã (01/01/2009 - 01/01/2024).",
            "01/01/2009 - 01/01/2024",
            "2009-01-01/2024-01-01",
        ),
        (
            "Cập nhật lúc 05/03/2024 - 08:15",
            "05/03/2024 - 08:15",
            "2024-03-05T08:15",
        ),
        (
            "Đúng 7 giờ 30 ngày 2/9/2025, lễ diễu binh bắt đầu.",
            "7 giờ 30 ngày 2/9/2025",
            "2025-09-02T07:30",
        ),
        (
            "Sáng Chủ nhật, đoàn viên ra quân dọn vệ sinh.",
            "Chủ nhật",
            "XXXX-WXX-7",
        ),
    ];
    for &(text, span, value) in cases {
        let a = attrs_of(text, span);
        assert_eq!(a["value"], value, "{text}");
    }
}

#[test]
fn date_near_misses() {
    for text in [
        "Điện thoại: 0271.3879.736; Fax: 0271.3887.436",
        "Có 11/12 chi bộ đạt trong sạch, vững mạnh.",
        "ngày 31/02/2023",
        "Cài đặt phiên bản 2.1.3 của ứng dụng.",
        "Đại hội lần thứ 2 của Hội Nông dân",
        "Bài 1",
        "Ban Chấp hành khóa XIII",
        "Chi bộ họp mỗi tháng 1 lần.",
        "vào thứ 2 hằng tuần, chi bộ giao ban",
        "phong trào Ngày Chủ nhật xanh",
    ] {
        assert_eq!(spans(text, Label::Date), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn day_parts_are_outside_dates() {
    assert_eq!(spans("Chiều 3/4, Ban Thường vụ họp.", Label::Date), ["3/4"]);
    assert_eq!(
        spans("Sáng ngày 14/8, đoàn đến.", Label::Date),
        ["ngày 14/8"]
    );
}

#[test]
fn nfd_input_keeps_offsets() {
    use unicode_normalization::UnicodeNormalization;
    let text: String = "Sáng ngày 14/8, Huyện ủy quán triệt Chỉ thị số 05-CT/TW."
        .nfd()
        .collect();
    let got = found(&text);
    let texts: Vec<String> = got.iter().map(|(_, s, _)| s.nfc().collect()).collect();
    assert_eq!(texts, ["ngày 14/8", "Chỉ thị số 05-CT/TW"]);
    let id = &got[1].2["id"];
    assert_eq!(id, "05-CT/TW");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any mix of date and document words, digits and separators: no
    /// panic, spans are slices of the text, in order, without overlap,
    /// without outer spaces.
    #[test]
    fn never_panics_and_spans_are_slices(parts in prop::collection::vec(prop::sample::select(vec![
        "ngày", "tháng", "năm", "quý", "thứ", "Chủ nhật", "nhiệm kỳ", "giai đoạn", "Sáng",
        "Nghị quyết", "Chỉ thị", "số", "Trung ương", "Đại hội", "lần thứ", "khóa", "XII", "IV",
        "Luật", "Đất đai", "Hiến pháp", "của", "về", "(", ")", ",", "“", "”", "-", "–", "/",
        "05-CT/TW", "30/2020/NĐ-CP", "12/9", "31/02", "2020-2025", "10:50", "14-15/8",
        "3/2/1930-3/2/2025", "2023", "7", "0271.3879.736", " ", "\n", "giờ", "h30",
    ]), 0..24)) {
        let text: String = parts.concat();
        let ann = annotator().annotate(&text);
        let mut last = 0;
        for e in &ann.entities {
            prop_assert!(e.start >= last && e.start < e.end && e.end <= text.len());
            let s = e.text(&text);
            prop_assert_eq!(s, &text[e.start..e.end]);
            prop_assert_eq!(s, s.trim());
            last = e.end;
        }
    }
}
