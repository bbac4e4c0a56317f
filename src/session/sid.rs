//! XEP-0359 Unique and Stable Stanza IDs.
//!
//! An origin-id is set by the sender and deduplicates resends. A stanza-id is set by an
//! archive; we only believe one whose `by` is our own account (security.md), and only once
//! our server advertised urn:xmpp:sid:0.

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};

pub fn origin_id(message: &Element) -> Option<String> {
    message
        .get_child("origin-id", ns::SID)?
        .attr("id")
        .map(str::to_string)
}

/// The stanza-id stamped by `by` (our own bare JID for one-to-one chats).
pub fn stanza_id_by(message: &Element, by: &BareJid) -> Option<String> {
    message
        .children()
        .filter(|c| c.is("stanza-id", ns::SID))
        .find(|c| {
            c.attr("by")
                .and_then(|b| b.parse::<BareJid>().ok())
                .as_ref()
                == Some(by)
        })
        .and_then(|c| c.attr("id"))
        .map(str::to_string)
}

pub fn origin_id_element(id: &str) -> Element {
    xml::empty("origin-id", ns::SID, &[("id", id)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_stanza_id_of_the_named_archive_counts() {
        let el: Element = "<message xmlns='jabber:client'>
            <stanza-id xmlns='urn:xmpp:sid:0' by='mallory@evil.example' id='forged'/>
            <stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.org' id='real'/>
            <origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>"
            .parse()
            .unwrap();
        let own: BareJid = "alice@example.org".parse().unwrap();
        assert_eq!(stanza_id_by(&el, &own).as_deref(), Some("real"));
        assert_eq!(origin_id(&el).as_deref(), Some("o1"));
        let other: BareJid = "bob@example.org".parse().unwrap();
        assert_eq!(stanza_id_by(&el, &other), None);
    }
}
