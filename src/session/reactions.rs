//! XEP-0444 Message Reactions: each update replaces the sender's whole set for a message.

use xmpp_parsers::minidom::Element;

use super::{ns, xml};

#[derive(Debug, Clone, PartialEq)]
pub struct Reactions {
    pub to: String,
    pub emojis: Vec<String>,
}

/// Reactions are short: a longer "emoji" is not one, and many are spam.
const MAX_REACTIONS: usize = 32;
const MAX_REACTION_CHARS: usize = 16;

pub fn parse(message: &Element) -> Option<Reactions> {
    let el = message.get_child("reactions", ns::REACTIONS)?;
    let mut emojis: Vec<String> = Vec::new();
    for r in el.children().filter(|c| c.is("reaction", ns::REACTIONS)) {
        let text = r.text();
        let text = text.trim();
        if !text.is_empty()
            && text.chars().count() <= MAX_REACTION_CHARS
            && !emojis.iter().any(|e| e == text)
        {
            emojis.push(text.to_string());
        }
    }
    emojis.truncate(MAX_REACTIONS);
    Some(Reactions {
        to: el.attr("id")?.to_string(),
        emojis,
    })
}

pub fn build(to: &str, emojis: &[String]) -> Element {
    let mut el = xml::attr(xml::build("reactions", ns::REACTIONS), "id", to);
    for e in emojis {
        el = el.append(xml::text("reaction", ns::REACTIONS, e));
    }
    el.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_deduplicates() {
        let m = "<message xmlns='jabber:client'><reactions xmlns='urn:xmpp:reactions:0' id='m1'>
            <reaction>👍</reaction><reaction>👍</reaction><reaction>🐢</reaction></reactions></message>".parse().unwrap();
        assert_eq!(
            parse(&m),
            Some(Reactions {
                to: "m1".into(),
                emojis: vec!["👍".into(), "🐢".into()]
            })
        );
    }

    #[test]
    fn round_trips() {
        let el = build("m2", &["❤".to_string()]);
        let wrapped = xml::build("message", ns::CLIENT).append(el).build();
        assert_eq!(parse(&wrapped).unwrap().emojis, vec!["❤".to_string()]);
    }
}
