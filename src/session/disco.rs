//! XEP-0030 service discovery of ourselves, XEP-0115 caps, XEP-0199 ping, XEP-0092 version.

use base64::Engine;
use sha1::{Digest, Sha1};
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::minidom::Element;

use super::{ns, xml};

fn sha1(data: &[u8]) -> Vec<u8> {
    Sha1::digest(data).to_vec()
}

pub const NODE: &str = "https://tidings.im";

/// What we answer to disco#info, sorted as XEP-0115 hashes it.
pub const FEATURES: &[&str] = &[
    ns::CHATSTATES,
    ns::CAPS,
    ns::DISCO_INFO,
    ns::VERSION,
    ns::MARKERS,
    ns::CORRECTION,
    ns::RETRACT,
    ns::PING,
    ns::REACTIONS,
    ns::RECEIPTS,
    ns::REPLY,
    ns::IDLE,
    // PEP notifications we want (XEP-0163): contacts' avatars and nicknames, and our own
    // read positions from our other devices.
    ns::AVATAR_METADATA_NOTIFY,
    ns::NICK_NOTIFY,
    ns::MDS_NOTIFY,
    // OMEMO device lists of contacts and of our other devices, in both namespaces.
    ns::OMEMO_LEGACY_DEVICES_NOTIFY,
    ns::OMEMO_DEVICES_NOTIFY,
    // Our bookmarks, changed by our other devices (XEP-0402).
    super::bookmarks::NOTIFY,
];

fn sorted_features() -> Vec<&'static str> {
    let mut f = FEATURES.to_vec();
    f.sort_unstable();
    f
}

/// The XEP-0115 verification string's hash (SHA-1, as every client uses).
pub fn caps_ver() -> String {
    let mut s = String::from("client/pc//Tidings<");
    for f in sorted_features() {
        s.push_str(f);
        s.push('<');
    }
    base64::engine::general_purpose::STANDARD.encode(sha1(s.as_bytes()))
}

pub fn caps() -> Element {
    xml::empty(
        "c",
        ns::CAPS,
        &[("hash", "sha-1"), ("node", NODE), ("ver", &caps_ver())],
    )
}

pub fn info(node: Option<&str>) -> Element {
    let mut q = xml::build("query", ns::DISCO_INFO);
    if let Some(node) = node {
        q = xml::attr(q, "node", node);
    }
    q = q.append(xml::empty(
        "identity",
        ns::DISCO_INFO,
        &[("category", "client"), ("type", "pc"), ("name", "Tidings")],
    ));
    for f in sorted_features() {
        q = q.append(xml::empty("feature", ns::DISCO_INFO, &[("var", f)]));
    }
    q.build()
}

/// `<query xmlns='…disco#info'/>`, asking an entity what it is and does.
pub fn info_request() -> Element {
    xml::empty("query", ns::DISCO_INFO, &[])
}

/// `<query xmlns='…disco#items'/>`, asking an entity what it holds (services, rooms).
pub fn items_request() -> Element {
    xml::empty("query", ns::DISCO_ITEMS, &[])
}

/// One item of a disco#items result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub jid: BareJid,
    pub name: Option<String>,
}

/// The items of a disco#items result that are bare addresses (rooms, services).
pub fn items(query: &Element) -> Vec<Item> {
    query
        .children()
        .filter(|c| c.is("item", ns::DISCO_ITEMS))
        .filter(|c| c.attr("node").is_none())
        .filter_map(|c| {
            let jid: Jid = c.attr("jid")?.parse().ok()?;
            let jid = match jid.try_into_full() {
                Ok(_) => return None,
                Err(bare) => bare,
            };
            Some(Item {
                jid,
                name: c.attr("name").map(str::to_string),
            })
        })
        .collect()
}

/// Whether a disco#info result describes a multi-user chat service (not one of its rooms).
pub fn is_muc_service(query: &Element) -> bool {
    let identity = query.children().any(|c| {
        c.is("identity", ns::DISCO_INFO)
            && c.attr("category") == Some("conference")
            && c.attr("type") == Some("text")
    });
    identity
        && features(query)
            .iter()
            .any(|f| f == "http://jabber.org/protocol/muc")
}

/// A field of the extended-info form (XEP-0128) with this FORM_TYPE, e.g. a room's
/// `muc#roominfo_description`.
pub fn info_field(query: &Element, form_type: &str, var: &str) -> Option<String> {
    query
        .children()
        .filter(|c| c.is("x", ns::DATA_FORMS))
        .find(|x| {
            x.children().any(|f| {
                f.attr("var") == Some("FORM_TYPE")
                    && f.get_child("value", ns::DATA_FORMS)
                        .map(Element::text)
                        .as_deref()
                        == Some(form_type)
            })
        })?
        .children()
        .find(|f| f.is("field", ns::DATA_FORMS) && f.attr("var") == Some(var))?
        .get_child("value", ns::DATA_FORMS)
        .map(Element::text)
}

/// The name in a disco#info result's first identity (a room's name).
pub fn identity_name(query: &Element) -> Option<String> {
    query
        .children()
        .find(|c| c.is("identity", ns::DISCO_INFO))
        .and_then(|i| i.attr("name"))
        .filter(|n| !n.trim().is_empty())
        .map(str::to_string)
}

/// The features in a disco#info result.
pub fn features(query: &Element) -> Vec<String> {
    query
        .children()
        .filter(|c| c.is("feature", ns::DISCO_INFO))
        .filter_map(|c| c.attr("var").map(str::to_string))
        .collect()
}

pub fn version() -> Element {
    xml::build("query", ns::VERSION)
        .append(xml::text("name", ns::VERSION, "Tidings"))
        .append(xml::text("version", ns::VERSION, env!("CARGO_PKG_VERSION")))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_ver_matches_our_info() {
        // Recompute from the published disco#info, as a peer would.
        let published = info(None);
        let mut feats = features(&published);
        feats.sort();
        let mut s = String::from("client/pc//Tidings<");
        for f in feats {
            s.push_str(&f);
            s.push('<');
        }
        let expected = base64::engine::general_purpose::STANDARD.encode(sha1(s.as_bytes()));
        assert_eq!(caps_ver(), expected);
    }

    #[test]
    fn xep_0115_example_hash() {
        // The simple example of XEP-0115, section 5.2.
        let s = "client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<";
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(sha1(s.as_bytes())),
            "QgayPKawpkPSDYmwT/WM94uAlu0="
        );
    }
}
