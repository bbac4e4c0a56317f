//! XEP-0317 Hats: titles a room gives some of its occupants ("Teacher", "Host"), in their
//! presence. Only the room may give one, so a hat counts only in a namespace the room is
//! known to keep clients from claiming: Prosody's own (xmpp:prosody.im/protocol/hats:1,
//! which every Prosody room strips from what occupants send) and, where the room advertises
//! it, the standard urn:xmpp:hats:0.

use xmpp_parsers::minidom::Element;

use crate::core::Hat;

pub const STANDARD: &str = "urn:xmpp:hats:0";
const PROSODY: &str = "xmpp:prosody.im/protocol/hats:1";

/// More than this many hats, or longer titles, are a room's mistake or an attack on the
/// occupant list's layout: the rest is left out.
const MAX_HATS: usize = 8;
const MAX_TITLE_CHARS: usize = 48;

/// The hats an occupant's presence carries; `standard` says the room advertises
/// urn:xmpp:hats:0 (so it removes what clients claim there).
pub fn parse(presence: &Element, standard: bool) -> Vec<Hat> {
    let mut hats = Vec::new();
    for hats_el in presence
        .children()
        .filter(|c| c.name() == "hats" && (c.ns() == PROSODY || (standard && c.ns() == STANDARD)))
    {
        for hat in hats_el.children().filter(|h| h.name() == "hat") {
            let Some(uri) = hat.attr("uri").filter(|u| !u.is_empty()) else {
                continue;
            };
            let title: String = hat
                .attr("title")
                .unwrap_or(uri)
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_TITLE_CHARS)
                .collect();
            if title.trim().is_empty() || hats.iter().any(|h: &Hat| h.uri == uri) {
                continue;
            }
            hats.push(Hat {
                uri: uri.to_string(),
                title,
            });
            if hats.len() == MAX_HATS {
                return hats;
            }
        }
    }
    hats
}

#[cfg(test)]
mod tests {
    use super::*;

    fn presence(hats: &str) -> Element {
        format!(
            "<presence xmlns='jabber:client' from='room@muc.example.org/bob'>{hats}\
             <x xmlns='http://jabber.org/protocol/muc#user'>\
             <item affiliation='member' role='participant'/></x></presence>"
        )
        .parse()
        .unwrap()
    }

    #[test]
    fn hats_count_only_where_the_room_keeps_clients_from_claiming_them() {
        let prosody = presence(
            "<hats xmlns='xmpp:prosody.im/protocol/hats:1'>\
             <hat uri='urn:example:teacher' title='Teacher'/></hats>",
        );
        assert_eq!(
            parse(&prosody, false),
            [Hat {
                uri: "urn:example:teacher".into(),
                title: "Teacher".into()
            }]
        );
        // XEP-0317's own example; believed only from a room that advertises the feature.
        let standard = presence(
            "<hats xmlns='urn:xmpp:hats:0'>\
             <hat title='Host' uri='http://schemas.example.com/hats#host' hue='327.5'/></hats>",
        );
        assert!(parse(&standard, false).is_empty());
        assert_eq!(parse(&standard, true)[0].title, "Host");
    }

    #[test]
    fn hats_are_bounded() {
        let many: String = (0..20)
            .map(|i| format!("<hat uri='urn:h:{i}' title='{}'/>", "x".repeat(200)))
            .collect();
        let hats = parse(
            &presence(&format!(
                "<hats xmlns='xmpp:prosody.im/protocol/hats:1'>{many}\
                 <hat title='no uri'/></hats>"
            )),
            false,
        );
        assert_eq!(hats.len(), MAX_HATS);
        assert!(
            hats.iter()
                .all(|h| h.title.chars().count() == MAX_TITLE_CHARS)
        );
    }
}
