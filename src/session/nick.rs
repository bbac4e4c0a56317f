//! XEP-0172 User Nickname, as published through PEP.

use xmpp_parsers::minidom::Element;

use super::{ns, xml};

/// Longer nicknames are cut: they are labels, not letters.
const MAX_CHARS: usize = 64;

/// The nickname in a `<nick/>`; None when absent or empty (removed).
pub fn parse(payload: &Element) -> Option<String> {
    if !payload.is("nick", ns::NICK) {
        return None;
    }
    let text: String = payload
        .text()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_CHARS)
        .collect();
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

pub fn build(nick: &str) -> Element {
    xml::text("nick", ns::NICK, nick)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_and_cleans_a_nickname() {
        let n = "<nick xmlns='http://jabber.org/protocol/nick'> Ju\tliet </nick>"
            .parse()
            .unwrap();
        assert_eq!(super::parse(&n).as_deref(), Some("Juliet"));
        let empty = "<nick xmlns='http://jabber.org/protocol/nick'/>"
            .parse()
            .unwrap();
        assert_eq!(super::parse(&empty), None);
        assert_eq!(
            super::parse(&super::build("Romeo")).as_deref(),
            Some("Romeo")
        );
    }
}
