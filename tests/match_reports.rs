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

#[test]
fn the_rest_of_a_list_of_people_are_people() {
    // a line-up: two players known by their minutes, the rest by the list
    let text = "Đội hình: Okonkwo; Brannigan, Teodorescu (61'); Wilmsen, Halvorsen (88').";
    let names: Vec<String> = people(text).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["Okonkwo", "Brannigan", "Teodorescu", "Wilmsen", "Halvorsen"]
    );
    // commas and "và", with most items known people
    let text = "Đêm nhạc có Donald Ferreira, Emma Kowalski, Zelinsky và Robert Haines.";
    let got = people(text);
    assert!(
        got.contains(&("Zelinsky".to_string(), "rule:per.list".to_string())),
        "{got:?}"
    );
}

#[test]
fn lists_that_are_not_mostly_people_stay_as_they_are() {
    // one person among places and companies: nothing is added
    let text = "Đoàn đi Hà Nội, Đà Nẵng, Brevik và ông Nguyễn Văn Tám.";
    let got = people(text);
    assert!(got.iter().all(|(_, s)| s != "rule:per.list"), "{got:?}");
}
