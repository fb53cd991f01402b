//! Tests of the DOCREF tagger on sentences of our own.

use super::*;
use crate::lexicon::{parse_lexicon, DEFAULT_LEXICONS};
use crate::text::ViewOptions;

struct Fixture {
    lex: CompiledLexicon,
    tagger: DocRefTagger,
}

/// One fixture for all tests: building every default lexicon takes a while
/// in a debug build.
fn fixture() -> &'static Fixture {
    static FIXTURE: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(build_fixture)
}

fn build_fixture() -> Fixture {
    let mut entries = Vec::new();
    // All default lexicons: the title rules read the organisation, place
    // and person classes.
    for (name, text) in DEFAULT_LEXICONS {
        entries.extend(parse_lexicon(name, text).unwrap());
    }
    let lex = CompiledLexicon::build(entries, ViewOptions::default()).unwrap();
    let tagger = DocRefTagger::new(&lex);
    Fixture { lex, tagger }
}

/// (span text, attrs) of every DOCREF candidate, longest first per start.
fn refs(f: &Fixture, text: &str) -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
    let mut bufs = crate::document::DocBuffers::default();
    let roles = crate::numeric::Roles::default();
    let doc = bufs.document(text, &f.lex, &roles, crate::taggers::WALKED_KINDS);
    let mut out = Vec::new();
    f.tagger.tag(&doc, &mut out);
    // keep outermost candidates only, as the resolver would
    out.sort_by_key(|c| (c.tokens.start, usize::MAX - c.tokens.end));
    let mut kept: Vec<Candidate> = Vec::new();
    for c in out {
        if kept
            .iter()
            .any(|k| k.tokens.start <= c.tokens.start && c.tokens.end <= k.tokens.end)
        {
            continue;
        }
        kept.push(c);
    }
    kept.into_iter()
        .map(|c| {
            let json =
                crate::formats::record::attrs_of(&c.attrs, c.label, &[], text, &f.lex, doc.roles);
            let serde_json::Value::Object(map) = json else {
                panic!("attrs are an object")
            };
            (doc.span_text(c.tokens.clone()).to_string(), map)
        })
        .collect()
}

fn spans(f: &Fixture, text: &str) -> Vec<String> {
    refs(f, text).into_iter().map(|(s, _)| s).collect()
}

#[test]
fn spans_of_every_form() {
    let f = fixture();
    let table: &[(&str, &[&str])] = &[
        (
            "Huyện ủy quán triệt Chỉ thị số 12-CT/TW của Ban Bí thư.",
            &["Chỉ thị số 12-CT/TW"],
        ),
        (
            "thực hiện Kế hoạch 45-KH/ThU, ngày 3/5/2023",
            &["Kế hoạch 45-KH/ThU"],
        ),
        (
            "theo Đề án 07-ĐA/HU của Ban Thường vụ Huyện ủy",
            &["Đề án 07-ĐA/HU"],
        ),
        ("Kết luận số 14-KL/TW đã nêu", &["Kết luận số 14-KL/TW"]),
        ("Quy định 208-QĐ/TW về công tác", &["Quy định 208-QĐ/TW"]),
        (
            "Hướng dẫn số 12-HD/VPTW về thể thức",
            &["Hướng dẫn số 12-HD/VPTW"],
        ),
        ("Thông tri số 03-TT/TU", &["Thông tri số 03-TT/TU"]),
        (
            "áp dụng Nghị định 15/2023/NĐ-CP từ",
            &["Nghị định 15/2023/NĐ-CP"],
        ),
        (
            "ban hành Quyết định số 456/QĐ-TTg",
            &["Quyết định số 456/QĐ-TTg"],
        ),
        (
            "Quyết định số 22/2024/QĐ-UBND của UBND tỉnh",
            &["Quyết định số 22/2024/QĐ-UBND"],
        ),
        (
            "Thông tư 08/2022/TT-BNV hướng dẫn",
            &["Thông tư 08/2022/TT-BNV"],
        ),
        (
            "Thông tư liên tịch số 03/2016/TTLT-BNV-BTC quy định",
            &["Thông tư liên tịch số 03/2016/TTLT-BNV-BTC"],
        ),
        (
            "Luật số 55/2020/QH14 có hiệu lực",
            &["Luật số 55/2020/QH14"],
        ),
        (
            "Công văn số 2345/UBND-KT ngày",
            &["Công văn số 2345/UBND-KT"],
        ),
        ("nội dung Chỉ thị số 08 của Tỉnh ủy", &["Chỉ thị số 08"]),
        (
            "triển khai Nghị quyết 57 của Bộ Chính trị",
            &["Nghị quyết 57"],
        ),
        (
            "gắn với Nghị quyết Trung ương 4 (khóa XII) về xây dựng Đảng",
            &["Nghị quyết Trung ương 4 (khóa XII)"],
        ),
        (
            "thực hiện Nghị quyết Trung ương 4, khóa XII gắn với",
            &["Nghị quyết Trung ương 4, khóa XII"],
        ),
        (
            "Nghị quyết Hội nghị Trung ương 8 khóa XI về",
            &["Nghị quyết Hội nghị Trung ương 8 khóa XI"],
        ),
        (
            "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII",
            &["Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khóa XII"],
        ),
        (
            "thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII, nhiệm kỳ",
            &["Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII"],
        ),
        (
            "đưa Nghị quyết Đại hội XIII của Đảng vào cuộc sống",
            &["Nghị quyết Đại hội XIII của Đảng"],
        ),
        (
            "Văn kiện Đại hội đại biểu toàn quốc lần thứ XIII của Đảng nêu",
            &["Văn kiện Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"],
        ),
        (
            "theo Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2020 - 2025",
            &["Nghị quyết Đại hội Đảng bộ phường"],
        ),
        (
            "Nghị quyết Đại hội X Đảng bộ huyện, nhiệm kỳ",
            &["Nghị quyết Đại hội X Đảng bộ huyện"],
        ),
        (
            "kiên định Cương lĩnh, Điều lệ Đảng",
            &["Cương lĩnh", "Điều lệ Đảng"],
        ),
        ("Hiến pháp năm 2013 quy định", &["Hiến pháp năm 2013"]),
        (
            "Bộ luật Hình sự năm 2015 và Luật Đất đai 2024",
            &["Bộ luật Hình sự năm 2015", "Luật Đất đai 2024"],
        ),
        (
            "Đề án “Nâng cao chất lượng sinh hoạt chi bộ” được",
            &["Đề án “Nâng cao chất lượng sinh hoạt chi bộ”"],
        ),
        (
            "Nghị quyết số 18-NQ/TW, 19-NQ/TW của Trung ương",
            &["Nghị quyết số 18-NQ/TW", "19-NQ/TW"],
        ),
        ("Chỉ thị 15 – CT/TW", &["Chỉ thị 15 – CT/TW"]),
        ("NGHỊ QUYẾT SỐ 05-NQ/TU", &["NGHỊ QUYẾT SỐ 05-NQ/TU"]),
        (
            "theo quyết định số 99/QĐ-UBND",
            &["quyết định số 99/QĐ-UBND"],
        ),
        (
            "Bộ đã có công văn số 512/ BNV-CCVC gửi các tỉnh",
            &["công văn số 512/ BNV-CCVC"],
        ),
        (
            "Chính phủ ban hành Nghị quyết 25-2024/NQ-CP về",
            &["Nghị quyết 25-2024/NQ-CP"],
        ),
        (
            "theo Nghị định 71 năm 2010 của Chính phủ",
            &["Nghị định 71 năm 2010"],
        ),
        ("Quyết định 33 chỉ rõ trách nhiệm", &["Quyết định 33"]),
        ("Chỉ thị 11 đề ra nhiệm vụ", &["Chỉ thị 11"]),
        ("Thông tư 12 ngày 3/4/2020 của Bộ", &["Thông tư 12"]),
        ("đã ký văn bản số 88 gửi các xã", &["văn bản số 88"]),
        (
            "theo Văn bản 2103/2019 của Thủ tướng",
            &["Văn bản 2103/2019"],
        ),
        (
            "Phiếu chuyển số 77/PC-BTD ngày",
            &["Phiếu chuyển số 77/PC-BTD"],
        ),
        (
            "theo Điều 122 Bộ luật tố tụng hình sự năm 2015",
            &["Bộ luật tố tụng hình sự năm 2015"],
        ),
        (
            "sau 5 năm thi hành Luật HTX năm 2012",
            &["Luật HTX năm 2012"],
        ),
        (
            "quán triệt Nghị quyết TƯ 4 khóa XII",
            &["Nghị quyết TƯ 4 khóa XII"],
        ),
        (
            "Chỉ thị “Phá kho thóc của Nhật để chia cho dân đói” ra đời",
            &["Chỉ thị “Phá kho thóc của Nhật để chia cho dân đói”"],
        ),
    ];
    for &(text, want) in table {
        assert_eq!(spans(f, text), want, "{text}");
    }
}

#[test]
fn near_misses() {
    let f = fixture();
    for text in [
        "quán triệt Nghị quyết của Trung ương",
        "ban hành các Chỉ thị, Nghị quyết",
        "kết quả đạt được theo Nghị quyết Thành ủy.",
        "Kế hoạch của Tỉnh ủy",
        "nghị quyết của đại hội Đảng qua các nhiệm kỳ",
        "xây dựng Kế hoạch 3 năm",
        "Thông báo 3 ca mắc mới",
        "Chương trình 60 phút",
        "Báo cáo 6 tháng đầu năm",
        "hướng dẫn 20 hộ dân",
        "Bộ Kế hoạch và Đầu tư",
        "Kế hoạch 2024 của xã",
        "trường Đại học Luật TP HCM",
        "Nghị quyết Đại hội",
        "Điện thoại: 0271.3879.736",
        "Chương trình nghị sự 2030",
        "khóa XIII",
        "Luật sư Nguyễn Văn A",
        "Hướng dẫn thí điểm sinh hoạt trực tuyến",
        "kháng nghị lên Tòa án Hiến pháp nước này",
        "triển khai Nghị quyết Đại hội Đảng các cấp",
        "Chương trình “Gặp nhau cuối tuần” của VTV",
        "Dự án “Xây dựng cầu dân sinh” do tỉnh làm chủ đầu tư",
        "Sắc lệnh “cấm cửa” gây tranh cãi",
        "sinh viên ngành Luật hình sự quốc tế",
        "am hiểu luật đất đai",
    ] {
        assert_eq!(spans(f, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn attributes() {
    let f = fixture();
    let r = refs(
        f,
        "thực hiện Chỉ thị số 33-CT/TU, ngày 10/02/2023 của Ban Thường vụ Thành ủy về tăng cường công tác dân vận.",
    );
    assert_eq!(r.len(), 1);
    let a = &r[0].1;
    assert_eq!(a["doc_type"], "Chỉ thị");
    assert_eq!(a["number"], "33");
    assert_eq!(a["type_code"], "CT");
    assert_eq!(a["issuer_code"], "TU");
    assert_eq!(a["id"], "33-CT/TU");
    assert_eq!(a["date"], "2023-02-10");
    assert_eq!(a["issuer"], "Ban Thường vụ Thành ủy");
    assert_eq!(a["subject"], "tăng cường công tác dân vận");
    assert!(a.get("type_mismatch").is_none());

    let r = refs(f, "Kế hoạch số 27-KH/ThU");
    assert_eq!(r[0].1["id"], "27-KH/ThU");
    assert_eq!(r[0].1["issuer_code"], "ThU");

    let r = refs(
        f,
        "Nghị định số 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ về công tác văn thư",
    );
    let a = &r[0].1;
    assert_eq!(a["id"], "30/2020/NĐ-CP");
    assert_eq!(a["year"], 2020);
    assert_eq!(a["type_code"], "NĐ");
    assert_eq!(a["issuer_code"], "CP");
    assert_eq!(a["doc_type"], "Nghị định");
    assert_eq!(a["issuer"], "Chính phủ");
    assert_eq!(a["date"], "2020-03-05");
    assert_eq!(a["subject"], "công tác văn thư");

    let r = refs(f, "Luật số 45/2019/QH14");
    assert_eq!(r[0].1["issuer_code"], "QH14");
    assert_eq!(r[0].1["term"], 14);
    assert_eq!(r[0].1["id"], "45/2019/QH14");

    let r = refs(f, "Nghị quyết số 05-CT/TW");
    assert_eq!(r[0].1["type_mismatch"], true);
    assert_eq!(r[0].1["doc_type"], "Nghị quyết");

    let r = refs(f, "Nghị quyết Trung ương 4 (khóa XII)");
    assert_eq!(r[0].1["term"], 12);
    assert_eq!(r[0].1["plenum"], 4);

    let r = refs(
        f,
        "Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng (khóa XIII), các",
    );
    assert_eq!(r[0].0, "Kết luận số 21-KL/TW");
    assert_eq!(
        r[0].1["issuer"],
        "Ban Chấp hành Trung ương Đảng (khóa XIII)"
    );
    assert_eq!(r[0].1["term"], 13);

    let r = refs(f, "Đề án “Nâng cao chất lượng sinh hoạt chi bộ”");
    assert_eq!(r[0].1["subject"], "Nâng cao chất lượng sinh hoạt chi bộ");

    let r = refs(f, "Hiến pháp năm 2013");
    assert_eq!(r[0].1["year"], 2013);
    assert_eq!(r[0].1["id"], "Hiến pháp");

    let r = refs(f, "Nghị quyết 25-2024/NQ-CP");
    assert_eq!(r[0].1["id"], "25-2024/NQ-CP");
    assert_eq!(r[0].1["year"], 2024);
    let r = refs(f, "công văn số 512/ BNV-CCVC");
    assert_eq!(r[0].1["id"], "512/BNV-CCVC");
    assert_eq!(r[0].1["issuer_code"], "BNV-CCVC");
    let r = refs(f, "Nghị định 71 năm 2010");
    assert_eq!(r[0].1["year"], 2010);
    assert_eq!(r[0].1["number"], "71");

    let r = refs(
        f,
        "Nghị quyết số 21-NQ/TW của Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII về",
    );
    assert_eq!(
        r[0].1["issuer"],
        "Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII"
    );
    assert_eq!(r[0].1["term"], 13);
    let r = refs(
        f,
        "Nghị quyết số 76/2025/UBTVQH15 của Ủy ban Thường vụ Quốc hội",
    );
    assert_eq!(r[0].1["issuer"], "Ủy ban Thường vụ Quốc hội");

    let r = refs(f, "Luật HTX năm 2012");
    assert_eq!(r[0].1["id"], "Luật Hợp tác xã");
    assert_eq!(r[0].1["year"], 2012);
    let r = refs(f, "Bộ luật Hình sự số 100/2015/QH13");
    assert_eq!(r[0].1["id"], "100/2015/QH13");
    assert_eq!(r[0].1["term"], 13);

    // the eth look-alike is written as Đ in the id
    let r = refs(f, "Nghị định 30/2020/N\u{00D0}-CP");
    assert_eq!(r[0].1["id"], "30/2020/NĐ-CP");
}

#[test]
fn never_panics_on_odd_input() {
    let f = fixture();
    for text in [
        "",
        "Nghị quyết",
        "Nghị quyết số",
        "Nghị quyết số:",
        "Chỉ thị 05-",
        "Chỉ thị 05-CT/",
        "Nghị định 30/2020/",
        "Nghị quyết Trung ương",
        "Nghị quyết Đại hội lần thứ",
        "Đề án “",
        "Luật",
        "Nghị quyết số 999999999999/2020/NĐ-CP",
        "Hiến pháp năm",
        "Nghị quyết Hội nghị lần thứ IV Ban",
        "(khóa",
        "Chỉ thị số 05 (khóa",
    ] {
        let _ = refs(f, text);
    }
}

#[test]
fn codes_beyond_party_forms() {
    let f = fixture();
    let table: &[(&str, &[&str])] = &[
        (
            "Tòa đã tuyên Bản án số 15/2019/DS-PT ngày 3/4/2019",
            &["Bản án số 15/2019/DS-PT"],
        ),
        (
            "Sở đã cấp Giấy phép số 12/GP-STTTT cho doanh nghiệp",
            &["Giấy phép số 12/GP-STTTT"],
        ),
        (
            "đoàn công bố Kết luận số 345/KL-TTCP về sai phạm",
            &["Kết luận số 345/KL-TTCP"],
        ),
        ("theo QĐ 123/QĐ-UBND của huyện", &["QĐ 123/QĐ-UBND"]),
        // code parts written in mixed case or joined by "&"
        (
            "hiệp hội có văn bản số 47/CV-HoHA gửi",
            &["văn bản số 47/CV-HoHA"],
        ),
        (
            "Thông tư số 12/2011/TT-BGD&ĐT ngày 28/3/2011",
            &["Thông tư số 12/2011/TT-BGD&ĐT"],
        ),
        (
            "Công văn số 85/PGD&ĐT-GDMN của phòng",
            &["Công văn số 85/PGD&ĐT-GDMN"],
        ),
        // a long joint issuer code
        (
            "Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN quy định",
            &["Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN"],
        ),
        // a spaced dash before a part in capitals
        (
            "ra quyết định số 133/QĐ - CSĐT về",
            &["quyết định số 133/QĐ - CSĐT"],
        ),
        // "số" glued to the number
        (
            "Nghị định số187/2004/NĐ-CP ngày",
            &["Nghị định số187/2004/NĐ-CP"],
        ),
        ("vi phạm BLHS 2015 nên", &["BLHS 2015"]),
    ];
    for &(text, want) in table {
        assert_eq!(spans(f, text), want, "{text}");
    }
}

#[test]
fn type_phrases_before_the_number() {
    let f = fixture();
    let table: &[(&str, &[&str])] = &[
        (
            "theo bản án hình sự phúc thẩm số 20/2018/HSPT của tòa",
            &["bản án hình sự phúc thẩm số 20/2018/HSPT"],
        ),
        (
            "Kết luận thanh tra số 99/KL-TTCP chỉ ra",
            &["Kết luận thanh tra số 99/KL-TTCP"],
        ),
        (
            "ra Quyết định xử phạt vi phạm hành chính số 07/QĐ-XPVPHC đối với",
            &["Quyết định xử phạt vi phạm hành chính số 07/QĐ-XPVPHC"],
        ),
        (
            "Công văn hỏa tốc số 56/BGDĐT-GDTrH gửi các sở",
            &["Công văn hỏa tốc số 56/BGDĐT-GDTrH"],
        ),
        // the code belongs to the last type word before it
        (
            "quyết định thu hồi giấy phép số 12/GP-BTTTT",
            &["giấy phép số 12/GP-BTTTT"],
        ),
        (
            "quy định tại Quyết định số 17/QĐ-TTg",
            &["Quyết định số 17/QĐ-TTg"],
        ),
        (
            "ra quyết định hủy bỏ Quyết định số 01/QĐ-UBND",
            &["Quyết định số 01/QĐ-UBND"],
        ),
    ];
    for &(text, want) in table {
        assert_eq!(spans(f, text), want, "{text}");
    }
    let r = refs(f, "Kết luận thanh tra số 99/KL-TTCP");
    assert_eq!(r[0].1["doc_type"], "Kết luận");
    assert_eq!(r[0].1["id"], "99/KL-TTCP");
    for text in [
        // a plain number after the words: no code, no reference
        "báo cáo kết quả số 5 của tổ",
        // the code's type disagrees with the type word
        "thông báo cho dân số 12/QĐ-UBND",
        // more than six words between
        "quyết định việc này vào cuối tuần sau đó số 12/QĐ-UBND",
    ] {
        let got = spans(f, text);
        assert!(
            got.iter().all(|s| !s.starts_with(['b', 't', 'q'])),
            "{text}: {got:?}"
        );
    }
}

#[test]
fn amendment_laws() {
    let f = fixture();
    let table: &[(&str, &[&str])] = &[
        (
            "Luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự năm 2015 có hiệu lực",
            &["Luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự năm 2015"],
        ),
        (
            "dự thảo Luật Sửa đổi, bổ sung Luật Thuế bảo vệ môi trường mà Bộ trình",
            &["Luật Sửa đổi, bổ sung Luật Thuế bảo vệ môi trường"],
        ),
        (
            "thông qua Luật sửa đổi, bổ sung một số điều của Luật các tổ chức tín dụng.",
            &["Luật sửa đổi, bổ sung một số điều của Luật các tổ chức tín dụng"],
        ),
        (
            "Luật sửa đổi bổ sung một số điều của Hiến pháp",
            &["Luật sửa đổi bổ sung một số điều của Hiến pháp"],
        ),
        (
            "ý kiến về Luật sửa đổi, bổ sung một số điều của Luật các TCTD được gửi trước thứ Sáu",
            &["Luật sửa đổi, bổ sung một số điều của Luật các TCTD"],
        ),
    ];
    for &(text, want) in table {
        assert_eq!(spans(f, text), want, "{text}");
    }
    let r = refs(
        f,
        "Luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự năm 2015",
    );
    assert_eq!(r[0].1["amends"], "Bộ luật Hình sự");
    assert_eq!(r[0].1["id"], "Luật sửa đổi, bổ sung Bộ luật Hình sự");
    assert_eq!(r[0].1["doc_type"], "Luật");
    for text in [
        "Luật sửa đổi lần này có nhiều điểm mới",
        "Luật sửa đổi, bổ sung một số điều của các luật liên quan",
    ] {
        assert_eq!(spans(f, text), Vec::<String>::new(), "{text}");
    }
    // lower-case "luật": only the code it names
    assert_eq!(
        spans(f, "luật sửa đổi, bổ sung một số điều của Bộ luật Hình sự"),
        ["Bộ luật Hình sự"]
    );
}

#[test]
fn capitalised_titles_and_treaties() {
    let f = fixture();
    let table: &[(&str, &[&str])] = &[
        (
            "Bộ sửa Quy chế Tuyển sinh đại học năm 2018 theo hướng",
            &["Quy chế Tuyển sinh đại học năm 2018"],
        ),
        (
            "ban hành Quy chế Làm việc của Ban Chấp hành",
            &["Quy chế Làm việc"],
        ),
        (
            "thực hiện Kế hoạch Hành động quốc gia về tăng trưởng xanh",
            &["Kế hoạch Hành động quốc gia"],
        ),
        (
            "rút khỏi Hiệp định Paris về biến đổi khí hậu",
            &["Hiệp định Paris"],
        ),
        ("theo Hiệp ước Lisbon, các nước", &["Hiệp ước Lisbon"]),
        (
            "kỷ niệm ngày ký Hiệp định Giơ-ne-vơ về Đông Dương",
            &["Hiệp định Giơ-ne-vơ"],
        ),
        (
            "ký Hiệp ước Hữu nghị và Hợp tác giữa hai nước",
            &["Hiệp ước Hữu nghị và Hợp tác"],
        ),
        // "và" before a lower-case word ends the title
        ("Hiệp định Paris và các cam kết", &["Hiệp định Paris"]),
        // a treaty's title ends with its last capitalised word
        (
            "Hiệp ước Lisbon vào cuối tháng được ký",
            &["Hiệp ước Lisbon"],
        ),
        (
            "Hiệp ước Versailles dẫn tới việc bồi thường",
            &["Hiệp ước Versailles"],
        ),
        (
            "đàm phán Hiệp định Đối tác xuyên Thái Bình Dương sau đó",
            &["Hiệp định Đối tác xuyên Thái Bình Dương"],
        ),
        (
            "ký Hiệp ước Hòa bình năm 1979",
            &["Hiệp ước Hòa bình năm 1979"],
        ),
        (
            "Hiệp định Thương mại tự do giữa hai nước",
            &["Hiệp định Thương mại"],
        ),
        (
            "rút khỏi Hiệp định Thương mại Tự do Bắc Mỹ (NAFTA)",
            &["Hiệp định Thương mại Tự do Bắc Mỹ"],
        ),
        (
            "theo Hiệp định Thương mại Tự do ASEAN và",
            &["Hiệp định Thương mại Tự do ASEAN"],
        ),
        // a term noun ends a title; "do" before a capital names the issuer
        (
            "ký Kế hoạch Chiến lược chung giai đoạn 2017-2021",
            &["Kế hoạch Chiến lược chung"],
        ),
        (
            "Quy chế Tuyển sinh do Bộ Giáo dục ban hành",
            &["Quy chế Tuyển sinh"],
        ),
    ];
    for &(text, want) in table {
        assert_eq!(spans(f, text), want, "{text}");
    }
    for text in [
        "ông là Giám đốc Sở Kế hoạch Đầu tư tỉnh",
        "Trưởng phòng Kế hoạch Tài chính của công ty",
        "bà làm ở phòng Kế hoạch Tổng hợp",
        "Quy định Bộ Công thương vừa ban hành",
        "Kế hoạch UBND tỉnh đặt ra",
        "Kế hoạch A được giữ bí mật",
        "Quy chế TẠI ĐÂY",
        "hiệp định này có hiệu lực",
        "Tổ chức Hiệp ước Bắc Đại Tây Dương",
        "đưa Khối Hiệp ước Bắc Đại Tây Dương vào",
        "Hiệp ước Bắc Đại Tây Dương (NATO) họp",
        "Kế hoạch Tài chính năm nay",
        "các Bộ trưởng: Tài chính, Kế hoạch Đầu tư, Công thương",
        "KẾ HOẠCH Theo dõi lịch cắt điện",
        "Hiệp địnhThuận lợi hóa",
        "Kế hoạch và Đầu tư",
    ] {
        assert_eq!(spans(f, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn codes_in_full_after_so_without_a_type_word() {
    let f = fixture();
    let table: &[(&str, &[&str])] = &[
        // a licence granted by a department: codes unknown to the lexicon
        (
            "nhà hàng được Sở Du lịch cấp phép số 88/GP-SDL năm ngoái",
            &["88/GP-SDL"],
        ),
        // a list continued after a reference with a type word
        (
            "theo Công văn số 12/UBND-KT; số: 40/UBND-VX và số 7/STC-NS",
            &["Công văn số 12/UBND-KT", "40/UBND-VX", "7/STC-NS"],
        ),
        // the Party form, unknown codes
        ("và số 21-QĐ/UB của huyện", &["21-QĐ/UB"]),
    ];
    for (text, want) in table {
        assert_eq!(spans(f, text), *want, "{text}");
    }
    // without "số", or without both codes, a number stays a number
    for text in [
        "căn nhà 12/UBND-KT nằm cuối hẻm",
        "ở số 35/4 đường Trần Phú",
        "biển số 29A-123.45",
        "xe số 15/GP",
    ] {
        assert_eq!(spans(f, text), Vec::<String>::new(), "{text}");
    }
}
