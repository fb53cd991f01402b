//! LOC, ORG, TITLE and PER on hand-written sentences in the style of local
//! Party news, including the ambiguous cases, plus the gazetteer counts.

use unicode_normalization::UnicodeNormalization;
use vietag::lexicon::{parse_lexicon, DEFAULT_LEXICONS};
use vietag::{Annotator, AnnotatorBuilder, Label, Layer};

fn spans(text: &str) -> Vec<(Label, String)> {
    thread_local!(static A: Annotator = Annotator::new().unwrap());
    A.with(|a| {
        a.annotate(text)
            .entities
            .iter()
            .filter(|e| matches!(e.label, Label::Loc | Label::Org | Label::Title | Label::Per))
            .map(|e| (e.label, e.text(text).to_string()))
            .collect()
    })
}

fn has(text: &str, label: Label, span: &str) -> bool {
    spans(text).iter().any(|(l, s)| *l == label && s == span)
}

#[track_caller]
fn expect(text: &str, want: &[(Label, &str)]) {
    let got = spans(text);
    let want: Vec<(Label, String)> = want.iter().map(|(l, s)| (*l, s.to_string())).collect();
    assert_eq!(got, want, "in: {text}");
}

use Label::{Loc, Org, Per, Title};

#[test]
fn places_with_type_words() {
    expect(
        "Đoàn công tác làm việc tại xã Tân Thành, huyện Hớn Quản, tỉnh Bình Phước.",
        &[
            (Loc, "xã Tân Thành"),
            (Loc, "huyện Hớn Quản"),
            (Loc, "tỉnh Bình Phước"),
        ],
    );
    expect("Người dân TP.Tân An đón Tết.", &[(Loc, "TP.Tân An")]);
    expect(
        "Trụ sở đặt tại phường 3, TP. Tân An.",
        &[(Loc, "phường 3"), (Loc, "TP. Tân An")],
    );
    expect("Bà con ấp 2 góp tiền làm đường.", &[(Loc, "ấp 2")]);
}

/// The type words of hamlets and villages (`level=village`: "thôn", "ấp")
/// name a place with a one-word name no gazetteer holds; other type words
/// need two words. Those that are common words too (`named=1`: "làng")
/// take names of two words at most. Alone, they are no unit an
/// organisation belongs to, where "huyện" is.
#[test]
fn village_type_words() {
    expect("Bà con thôn Đoài đi bầu cử sớm.", &[(Loc, "thôn Đoài")]);
    expect("Họ về làng Ma Thuột Đông ăn Tết.", &[]);
    expect("Người dân ấp Chợ tham gia làm đường.", &[(Loc, "ấp Chợ")]);
    expect("Ông Nam ở huyện Đoài mới chuyển đến.", &[(Per, "Nam")]);
    expect("Đại hội Đảng bộ thôn diễn ra sáng nay.", &[]);
    expect(
        "Đại hội Đảng bộ huyện diễn ra sáng nay.",
        &[(Org, "Đảng bộ huyện")],
    );
}

#[test]
fn place_attributes_link_to_the_gazetteer() {
    let a = Annotator::new().unwrap();
    let text = "Hội nghị diễn ra ở tỉnh Bình Phước.";
    let ann = a.annotate(text);
    let i = ann.entities.iter().position(|e| e.label == Loc).unwrap();
    let attrs = ann.attrs_json(i, text);
    assert_eq!(attrs["code"], "70");
    assert_eq!(attrs["level"], "province");
    assert_eq!(attrs["era"], "pre2025");
    assert!(attrs["successors"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));
}

#[test]
fn a_name_that_fits_several_units_follows_the_document() {
    // "Tân Thành" names communes in many provinces: the one in Bình Phước is
    // chosen when the document is about Bình Phước.
    let a = Annotator::new().unwrap();
    let text = "Cán bộ xã Tân Thành, thành phố Đồng Xoài, tỉnh Bình Phước họp dân.";
    let ann = a.annotate(text);
    let at = |t: &str| {
        let i = ann.entities.iter().position(|e| e.text(text) == t).unwrap();
        ann.attrs_json(i, text)
    };
    let (commune, province) = (at("xã Tân Thành"), at("tỉnh Bình Phước"));
    assert!(commune["candidates"].as_u64().unwrap() > 1);
    assert_eq!(commune["province"], province["id"]);
    assert_eq!(commune["type"], "xã");
}

#[test]
fn bare_places_and_their_look_alikes() {
    expect("Đồng Xoài đổi thay từng ngày.", &[(Loc, "Đồng Xoài")]);
    // A commune name used as a common word, and a one-syllable name.
    expect(
        "Cả tập thể đoàn kết, thống nhất cao; an toàn là trên hết.",
        &[],
    );
    expect("An toàn giao thông được bảo đảm.", &[]);
    // A street named after a person belongs to the street.
    expect(
        "Công trình mở rộng đường Hùng Vương đã xong.",
        &[(Loc, "đường Hùng Vương")],
    );
    expect(
        "Dự án kè sông Sài Gòn và hồ Bán Nguyệt.",
        &[(Loc, "sông Sài Gòn"), (Loc, "hồ Bán Nguyệt")],
    );
    // A ward named after a king: the king, unless the type word is there.
    expect(
        "Vua Quang Trung đại phá quân Thanh.",
        &[(Per, "Quang Trung")],
    );
    expect(
        "Chợ phường Quang Trung đông vui.",
        &[(Loc, "phường Quang Trung")],
    );
}

#[test]
fn organisations() {
    expect(
        "Đảng bộ xã Tân Thành lãnh đạo thực hiện tốt nhiệm vụ.",
        &[(Org, "Đảng bộ xã Tân Thành")],
    );
    expect(
        "Ban Thường vụ Huyện ủy chỉ đạo sát sao.",
        &[(Org, "Ban Thường vụ Huyện ủy")],
    );
    expect("UBND tỉnh đã phê duyệt đề án.", &[(Org, "UBND tỉnh")]);
    expect("Đảng ủy xã tổ chức hội nghị.", &[(Org, "Đảng ủy xã")]);
    expect("Ông đi dự họp với chi bộ ấp 3.", &[(Org, "chi bộ ấp 3")]);
    expect(
        "Thường trực Thành ủy Đồng Xoài trao quà.",
        &[(Org, "Thường trực Thành ủy Đồng Xoài")],
    );
    expect(
        "Học sinh Trường THPT Nguyễn Du đạt giải cao.",
        &[(Org, "Trường THPT Nguyễn Du")],
    );
    expect(
        "Sở Giáo dục và Đào tạo tỉnh Long An công bố kết quả.",
        &[(Org, "Sở Giáo dục và Đào tạo tỉnh Long An")],
    );
    expect(
        "Tập đoàn Dầu khí Việt Nam cho biết sản lượng tăng.",
        &[(Org, "Tập đoàn Dầu khí Việt Nam")],
    );
    expect(
        "Bộ Chính trị ban hành chỉ thị mới.",
        &[(Org, "Bộ Chính trị")],
    );
}

#[test]
fn an_organisation_links_its_place_to_the_gazetteer() {
    let a = Annotator::new().unwrap();
    let text = "Đảng bộ xã Tân Thành, thành phố Đồng Xoài, tỉnh Bình Phước";
    let ann = a.annotate(text);
    let org = ann.entities.iter().position(|e| e.label == Org).unwrap();
    let org = ann.attrs_json(org, text);
    let commune = org["place_id"].as_str().unwrap();
    assert!(commune.starts_with("vn.pre2025.c."), "{commune}");
    // The commune chosen is the one in the province the text names.
    let entries = a.entries();
    let unit = entries.iter().find(|e| e.id == commune).unwrap();
    assert_eq!(unit.attr("province"), Some("vn.pre2025.p.70"));
}

#[test]
fn classes_of_bodies_and_generic_mentions_are_not_organisations() {
    expect("UBND các xã rà soát hộ nghèo.", &[]);
    expect("UBND cấp xã chịu trách nhiệm.", &[]);
    expect(
        "Các chi bộ sinh hoạt định kỳ; các đảng bộ cơ sở báo cáo.",
        &[],
    );
    expect("Công ty cổ phần phải công khai báo cáo.", &[]);
}

#[test]
fn upper_case_headlines() {
    expect(
        "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
        &[(Org, "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC")],
    );
    // In capitals every word looks like a name: only a gazetteer name follows the type word.
    expect("ĐẢNG BỘ TỈNH LẦN THỨ NHẤT", &[(Org, "ĐẢNG BỘ TỈNH")]);
    expect("BÁO CẦN THƠ Tối nay", &[(Org, "BÁO CẦN THƠ")]);
}

#[test]
fn a_province_is_never_a_person() {
    // A province after a department is its place, not the name after a title.
    expect(
        "Bộ yêu cầu Giám đốc Sở Y tế Hà Giang báo cáo.",
        &[(Title, "Giám đốc Sở Y tế Hà Giang")],
    );
    // "Luật sư" is a cue for names, but a province after it is no person,
    // and the mistake must not spread to the province's other mentions.
    let text = "Phó chủ nhiệm Đoàn Luật sư Hà Tĩnh phát biểu. Hà Tĩnh có 7 cơ quan báo chí.";
    assert!(
        !spans(text).iter().any(|(l, _)| *l == Per),
        "{:?}",
        spans(text)
    );
    assert!(has(text, Org, "Đoàn Luật sư Hà Tĩnh"));
    assert!(has(text, Loc, "Hà Tĩnh"));
}

#[test]
fn organisation_names_end_where_the_name_does() {
    expect(
        "Trường ĐH Sư phạm Huế tuyển sinh.",
        &[(Org, "Trường ĐH Sư phạm Huế")],
    );
    expect(
        "Sở GDĐT Hà Nội quản lý các trường.",
        &[(Org, "Sở GDĐT Hà Nội")],
    );
    expect(
        "Giám đốc Sở Y tế Phạm Văn Tâm báo cáo.",
        &[(Title, "Giám đốc Sở Y tế"), (Per, "Phạm Văn Tâm")],
    );
}

#[test]
fn titles_and_the_names_after_them() {
    expect(
        "Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Huyện ủy Lộc Ninh Trần Văn Minh phát biểu.",
        &[
            (Title, "Ủy viên Ban Thường vụ Tỉnh ủy"),
            (Title, "Bí thư Huyện ủy Lộc Ninh"),
            (Per, "Trần Văn Minh"),
        ],
    );
    expect(
        "Bí thư Đảng ủy phường 2 - Lê Thị Hoa cho biết.",
        &[(Title, "Bí thư Đảng ủy phường 2"), (Per, "Lê Thị Hoa")],
    );
    expect(
        "Chủ tịch HĐND TP.Tân An dự họp.",
        &[(Title, "Chủ tịch HĐND TP.Tân An")],
    );
    expect("Thủ tướng chủ trì phiên họp.", &[(Title, "Thủ tướng")]);
    // A role that ends with the start of its body.
    expect(
        "Trưởng Ban Tuyên giáo Tỉnh ủy dự họp.",
        &[(Title, "Trưởng Ban Tuyên giáo Tỉnh ủy")],
    );
    expect(
        "Trưởng Công an huyện Lộc Ninh cho biết.",
        &[(Title, "Trưởng Công an huyện Lộc Ninh")],
    );
    expect(
        "Sinh thời, Chủ tịch Hồ Chí Minh căn dặn.",
        &[(Title, "Chủ tịch"), (Per, "Hồ Chí Minh")],
    );
    // Lower-case generic roles are not titles.
    expect("Các bí thư chi bộ được tập huấn.", &[]);
}

#[test]
fn people() {
    expect(
        "Ông Nguyễn Văn Bình, đảng viên cao tuổi, kể lại.",
        &[(Per, "Nguyễn Văn Bình")],
    );
    expect("Gặp chị Hoa ở đầu ngõ.", &[(Per, "Hoa")]);
    expect(
        "Đại tá Phạm Quốc Huy nhận nhiệm vụ.",
        &[(Per, "Phạm Quốc Huy")],
    );
    // Honorifics are outside the span; "đồng chí" + a non-name is nothing.
    expect("Đồng chí Đảng viên mới được kết nạp.", &[]);
    // A name found once is tagged again where it stands alone.
    let text = "Ông Hoàng Minh Tuấn phát biểu. Theo Hoàng Minh Tuấn, việc này cần làm ngay.";
    assert_eq!(
        spans(text)
            .iter()
            .filter(|(l, s)| *l == Per && s == "Hoàng Minh Tuấn")
            .count(),
        2
    );
    // TP. Hồ Chí Minh is a city, not the person.
    assert!(has("Đoàn đến TP. Hồ Chí Minh.", Loc, "TP. Hồ Chí Minh"));
    assert!(!has("Đoàn đến TP. Hồ Chí Minh.", Per, "Hồ Chí Minh"));
}

#[test]
fn bylines() {
    let text = "Xã đạt chuẩn nông thôn mới nâng cao.\n\nBài, ảnh: Minh Châu";
    assert!(has(text, Per, "Minh Châu"));
    let text = "Một đoạn tin dài về công tác xây dựng Đảng ở cơ sở.\n\nThanh Hương\n";
    assert!(has(text, Per, "Thanh Hương"));
    let glued = "Nội dung bài.\nTin và ảnh: Bảo NgọcTAG: thời sự";
    assert!(has(glued, Per, "Bảo Ngọc"));
}

#[test]
fn nfd_input_gives_the_same_names() {
    let text = "Bí thư Thành ủy Đồng Xoài Hà Minh Khôi thăm Chi bộ ấp 5, xã Tiến Hưng.";
    let nfd: String = text.nfd().collect();
    let a = spans(text);
    let b: Vec<(Label, String)> = spans(&nfd)
        .into_iter()
        .map(|(l, s)| (l, s.nfc().collect()))
        .collect();
    assert!(a.len() >= 4, "{a:?}");
    assert_eq!(a, b);
}

#[test]
fn nested_layer_links_inner_mentions() {
    let a = AnnotatorBuilder::new().layer(Layer::All).build().unwrap();
    let text = "Đảng bộ xã Tân Thành, tỉnh Bình Phước";
    let ann = a.annotate(text);
    let outer = ann
        .entities
        .iter()
        .position(|e| e.text(text) == "Đảng bộ xã Tân Thành")
        .unwrap();
    let inner = ann
        .entities
        .iter()
        .find(|e| e.text(text) == "xã Tân Thành")
        .unwrap();
    assert_eq!(inner.label, Loc);
    assert_eq!(inner.parent, Some(outer));
    // The flat layer keeps only the outer spans.
    let flat = Annotator::new().unwrap().annotate(text);
    assert!(flat.entities.iter().all(|e| e.parent.is_none()));
    assert_eq!(
        flat.attrs_json(0, text)["nested"][0]["text"],
        "xã Tân Thành"
    );
}

/// The generated gazetteer holds the official unit counts of the pinned
/// `vietnamadminunits` package (see tools/gen_admin_lexicons.py).
#[test]
fn gazetteer_counts() {
    let mut counts = std::collections::BTreeMap::new();
    for (name, text) in DEFAULT_LEXICONS
        .iter()
        .filter(|(n, _)| n.contains("places/admin_"))
    {
        for e in parse_lexicon(name, text).unwrap() {
            if e.attr("alias").is_none() {
                let key = format!("{}/{}", e.attr("era").unwrap(), e.attr("level").unwrap());
                *counts.entry(key).or_insert(0usize) += 1;
            }
        }
    }
    assert_eq!(counts["pre2025/province"], 63);
    assert_eq!(counts["pre2025/district"], 696);
    assert_eq!(counts["pre2025/commune"], 10_035);
    assert_eq!(counts["post2025/province"], 34);
    assert_eq!(counts["post2025/commune"], 3_321);
    assert!(
        !counts.contains_key("post2025/district"),
        "districts were abolished in 2025"
    );
}

#[test]
fn a_place_inside_a_name_is_no_nested_place() {
    // "Văn Lợi" and "Minh Châu" are commune names too; inside a person's
    // name they are part of the name, not places nested in it.
    let a = Annotator::new().unwrap();
    let text = "Ông Nguyễn Văn Lợi phát biểu.\nBài, ảnh: Minh Châu";
    let ann = a.annotate(text);
    for (i, e) in ann.entities.iter().enumerate() {
        assert_eq!(e.label, Per, "{}", e.text(text));
        assert!(
            e.nested.iter().all(|n| n.label != Loc),
            "{}: {}",
            e.text(text),
            ann.attrs_json(i, text)
        );
    }
    let all = AnnotatorBuilder::new()
        .layer(vietag::Layer::All)
        .build()
        .unwrap()
        .annotate(text);
    assert!(
        all.entities.iter().all(|e| e.label == Per),
        "{:?}",
        all.entities
    );
}

// General news: foreign names, roles, short forms, companies, clubs, teams
// and titles of foreign states (issue 13).

#[test]
fn foreign_names_after_cues_and_given_names() {
    expect(
        "Tiền đạo Marco Bellini lập cú đúp. Sau trận, Bellini nói rằng cả đội đã chơi tốt.",
        &[(Per, "Marco Bellini"), (Per, "Bellini")],
    );
    // One foreign word after an honorific is a name; a Vietnamese word that
    // is no name syllable is not ("bà Chúa").
    expect(
        "Bà Zoltanova cho biết công ty sẽ mở thêm cửa hàng.",
        &[(Per, "Zoltanova")],
    );
    // A lexicon medium is no name, nor a preposition at a sentence start.
    expect("Theo Reuters, giá dầu tăng.", &[(Org, "Reuters")]);
}

#[test]
fn roles_before_names() {
    expect("Ca sĩ Mỹ Linh biểu diễn tối qua.", &[(Per, "Mỹ Linh")]);
    expect(
        "Bị cáo Hoàng Văn Tư khai nhận hành vi.",
        &[(Per, "Hoàng Văn Tư")],
    );
    // A capitalised role inside a name is no cue; a department after a
    // minister is no name.
    expect("Ban Cố vấn Giải thưởng Vàng họp.", &[]);
    expect(
        "Bộ trưởng Quốc phòng Pháp đến thăm.",
        &[(Title, "Bộ trưởng Quốc phòng Pháp")],
    );
}

#[test]
fn short_forms_of_names_found_once() {
    expect(
        "Anh Trần Văn Khoát là tài xế xe khách. Khoát kể lại xe bị hỏng phanh.",
        &[(Per, "Trần Văn Khoát"), (Per, "Khoát")],
    );
    expect(
        "Ông Lê Văn Bình về thăm quê. Tại đây, Bình gặp lại bạn cũ.",
        &[(Per, "Lê Văn Bình"), (Per, "Bình")],
    );
    // "Bình" has another reading in this document (Hòa Bình): not taken.
    expect(
        "Ông Lê Văn Bình về thăm tỉnh Hòa Bình. Tại đây, Bình gặp lại bạn cũ.",
        &[(Per, "Lê Văn Bình"), (Loc, "tỉnh Hòa Bình")],
    );
    // A given name that is also a word of the document is no name at a
    // sentence start.
    expect(
        "Bà Nguyễn Thị An cho biết an toàn là trên hết. An toàn giao thông được siết chặt.",
        &[(Per, "Nguyễn Thị An")],
    );
}

#[test]
fn the_licensing_mention_is_in_the_attributes() {
    let a = Annotator::new().unwrap();
    let text = "Tiền đạo Lucas Varga ghi bàn. Varga rời sân ở phút 80.";
    let ann = a.annotate(text);
    let i = ann
        .entities
        .iter()
        .position(|e| e.text(text) == "Varga")
        .unwrap();
    let attrs = ann.attrs_json(i, text);
    assert_eq!(attrs["via"]["text"], "Lucas Varga");
    assert_eq!(attrs["via"]["start"], 9);
    assert_eq!(attrs["via"]["end"], 20);
}

#[test]
fn given_names_without_surname() {
    expect(
        "Trong trận này, Văn Quyết ghi bàn ở phút 80.",
        &[(Per, "Văn Quyết")],
    );
    // A district named like a given name stays a place.
    assert!(!has("Học sinh huyện Quốc Oai đi thi.", Per, "Quốc Oai"));
}

#[test]
fn titles_of_foreign_states() {
    expect(
        "Tổng thống Mỹ Donald Trump gặp Thủ tướng Nhật Bản.",
        &[
            (Title, "Tổng thống Mỹ"),
            (Per, "Donald Trump"),
            (Title, "Thủ tướng Nhật Bản"),
        ],
    );
    // Lower-case "tổng thống" is no title; the name after it is a person.
    expect(
        "Cựu tổng thống Kowalczyk đến Hà Nội.",
        &[(Per, "Kowalczyk"), (Loc, "Hà Nội")],
    );
}

#[test]
fn organisations_named_by_context() {
    expect(
        "Đại diện hãng Zentrix cho biết doanh thu tăng. Zentrix đặt trụ sở ở Berlin.",
        &[(Org, "Zentrix"), (Org, "Zentrix"), (Loc, "Berlin")],
    );
    expect(
        "Ngân hàng Nhà nước Việt Nam (NHNN) vừa hạ lãi suất. Theo NHNN, tín dụng tăng.",
        &[
            (Org, "Ngân hàng Nhà nước Việt Nam"),
            (Org, "NHNN"),
            (Org, "NHNN"),
        ],
    );
    expect(
        "CTCP Thép Phương Nam (mã PNS) báo lỗ. Cổ đông PNS lo lắng.",
        &[(Org, "CTCP Thép Phương Nam"), (Org, "PNS"), (Org, "PNS")],
    );
    expect(
        "Công ty cổ phần thực phẩm Hòa Phong nộp thuế.",
        &[(Org, "Công ty cổ phần thực phẩm Hòa Phong")],
    );
    // Without a legal form a verb ends the name.
    assert!(!spans("Công ty thực hiện Dự án Nam Sơn.")
        .iter()
        .any(|(l, _)| *l == Org));
}

#[test]
fn teams_and_clubs() {
    expect(
        "Đội tuyển Việt Nam thắng U23 Thái Lan.",
        &[(Org, "Đội tuyển Việt Nam"), (Org, "U23 Thái Lan")],
    );
    expect(
        "Ông Kessler, cầu thủ của Gangwon FC, nghỉ thi đấu.",
        &[(Per, "Kessler"), (Org, "Gangwon FC")],
    );
    // In football news a bare province is its club, unless it is a place.
    expect(
        "Tiền vệ Hoàng Văn Tú ghi bàn thắng thứ hai cho Quảng Nam, còn Long An chỉ có một bàn gỡ.",
        &[(Per, "Hoàng Văn Tú"), (Org, "Quảng Nam"), (Org, "Long An")],
    );
    expect(
        "Hậu vệ Lê Văn Đạt ghi bàn thắng quyết định. Anh sinh ra ở Long An.",
        &[(Per, "Lê Văn Đạt"), (Loc, "Long An")],
    );
    // Outside football news the province is a place.
    expect(
        "Mưa lớn ở Quảng Nam và Long An.",
        &[(Loc, "Quảng Nam"), (Loc, "Long An")],
    );
}

#[test]
fn brand_attributes_reach_the_json() {
    let a = Annotator::new().unwrap();
    let text = "Cổ phiếu Vinamilk tăng giá.";
    let ann = a.annotate(text);
    let i = ann
        .entities
        .iter()
        .position(|e| e.text(text) == "Vinamilk")
        .unwrap();
    let attrs = ann.attrs_json(i, text);
    assert_eq!(attrs["id"], "company.vinamilk");
    assert_eq!(attrs["kind"], "company");
    assert_eq!(attrs["ticker"], "VNM");
}

#[test]
fn places_inside_foreign_names_are_no_places() {
    // A channel, not a canal: "kênh" before a foreign name.
    assert!(!has(
        "Ông trả lời phỏng vấn kênh Fox News hôm qua.",
        Loc,
        "kênh Fox News"
    ));
    assert!(has(
        "Ông trả lời phỏng vấn kênh Fox News hôm qua.",
        Org,
        "Fox News"
    ));
    // A Vietnamese canal keeps its place.
    assert!(has(
        "Người dân nạo vét kênh Nhiêu Lộc.",
        Loc,
        "kênh Nhiêu Lộc"
    ));
    // A country after a foreign word, or a foreign-script country before
    // one, is a word of that name.
    assert!(!has(
        "Cổ phần của Yahoo Nhật Bản tăng mạnh.",
        Loc,
        "Nhật Bản"
    ));
    assert!(!has("Theo tờ USA Today, ông đã từ chức.", Loc, "USA"));
    // A Vietnamese country name before a foreign person stays a place.
    assert!(has("Tiền vệ người Pháp Paul Pogba ghi bàn.", Loc, "Pháp"));
    assert!(has("Ông đến Nhật Bản vào tuần trước.", Loc, "Nhật Bản"));
    // A country after "tiếng" is a language.
    assert!(!has("Cô hát nhiều bài bằng tiếng Pháp.", Loc, "Pháp"));
    assert!(has("Cô sang Pháp học tiếng.", Loc, "Pháp"));
}

#[test]
fn european_institutions_are_organisations() {
    expect(
        "Lễ tưởng niệm được tổ chức tại Nghị viện châu Âu.",
        &[(Org, "Nghị viện châu Âu")],
    );
    assert!(!has("Chủ tịch Hội đồng châu Âu phát biểu.", Loc, "châu Âu"));
}

#[test]
fn a_place_right_after_an_organisations_words_is_not_a_place_of_its_own() {
    // The place belongs to the agency written before it, even where the
    // organisation rule does not reach it; the same place elsewhere stays.
    let text = "Lực lượng CSGT Đà Nẵng đã lập biên bản vụ việc ở Đà Nẵng.";
    let places: Vec<_> = spans(text).into_iter().filter(|(l, _)| *l == Loc).collect();
    assert_eq!(places, vec![(Loc, "Đà Nẵng".to_string())], "in: {text}");
    // "tỉnh Quảng Trị" and the "Quảng Trị" inside it both go with "Hải quan".
    let text = "Nhiều cán bộ Hải quan tỉnh Quảng Trị bị kỷ luật trong tháng này.";
    assert!(spans(text).iter().all(|(l, _)| *l != Loc), "in: {text}");
    // A school named after its district; the district itself is a place.
    let text = "Em Lan đỗ vào THPT Cẩm Giàng năm nay, nhà em ở huyện Cẩm Giàng.";
    let places: Vec<_> = spans(text).into_iter().filter(|(l, _)| *l == Loc).collect();
    assert_eq!(
        places,
        vec![(Loc, "huyện Cẩm Giàng".to_string())],
        "in: {text}"
    );
    // Upper-case words before a place in an upper-case headline prove nothing.
    assert!(has("HÀ NỘI ĐÓN KHÁCH QUỐC TẾ", Loc, "HÀ NỘI"));
}

#[test]
fn a_person_or_place_naming_a_school_is_neither() {
    // Schools are named after people and places; without the word
    // "Trường" the organisation rule does not take them, but the name
    // after "THPT"/"THCS" still names the school.
    let text = "Năm nay em Hoa thi vào THPT Lê Quý Đôn và THCS Trần Văn Thời cũng có nhiều em đỗ.";
    expect(text, &[(Per, "Hoa")]);
    // The same famous name elsewhere is the person.
    expect("Ông Lê Quý Đôn là nhà bác học lớn.", &[(Per, "Lê Quý Đôn")]);
    // A person after an office that is not a school stays a person.
    expect(
        "Giám đốc Sở Y tế Nguyễn Văn Tâm cho biết bệnh viện đã đủ thuốc.",
        &[(Title, "Giám đốc Sở Y tế"), (Per, "Nguyễn Văn Tâm")],
    );
}

#[test]
fn sentence_case_names_go_on_word_by_word() {
    // Each word of the name starts with a capital and goes on in lower case.
    expect(
        "Cổ phiếu được niêm yết trên Sở Giao dịch Chứng khoán TP HCM từ năm ngoái.",
        &[(Org, "Sở Giao dịch Chứng khoán TP HCM")],
    );
    expect(
        "Anh nhận việc ở Tổng Công ty Lương thực miền Nam năm 2010.",
        &[(Org, "Tổng Công ty Lương thực miền Nam")],
    );
    // The last word keeps its second syllable, not a phrase after it.
    expect(
        "Học viện Công nghệ Bưu chính Viễn thông cho biết như vậy.",
        &[(Org, "Học viện Công nghệ Bưu chính Viễn thông")],
    );
    expect(
        "Trường ĐH Sư phạm Vinh tuyển sinh sớm.",
        &[(Org, "Trường ĐH Sư phạm Vinh")],
    );
    // "thực" starts "thực hiện" too: after a foreign brand it is the verb.
    expect(
        "Tập đoàn Vinacapital thực hiện dự án mới.",
        &[(Org, "Tập đoàn Vinacapital")],
    );
    // A verb-like tail with nothing after it is left out.
    expect(
        "Hôm nay Công ty Lâm thực hiện kiểm kê.",
        &[(Org, "Công ty Lâm")],
    );
}

#[test]
fn trade_words_may_be_two_syllables_like_a_verb() {
    expect(
        "Tổng công ty phát triển Đô thị Thăng Long công bố lỗ.",
        &[(Org, "Tổng công ty phát triển Đô thị Thăng Long")],
    );
}

#[test]
fn feature_word_starting_a_department_name() {
    expect(
        "Theo Cục Đường sắt Việt Nam, tàu chạy đúng giờ.",
        &[(Org, "Cục Đường sắt Việt Nam")],
    );
    // A road keeps its name.
    expect("Nhà ở Đường Lê Lợi bị cháy.", &[(Loc, "Đường Lê Lợi")]);
}

#[test]
fn two_brands_joined_by_and_stay_two() {
    let got = spans("Tập đoàn Samsung và Vinamilk cùng ký biên bản.");
    assert!(
        got.contains(&(Org, "Tập đoàn Samsung".to_string())),
        "{got:?}"
    );
    assert!(!got.iter().any(|(_, s)| s.contains(" và ")), "{got:?}");
    // Names of departments keep their "và".
    expect(
        "Sở Lao động - Thương binh và Xã hội tỉnh Nam Định họp.",
        &[(Org, "Sở Lao động - Thương binh và Xã hội tỉnh Nam Định")],
    );
}

#[test]
fn courts_customs_and_clinics_take_their_place() {
    expect(
        "Sáng nay Tòa án nhân dân cấp cao tại Đà Nẵng mở phiên phúc thẩm.",
        &[(Org, "Tòa án nhân dân cấp cao tại Đà Nẵng")],
    );
    expect(
        "Hồ sơ do TAND Cấp cao tại Hà Nội thụ lý.",
        &[(Org, "TAND Cấp cao tại Hà Nội")],
    );
    expect(
        "Lô hàng qua Chi cục Hải quan cửa khẩu Tịnh Biên hôm qua.",
        &[(Org, "Chi cục Hải quan cửa khẩu Tịnh Biên")],
    );
    expect(
        "Cháu bé được đưa tới Trạm y tế xã Tân Lập.",
        &[(Org, "Trạm y tế xã Tân Lập")],
    );
    expect(
        "Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn tỉnh Hà Giang cảnh báo lũ.",
        &[(
            Org,
            "Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn tỉnh Hà Giang",
        )],
    );
}

#[test]
fn bank_branches_are_part_of_the_bank() {
    expect(
        "Khoản vay của Ngân hàng TMCP Công Thương - Chi nhánh Ba Đình đã quá hạn.",
        &[(Org, "Ngân hàng TMCP Công Thương - Chi nhánh Ba Đình")],
    );
    expect(
        "Hợp đồng ký với Công ty TNHH Một thành viên Cơ khí Hà Nội năm ngoái.",
        &[(Org, "Công ty TNHH Một thành viên Cơ khí Hà Nội")],
    );
}

#[test]
fn a_commune_name_after_a_common_surname_is_a_name() {
    let got = spans("Danh sách bị cáo có Nguyễn Tô Hiệu và hai người khác.");
    assert!(!got.iter().any(|(l, _)| *l == Loc), "{got:?}");
    // Without the surname the commune is a place.
    assert!(has("Đoàn về thăm xã Tô Hiệu hôm qua.", Loc, "xã Tô Hiệu"));
}

#[test]
fn a_country_before_a_foreign_name_stays_with_the_title() {
    expect(
        "Hôm qua Tổng thống Pháp Emmanuel Macron đến Berlin.",
        &[
            (Title, "Tổng thống Pháp"),
            (Per, "Emmanuel Macron"),
            (Loc, "Berlin"),
        ],
    );
    // "Anh" is Britain after a title, and an honorific elsewhere: never
    // part of the foreign name.
    expect(
        "Bà nói với Thủ tướng Anh Gordon Brown.",
        &[(Title, "Thủ tướng Anh"), (Per, "Gordon Brown")],
    );
    expect("Anh Peter cười.", &[(Per, "Peter")]);
}

#[test]
fn a_nickname_in_quotes_belongs_to_the_name() {
    expect(
        "Bị cáo Trần Văn Tài (tức Tài “Mập”) khai nhận. Tài “Mập” bị phạt 3 năm tù.",
        &[
            (Per, "Trần Văn Tài"),
            (Per, "Tài “Mập”"),
            (Per, "Tài “Mập”"),
        ],
    );
    // A foreign singer's album is no nickname.
    assert!(has("Ca sĩ Adele “Lemonade” hát.", Per, "Adele"));
}

#[test]
fn a_deputy_role_is_no_surname() {
    // "Phó" is a rare surname too, but not where a role starts.
    let got = spans("Ông Hai, nguyên Phó Chánh Thanh tra giao thông thành phố Huế, bị bắt.");
    assert!(
        !got.iter().any(|(l, s)| *l == Per && s.starts_with("Phó")),
        "{got:?}"
    );
    // The inspectorate's place belongs to it.
    assert!(!got.iter().any(|(l, _)| *l == Loc), "{got:?}");
    expect(
        "Phó Chánh Thanh tra Sở Y tế đến.",
        &[(Title, "Phó Chánh Thanh tra Sở Y tế")],
    );
    assert!(has(
        "Nhạc sĩ Phó Đức Phương ra mắt album.",
        Per,
        "Phó Đức Phương"
    ));
}

#[test]
fn a_paper_named_after_its_province_ends_with_it() {
    // A caption that runs into the next line without a stop.
    let got = spans("Ảnh: báo Quảng Ninh Theo báo cáo nhanh, mưa lớn kéo dài.");
    assert!(got.contains(&(Org, "Quảng Ninh".to_string())), "{got:?}");
    let got = spans("Ảnh: báo Sơn La Trần Văn Thanh");
    assert!(got.contains(&(Org, "Sơn La".to_string())), "{got:?}");
    assert!(
        !got.iter().any(|(l, s)| *l == Per && s.starts_with("La")),
        "{got:?}"
    );
}
