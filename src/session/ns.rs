//! Namespaces we speak, in one place.

pub const CLIENT: &str = "jabber:client";
pub const CARBONS: &str = "urn:xmpp:carbons:2";
pub const FORWARD: &str = "urn:xmpp:forward:0";
pub const DELAY: &str = "urn:xmpp:delay";
pub const MAM: &str = "urn:xmpp:mam:2";
pub const RSM: &str = "http://jabber.org/protocol/rsm";
pub const DATA_FORMS: &str = "jabber:x:data";
pub const SID: &str = "urn:xmpp:sid:0";
pub const RECEIPTS: &str = "urn:xmpp:receipts";
pub const MARKERS: &str = "urn:xmpp:chat-markers:0";
pub const CHATSTATES: &str = "http://jabber.org/protocol/chatstates";
pub const CORRECTION: &str = "urn:xmpp:message-correct:0";
pub const RETRACT: &str = "urn:xmpp:message-retract:1";
pub const REACTIONS: &str = "urn:xmpp:reactions:0";
pub const REPLY: &str = "urn:xmpp:reply:0";
pub const FALLBACK: &str = "urn:xmpp:fallback:0";
pub const HINTS: &str = "urn:xmpp:hints";
pub const ROSTER: &str = "jabber:iq:roster";
pub const DISCO_INFO: &str = "http://jabber.org/protocol/disco#info";
pub const CAPS: &str = "http://jabber.org/protocol/caps";
pub const PING: &str = "urn:xmpp:ping";
pub const VERSION: &str = "jabber:iq:version";
pub const STANZAS: &str = "urn:ietf:params:xml:ns:xmpp-stanzas";
