//! RFC 6121 roster: fetch with versioning, pushes, and contact management.
//!
//! A push is believed only from our own account: no `from`, or our bare JID (Gajim
//! CVE-2015-8688, Dino CVE-2019-16236, mcabber CVE-2016-9928).

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};
use crate::core::{RosterItem, Subscription};

pub fn query(ver: Option<&str>) -> Element {
    let b = xml::build("query", ns::ROSTER);
    // An empty ver asks for versioning from scratch.
    xml::attr(b, "ver", ver.unwrap_or("")).build()
}

/// A roster item change: `None` subscription means removal.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Set(RosterItem),
    Remove(BareJid),
}

pub struct Roster {
    pub ver: Option<String>,
    pub changes: Vec<Change>,
}

pub fn parse(query: &Element) -> Option<Roster> {
    if !query.is("query", ns::ROSTER) {
        return None;
    }
    let mut changes = Vec::new();
    for item in query.children().filter(|c| c.is("item", ns::ROSTER)) {
        let Some(jid) = item.attr("jid").and_then(|j| j.parse::<BareJid>().ok()) else {
            continue;
        };
        let subscription = item.attr("subscription").unwrap_or("none");
        if subscription == "remove" {
            changes.push(Change::Remove(jid));
            continue;
        }
        changes.push(Change::Set(RosterItem {
            jid,
            name: item
                .attr("name")
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            subscription: Subscription::parse(subscription),
            pending_out: item.attr("ask") == Some("subscribe"),
            pending_in: false,
            groups: item
                .children()
                .filter(|c| c.is("group", ns::ROSTER))
                .map(|g| g.text())
                .collect(),
        }));
    }
    Some(Roster {
        ver: query.attr("ver").map(str::to_string),
        changes,
    })
}

/// Whether a push comes from our own account.
pub fn push_is_trusted(from: Option<&str>, own: &BareJid) -> bool {
    match from {
        None => true,
        Some(f) => !f.contains('/') && f.parse::<BareJid>().ok().as_ref() == Some(own),
    }
}

pub fn set_item(jid: &BareJid, name: Option<&str>) -> Element {
    let mut item = xml::attr(xml::build("item", ns::ROSTER), "jid", jid.as_str());
    if let Some(name) = name {
        item = xml::attr(item, "name", name);
    }
    xml::build("query", ns::ROSTER).append(item.build()).build()
}

pub fn remove_item(jid: &BareJid) -> Element {
    let item = xml::empty(
        "item",
        ns::ROSTER,
        &[("jid", jid.as_str()), ("subscription", "remove")],
    );
    xml::build("query", ns::ROSTER).append(item).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_items_and_removals() {
        let q: Element = "<query xmlns='jabber:iq:roster' ver='v2'>
            <item jid='bob@example.org' name='Bob' subscription='both'><group>Friends</group></item>
            <item jid='carol@example.org' subscription='none' ask='subscribe'/>
            <item jid='dave@example.org' subscription='remove'/>
            <item jid='not a jid@@' subscription='both'/></query>"
            .parse()
            .unwrap();
        let r = parse(&q).unwrap();
        assert_eq!(r.ver.as_deref(), Some("v2"));
        assert_eq!(r.changes.len(), 3);
        match &r.changes[0] {
            Change::Set(i) => {
                assert_eq!(i.name.as_deref(), Some("Bob"));
                assert_eq!(i.subscription, Subscription::Both);
                assert_eq!(i.groups, vec!["Friends".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&r.changes[1], Change::Set(i) if i.pending_out));
        assert!(matches!(&r.changes[2], Change::Remove(_)));
    }

    #[test]
    fn roster_push_spoofing_cve_2015_8688() {
        let own: BareJid = "alice@example.org".parse().unwrap();
        assert!(push_is_trusted(None, &own));
        assert!(push_is_trusted(Some("alice@example.org"), &own));
        assert!(!push_is_trusted(Some("mallory@evil.example"), &own));
        assert!(!push_is_trusted(Some("alice@example.org/evil"), &own));
        assert!(!push_is_trusted(Some("example.org"), &own));
    }
}
