//! Players in football match reports: the minute of a goal or a card after
//! a name makes it a person, and the name's other mentions follow. The
//! sentences are written for this test.

use vietag::attrs::Source;
use vietag::{Annotator, Label};

fn people(text: &str) -> Vec<(String, String)> {
    thread_local!(static A: Annotator = Annotator::new().unwrap());
    A.with(|a| {
        a.annotate(text)
            .entities
            .iter()
            .filter(|e| e.label == Label::Per)
            .map(|e| {
                let source = match e.source {
                    Source::Rule(r) => r.to_string(),
                    _ => String::new(),
                };
                (e.text(text).to_string(), source)
            })
            .collect()
    })
}

#[test]
fn names_before_minutes_are_players() {
    let text = "Ghi bàn: Kowalczyk (12', 57'), Văn Thành 45+1'. Thẻ đỏ: Ostrander 80’. \
                Cổ động viên khen Kowalczyk hết lời.";
    let got = people(text);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Kowalczyk", "Văn Thành", "Ostrander", "Kowalczyk"],
        "{got:?}"
    );
    assert_eq!(got[0].1, "rule:per.minute");
    assert_eq!(got[3].1, "rule:per.repeat");
}

#[test]
fn a_minute_mark_is_needed() {
    // a number after a name without the mark, a bearing, a season
    for text in [
        "Đội Hải Phòng 2 lần vô địch.",
        "Điểm đo ở vĩ độ Bắc 21°45', kinh độ Đông 105°30'.",
        "Tuyển Thái Lan 200 cầu thủ.",
    ] {
        let got = people(text);
        assert!(
            got.iter().all(|(_, s)| s != "rule:per.minute"),
            "{text}: {got:?}"
        );
    }
}
