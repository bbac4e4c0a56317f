//! XEP-0490 Message Displayed Synchronization: which message we last read in each
//! conversation, kept in a private PEP node so our other devices clear their unread counts.
//!
//! The node is ours: a notification is believed only from our own account (no `from`, or
//! our bare JID), and the stanza-id must be one our own archive assigned.

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};

pub const NODE: &str = ns::MDS;

/// Private, persistent, one item per conversation, never pushed on subscribe.
pub const OPTIONS: &[(&str, &str)] = &[
    ("persist_items", "true"),
    ("max_items", "max"),
    ("send_last_published_item", "never"),
    ("access_model", "whitelist"),
];

/// The payload for "read up to this archive id" in a conversation; the item id is the peer.
pub fn displayed(stanza_id: &str, by: &BareJid) -> Element {
    let sid = xml::empty(
        "stanza-id",
        ns::SID,
        &[("id", stanza_id), ("by", by.as_str())],
    );
    xml::build("displayed", ns::MDS).append(sid).build()
}

/// Read position from an item: the conversation (item id) and the stanza-id our archive
/// gave the message; ids assigned by anyone else are ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    pub peer: BareJid,
    pub stanza_id: String,
}

pub fn position(
    item_id: Option<&str>,
    payload: Option<&Element>,
    own: &BareJid,
) -> Option<Position> {
    let peer: BareJid = item_id?.parse().ok()?;
    let displayed = payload.filter(|p| p.is("displayed", ns::MDS))?;
    let sid = displayed
        .children()
        .find(|c| c.is("stanza-id", ns::SID) && c.attr("by") == Some(own.as_str()))?;
    Some(Position {
        peer,
        stanza_id: sid.attr("id")?.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_position_by_our_archive_only() {
        let own: BareJid = "romeo@montague.net".parse().unwrap();
        let ours: Element = "<displayed xmlns='urn:xmpp:mds:displayed:0'><stanza-id xmlns='urn:xmpp:sid:0' id='ABC' by='romeo@montague.net'/></displayed>".parse().unwrap();
        assert_eq!(
            position(Some("juliet@capulet.lit"), Some(&ours), &own),
            Some(Position {
                peer: "juliet@capulet.lit".parse().unwrap(),
                stanza_id: "ABC".into()
            })
        );
        let theirs: Element = "<displayed xmlns='urn:xmpp:mds:displayed:0'><stanza-id xmlns='urn:xmpp:sid:0' id='ABC' by='evil@example.org'/></displayed>".parse().unwrap();
        assert_eq!(
            position(Some("juliet@capulet.lit"), Some(&theirs), &own),
            None
        );
    }

    #[test]
    fn builds_what_it_reads() {
        let own: BareJid = "romeo@montague.net".parse().unwrap();
        let p = displayed("XYZ", &own);
        assert_eq!(
            position(Some("juliet@capulet.lit"), Some(&p), &own)
                .unwrap()
                .stanza_id,
            "XYZ"
        );
    }
}
