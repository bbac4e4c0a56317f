//! XEP-0402 PEP native bookmarks: the rooms we are in, carried to our other devices. One
//! item per room (its id is the room's JID) on a private node; `autojoin` rooms are entered
//! by every device. Notifications count only from our own account (Dino CVE-2023-28686).

use xmpp_parsers::jid::BareJid;
use xmpp_parsers::minidom::Element;

use super::{ns, xml};

pub const NODE: &str = "urn:xmpp:bookmarks:1";
pub const NOTIFY: &str = "urn:xmpp:bookmarks:1+notify";
/// Node options XEP-0402 §6 asks for: every item kept, readable by us alone.
pub const OPTIONS: &[(&str, &str)] = &[
    ("persist_items", "true"),
    ("max_items", "max"),
    ("send_last_published_item", "never"),
    ("access_model", "whitelist"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub room: BareJid,
    pub name: Option<String>,
    pub autojoin: bool,
    pub nick: Option<String>,
    pub password: Option<String>,
}

/// The `<conference/>` payload of a bookmark's item.
pub fn element(b: &Bookmark) -> Element {
    let mut e = xml::attr(
        xml::build("conference", NODE),
        "autojoin",
        if b.autojoin { "true" } else { "false" },
    );
    if let Some(name) = &b.name {
        e = xml::attr(e, "name", name.as_str());
    }
    if let Some(nick) = &b.nick {
        e = e.append(xml::text("nick", NODE, nick));
    }
    if let Some(password) = &b.password {
        e = e.append(xml::text("password", NODE, password));
    }
    e.build()
}

/// A bookmark from an item: its id must be a room JID, its payload a `<conference/>`.
pub fn parse(item_id: Option<&str>, payload: Option<&Element>) -> Option<Bookmark> {
    let room: BareJid = item_id?.parse().ok()?;
    let c = payload.filter(|p| p.is("conference", NODE))?;
    Some(Bookmark {
        room,
        name: c.attr("name").map(str::to_string),
        autojoin: matches!(c.attr("autojoin"), Some("true") | Some("1")),
        nick: c.get_child("nick", NODE).map(Element::text),
        password: c.get_child("password", NODE).map(Element::text),
    })
}

/// XEP-0048 private XML storage, where older clients keep bookmarks.
pub const LEGACY: &str = "storage:bookmarks";
const PRIVATE: &str = "jabber:iq:private";

/// The request for our XEP-0048 bookmarks (XEP-0049 private storage).
pub fn legacy_request() -> Element {
    xml::build("query", PRIVATE)
        .append(xml::empty("storage", LEGACY, &[]))
        .build()
}

/// The bookmarks in an answer to `legacy_request`.
pub fn legacy(answer: &Element) -> Vec<Bookmark> {
    let Some(storage) = answer
        .get_child("storage", LEGACY)
        .filter(|_| answer.is("query", PRIVATE))
    else {
        return Vec::new();
    };
    storage
        .children()
        .filter(|c| c.is("conference", LEGACY))
        .filter_map(|c| {
            Some(Bookmark {
                room: c.attr("jid")?.parse().ok()?,
                name: c.attr("name").map(str::to_string),
                autojoin: matches!(c.attr("autojoin"), Some("true") | Some("1")),
                nick: c.get_child("nick", LEGACY).map(Element::text),
                password: c.get_child("password", LEGACY).map(Element::text),
            })
        })
        .collect()
}

/// A change to our XEP-0048 bookmarks, written back for older clients when our server does
/// not keep them in step with the native ones itself (no `urn:xmpp:bookmarks:1#compat`,
/// XEP-0402 §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyChange {
    /// We are in this room now (replacing whatever the storage said of it).
    Add(Bookmark),
    /// We left these.
    Remove(Vec<BareJid>),
}

/// The feature that says our server copies bookmarks between XEP-0048 and XEP-0402.
pub const COMPAT: &str = "urn:xmpp:bookmarks:1#compat";

/// What to write to private storage after `change`, from the answer to `legacy_request`
/// (None: nothing stored yet). Every other entry (other rooms, links, what we do not know)
/// stays as it was: the storage is shared with other clients.
pub fn legacy_store(answer: Option<&Element>, change: &LegacyChange) -> Element {
    let gone: Vec<&BareJid> = match change {
        LegacyChange::Add(b) => vec![&b.room],
        LegacyChange::Remove(rooms) => rooms.iter().collect(),
    };
    let storage = answer
        .filter(|a| a.is("query", PRIVATE))
        .and_then(|a| a.get_child("storage", LEGACY));
    let kept = storage.into_iter().flat_map(Element::children).filter(|c| {
        !(c.is("conference", LEGACY)
            && c.attr("jid")
                .and_then(|j| j.parse::<BareJid>().ok())
                .is_some_and(|j| gone.contains(&&j)))
    });
    let mut out = xml::build("storage", LEGACY).append_all(kept.cloned());
    if let LegacyChange::Add(b) = change {
        let mut c = xml::attr(
            xml::attr(xml::build("conference", LEGACY), "jid", b.room.as_str()),
            "autojoin",
            if b.autojoin { "true" } else { "false" },
        );
        if let Some(name) = &b.name {
            c = xml::attr(c, "name", name.as_str());
        }
        if let Some(nick) = &b.nick {
            c = c.append(xml::text("nick", LEGACY, nick));
        }
        if let Some(password) = &b.password {
            c = c.append(xml::text("password", LEGACY, password));
        }
        out = out.append(c.build());
    }
    xml::build("query", PRIVATE).append(out.build()).build()
}

/// The bookmarks among a node's items (from a fetch or a notification).
pub fn from_items(items: &[super::pubsub::Item]) -> Vec<Bookmark> {
    items
        .iter()
        .filter_map(|i| parse(i.id.as_deref(), i.payload.as_ref()))
        .collect()
}

/// `<pubsub><retract node=… notify='true'><item id=room/></retract></pubsub>`: the room
/// leaves our bookmarks, and our other devices are told.
pub fn retract(room: &BareJid) -> Element {
    let retract = xml::attr(
        xml::attr(xml::build("retract", ns::PUBSUB), "node", NODE),
        "notify",
        "true",
    )
    .append(xml::empty("item", ns::PUBSUB, &[("id", room.as_str())]))
    .build();
    xml::build("pubsub", ns::PUBSUB).append(retract).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bookmark_round_trips() {
        let b = Bookmark {
            room: "team@conference.example.org".parse().unwrap(),
            name: Some("Team".into()),
            autojoin: true,
            nick: Some("Alice".into()),
            password: None,
        };
        let e = element(&b);
        assert_eq!(
            xml::to_string(&e),
            "<conference xmlns='urn:xmpp:bookmarks:1' autojoin='true' name='Team'>\
             <nick>Alice</nick></conference>"
        );
        assert_eq!(
            parse(Some("team@conference.example.org"), Some(&e)),
            Some(b)
        );
    }

    #[test]
    fn reads_what_other_clients_write() {
        // XEP-0402's own example, with extensions we keep out of.
        let e: Element = "<conference xmlns='urn:xmpp:bookmarks:1' name='The Play&apos;s the Thing' autojoin='1'>
              <nick>JC</nick>
              <extensions><state xmlns='http://myclient.example/bookmark/state' minimized='true'/></extensions>
            </conference>"
            .parse()
            .unwrap();
        let b = parse(Some("theplay@conference.shakespeare.lit"), Some(&e)).unwrap();
        assert!(b.autojoin);
        assert_eq!(b.nick.as_deref(), Some("JC"));
        assert_eq!(b.name.as_deref(), Some("The Play's the Thing"));
        // An item that is no room, or no conference, is no bookmark.
        assert_eq!(parse(Some("not a jid@@"), Some(&e)), None);
        let other: Element = "<x xmlns='urn:xmpp:bookmarks:1'/>".parse().unwrap();
        assert_eq!(parse(Some("a@b"), Some(&other)), None);
        assert_eq!(parse(None, Some(&e)), None);
    }

    #[test]
    fn reads_bookmarks_older_clients_kept() {
        let answer: Element = "<query xmlns='jabber:iq:private'>
              <storage xmlns='storage:bookmarks'>
                <conference name='Council' autojoin='true' jid='council@chat.example.org'>
                  <nick>Puck</nick></conference>
                <conference jid='quiet@chat.example.org'/>
                <url name='not a room' url='https://example.org'/>
              </storage></query>"
            .parse()
            .unwrap();
        let marks = legacy(&answer);
        assert_eq!(marks.len(), 2);
        assert!(marks[0].autojoin && marks[0].nick.as_deref() == Some("Puck"));
        assert!(!marks[1].autojoin);
        assert_eq!(
            xml::to_string(&legacy_request()),
            "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query>"
        );
    }

    /// Written back for older clients: our room replaced or removed, every other entry of
    /// the shared storage kept.
    #[test]
    fn legacy_bookmarks_are_written_back_keeping_the_rest() {
        let stored: Element =
            "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>\
             <conference jid='team@chat.example.org' autojoin='false'/>\
             <url name='news' url='https://example.org'/>\
             <conference jid='quiet@chat.example.org'/></storage></query>"
                .parse()
                .unwrap();
        let team: BareJid = "team@chat.example.org".parse().unwrap();
        let add = LegacyChange::Add(Bookmark {
            room: team.clone(),
            name: None,
            autojoin: true,
            nick: Some("Alice".into()),
            password: None,
        });
        assert_eq!(
            xml::to_string(&legacy_store(Some(&stored), &add)),
            "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>\
             <url name='news' url='https://example.org'/>\
             <conference jid='quiet@chat.example.org'/>\
             <conference autojoin='true' jid='team@chat.example.org'><nick>Alice</nick>\
             </conference></storage></query>"
        );
        assert_eq!(
            xml::to_string(&legacy_store(
                Some(&stored),
                &LegacyChange::Remove(vec![team.clone()])
            )),
            "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>\
             <url name='news' url='https://example.org'/>\
             <conference jid='quiet@chat.example.org'/></storage></query>"
        );
        assert_eq!(
            xml::to_string(&legacy_store(None, &LegacyChange::Remove(vec![team]))),
            "<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query>"
        );
    }

    #[test]
    fn retracting_tells_our_other_devices() {
        assert_eq!(
            xml::to_string(&retract(&"team@conference.example.org".parse().unwrap())),
            "<pubsub xmlns='http://jabber.org/protocol/pubsub'>\
             <retract node='urn:xmpp:bookmarks:1' notify='true'>\
             <item id='team@conference.example.org'/></retract></pubsub>"
        );
    }
}
