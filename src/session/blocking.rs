//! XEP-0191 Blocking Command: the list, changes to it, and pushes from our server.
//!
//! A push is believed only from our own account (no `from`, or our bare JID), like a
//! roster push: anyone else could otherwise unblock themselves.

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};

pub fn request() -> Element {
    xml::empty("blocklist", ns::BLOCKING, &[])
}

fn with_items(name: &str, jids: &[BareJid]) -> Element {
    jids.iter()
        .fold(xml::build(name, ns::BLOCKING), |b, jid| {
            b.append(xml::empty("item", ns::BLOCKING, &[("jid", jid.as_str())]))
        })
        .build()
}

pub fn block(jid: &BareJid) -> Element {
    with_items("block", std::slice::from_ref(jid))
}

pub fn unblock(jid: &BareJid) -> Element {
    with_items("unblock", std::slice::from_ref(jid))
}

/// A change to the list: the whole list, additions, or removals (an empty removal
/// means "everyone is unblocked").
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    All(Vec<BareJid>),
    Block(Vec<BareJid>),
    Unblock(Vec<BareJid>),
}

pub fn parse(payload: &Element) -> Option<Change> {
    if payload.ns() != ns::BLOCKING {
        return None;
    }
    let jids: Vec<BareJid> = payload
        .children()
        .filter(|c| c.is("item", ns::BLOCKING))
        .filter_map(|c| c.attr("jid")?.parse().ok())
        .collect();
    match payload.name() {
        "blocklist" => Some(Change::All(jids)),
        "block" => Some(Change::Block(jids)),
        "unblock" if jids.is_empty() => Some(Change::All(Vec::new())),
        "unblock" => Some(Change::Unblock(jids)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jid(s: &str) -> BareJid {
        s.parse().unwrap()
    }

    #[test]
    fn reads_the_list_and_pushes() {
        let list = "<blocklist xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/><item jid='iago@shakespeare.lit'/></blocklist>".parse().unwrap();
        assert_eq!(
            parse(&list),
            Some(Change::All(vec![
                jid("romeo@montague.net"),
                jid("iago@shakespeare.lit")
            ]))
        );
        let push = "<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></block>"
            .parse()
            .unwrap();
        assert_eq!(
            parse(&push),
            Some(Change::Block(vec![jid("romeo@montague.net")]))
        );
        let all = "<unblock xmlns='urn:xmpp:blocking'/>".parse().unwrap();
        assert_eq!(parse(&all), Some(Change::All(vec![])));
    }

    #[test]
    fn builds_changes() {
        let b = xml::to_string(&block(&jid("romeo@montague.net")));
        assert!(
            b.contains("<block xmlns='urn:xmpp:blocking'><item jid='romeo@montague.net'/></block>")
        );
        assert_eq!(
            parse(&unblock(&jid("romeo@montague.net"))),
            Some(Change::Unblock(vec![jid("romeo@montague.net")]))
        );
    }
}
