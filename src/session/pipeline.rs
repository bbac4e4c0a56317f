//! The receive pipeline for `<message/>`, in the order of docs/architecture.md:
//! authenticate the sender, unwrap carbons and archive results (only from who may send
//! them), [decrypt: OMEMO issue], then read every payload we understand into one `Inbound`.
//! Deduplication, reinterpretation and storage happen in the worker, in one transaction
//! per batch. Nothing here does I/O.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::minidom::Element;

use super::reactions::Reactions;
use super::{
    carbons, chatstates, correction, delay, mam, markers, muc, ns, oob, reactions, receipts,
    replies, retraction, sid,
};
use crate::core::{Direction, Namespaces};
use crate::omemo::DeviceId;
use crate::omemo::wire::{self, Opened};
use crate::store::omemo::DeviceAddress;

/// How a message reached us.
#[derive(Debug, Clone, PartialEq)]
pub enum Via {
    Live,
    Carbon,
    Archive {
        query_id: String,
        archive_id: String,
    },
}

/// A message that passed the checks, with everything we understood in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inbound {
    pub via: Via,
    pub direction: Direction,
    /// The other party of the conversation.
    pub peer: BareJid,
    /// Who wrote it (our bare JID when direction is Out).
    pub sender: BareJid,
    /// The full address it came from, to answer receipts (live messages only).
    pub reply_address: Option<Jid>,
    pub id: Option<String>,
    pub origin_id: Option<String>,
    /// A stanza-id stamped by our own archive, or the archive id of a MAM result. Trusted
    /// only once the server advertised urn:xmpp:sid:0 (the worker decides).
    pub stanza_id: Option<String>,
    pub timestamp: Option<DateTime<Utc>>,
    pub body: Option<String>,
    pub is_error: bool,
    pub error_text: Option<String>,
    pub receipt_requested: bool,
    pub receipt_for: Option<String>,
    pub displayed: Option<String>,
    pub composing: Option<bool>,
    pub replaces: Option<String>,
    pub retracts: Option<String>,
    pub reactions: Option<Reactions>,
    pub reply_to: Option<String>,
    /// It came OMEMO-encrypted (step 3 replaced the fallback body with the real one).
    pub encrypted: bool,
    /// The namespace it came in, once step 3 opened it.
    pub namespaces: Namespaces,
    /// Why it could not be decrypted, for the person to see.
    pub undecryptable: Option<String>,
    /// The `<encrypted>` element read, waiting for step 3 (the worker holds the sessions).
    pub omemo: Option<Opened>,
    /// For an encrypted reply: the message's XEP-0428 fallback ranges, to cut the quote from
    /// the decrypted body as from a plain one.
    pub reply_fallback: Option<Element>,
    /// The device that encrypted it, once decrypted: its key's trust is checked when stored.
    pub omemo_sender: Option<DeviceAddress>,
    /// In a room: the occupant's nickname.
    pub nick: Option<String>,
    /// The room removed the message it gave this stanza-id, on a moderator's word
    /// (XEP-0425); only ever from the room itself.
    pub moderated: Option<String>,
    /// A private message with this occupant of the room `peer` (XEP-0045 §7.5): a
    /// conversation of its own, neither the room's nor a contact's.
    pub private: Option<String>,
    /// In a room that shows real addresses: who wrote it, whose keys decrypt it.
    pub author: Option<BareJid>,
    /// In a room that stamps them (XEP-0421): the writer's occupant id.
    pub occupant_id: Option<String>,
    /// The address its XEP-0066 `<x/>` names: with the same body, a shared file.
    pub oob_url: Option<String>,
    /// What XEP-0447/0446 say of a shared file (name, size, type, where).
    pub file_meta: Option<super::sfs::FileMeta>,
}

impl Inbound {
    /// A message from `sender` in the conversation with `peer`, carrying nothing yet.
    pub fn new(via: Via, direction: Direction, peer: BareJid, sender: BareJid) -> Inbound {
        Inbound {
            via,
            direction,
            peer,
            sender,
            reply_address: None,
            id: None,
            origin_id: None,
            stanza_id: None,
            timestamp: None,
            body: None,
            is_error: false,
            error_text: None,
            receipt_requested: false,
            receipt_for: None,
            displayed: None,
            composing: None,
            replaces: None,
            retracts: None,
            reactions: None,
            reply_to: None,
            encrypted: false,
            namespaces: Namespaces::default(),
            undecryptable: None,
            omemo: None,
            reply_fallback: None,
            omemo_sender: None,
            nick: None,
            private: None,
            moderated: None,
            author: None,
            occupant_id: None,
            oob_url: None,
            file_meta: None,
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum Verdict {
    Accept(Box<Inbound>),
    /// Dropped, with the reason for the log (never the content).
    Drop(&'static str),
}

pub struct Context<'a> {
    pub own: &'a BareJid,
    /// The id of the archive query we have open, if any.
    pub open_query: Option<&'a str>,
    /// Our OMEMO device, whose keys we look for in `<encrypted>`.
    pub device: Option<DeviceId>,
    /// Rooms we are in.
    pub rooms: &'a HashMap<BareJid, RoomView>,
    /// Our open queries to room archives: query id to room.
    pub room_queries: &'a HashMap<String, BareJid>,
}

/// What the pipeline needs to know of a room we are in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomView {
    /// Our nickname there: messages from it are ours, reflected.
    pub nick: String,
    /// The room advertises urn:xmpp:sid:0, so its stanza-ids are unique.
    pub sid: bool,
    /// Occupants' real addresses by nickname, as the room's presences show them.
    pub real: HashMap<String, BareJid>,
    /// The room advertises XEP-0421: it stamps every message with the writer's occupant id
    /// (and removes any the writer put in), so two messages with one id have one writer.
    pub occupant_ids: bool,
}

/// Bodies above this are cut: a message is not a file transfer.
const MAX_BODY_BYTES: usize = 64 * 1024;

fn bare_of(attr: Option<&str>) -> Option<(BareJid, Jid)> {
    let jid: Jid = attr?.parse().ok()?;
    Some((jid.to_bare(), jid))
}

pub fn receive(outer: &Element, ctx: &Context) -> Verdict {
    // A room's archive answering our query, or a room speaking live.
    if let Some(room) = mam::query_of(outer).and_then(|q| Some((q, ctx.room_queries.get(q)?))) {
        let (query, room) = room;
        return match mam::room_result(outer, room, query) {
            mam::ArchiveResult::Result(r) if r.message.attr("type") == Some("groupchat") => {
                let via = Via::Archive {
                    query_id: r.query_id.clone(),
                    archive_id: r.archive_id.clone(),
                };
                groupchat(via, r.message, Some(r.forwarded), room, ctx)
            }
            mam::ArchiveResult::Result(_) => {
                Verdict::Drop("a room archive result not from the room")
            }
            _ => Verdict::Drop("archive result not from the room we asked"),
        };
    }
    if outer.attr("type") == Some("groupchat") {
        let Some(room) = bare_of(outer.attr("from")).map(|(bare, _)| bare) else {
            return Verdict::Drop("group chat message without sender");
        };
        if !ctx.rooms.contains_key(&room) {
            return Verdict::Drop("group chat message from a room we are not in");
        }
        return groupchat(Via::Live, outer, None, &room, ctx);
    }
    // 1-2: who really sent it, and what is inside.
    let (via, message, forwarded) = match mam::result(outer, ctx.own, ctx.open_query) {
        mam::ArchiveResult::Forged => {
            return Verdict::Drop("archive result not from our archive or query");
        }
        mam::ArchiveResult::Result(r) => (
            Via::Archive {
                query_id: r.query_id,
                archive_id: r.archive_id,
            },
            r.message,
            Some(r.forwarded),
        ),
        mam::ArchiveResult::None => match carbons::unwrap(outer, ctx.own) {
            carbons::Carbon::Forged => return Verdict::Drop("carbon not from our own account"),
            carbons::Carbon::Received(m) | carbons::Carbon::Sent(m) => (Via::Carbon, m, None),
            carbons::Carbon::None => (Via::Live, outer, None),
        },
    };
    if via != Via::Live && message.attr("type") == Some("groupchat") {
        return Verdict::Drop("forwarded group chat message");
    }
    // A private message through a room (or its carbon) is not a chat with the room, nor with
    // whoever the nickname looks like (security.md: MUC PM carbon).
    let room_side =
        |attr: Option<&str>| bare_of(attr).is_some_and(|(bare, _)| ctx.rooms.contains_key(&bare));
    if message.attr("type") != Some("error")
        && (message.get_child("x", muc::USER).is_some()
            || room_side(message.attr("from"))
            || room_side(message.attr("to")))
    {
        if via != Via::Live {
            // Our other devices' private messages are theirs (XEP-0280 §6 asks servers not
            // to copy them), and the room hands us ours live: a copy is only a way to forge.
            return Verdict::Drop("a copy of a private message through a room");
        }
        return private(message, ctx);
    }
    let from = bare_of(message.attr("from"));
    let to = bare_of(message.attr("to"));
    // A live message without from comes from our own account's server, not a contact.
    let (direction, peer, sender, reply_address) = match (&via, from, to) {
        (Via::Live, Some((from, full)), _) => (Direction::In, from.clone(), from, Some(full)),
        (Via::Live, None, _) => return Verdict::Drop("message without sender"),
        (_, Some((from, _)), Some((to, _))) if &from == ctx.own => (Direction::Out, to, from, None),
        (_, Some((from, _)), _) => (Direction::In, from.clone(), from, None),
        (_, None, _) => return Verdict::Drop("forwarded message without sender"),
    };
    if peer.node().is_none() && direction == Direction::In {
        // Servers and components send headlines and notices, not chats.
        return Verdict::Drop("message from a server or component");
    }

    let stanza_id = match &via {
        Via::Archive { archive_id, .. } => Some(archive_id.clone()),
        _ => sid::stanza_id_by(message, ctx.own),
    };
    let timestamp = forwarded
        .and_then(delay::stamp)
        .or_else(|| delay::stamp(message));
    let is_error = message.attr("type") == Some("error");
    let error_text = if is_error {
        message.get_child("error", ns::CLIENT).map(|e| {
            let text = e.get_child("text", ns::STANZAS).map(|t| t.text());
            let condition = e
                .children()
                .find(|c| c.ns() == ns::STANZAS && c.name() != "text")
                .map(|c| c.name().to_string());
            text.or(condition).unwrap_or_else(|| "error".into())
        })
    } else {
        None
    };
    let reply_to = replies::reply_to(message);
    let body = body_of(message, reply_to.is_some());
    let inbound = Inbound {
        reply_address,
        id: message.attr("id").map(str::to_string),
        origin_id: sid::origin_id(message),
        stanza_id,
        timestamp,
        body,
        is_error,
        error_text,
        receipt_requested: receipts::requested(message),
        receipt_for: receipts::received(message),
        displayed: markers::displayed(message),
        composing: chatstates::composing(message),
        replaces: correction::replaces(message),
        retracts: retraction::retracts(message),
        reactions: reactions::parse(message),
        reply_to,
        oob_url: oob::url(message),
        file_meta: super::sfs::parse(message),
        ..Inbound::new(via, direction, peer, sender)
    };
    let mut inbound = inbound;
    // A bounce of a private message we sent through a room belongs to that conversation.
    if is_error
        && let Some((room, nick)) = muc::occupant(message.attr("from"))
        && ctx.rooms.contains_key(&room)
    {
        inbound.private = Some(nick);
    }
    open_encrypted(&mut inbound, message, ctx);
    accept_unless_empty(inbound)
}

/// A message of a room we are in (live), or of its archive (our query): who wrote it, and
/// its body. Ours come back reflected under our nickname. Corrections, retractions and
/// reactions count only where the room stamps occupant ids (XEP-0421): a nickname alone could
/// change another person's message, or react in their name.
fn groupchat(
    via: Via,
    message: &Element,
    forwarded: Option<&Element>,
    room: &BareJid,
    ctx: &Context,
) -> Verdict {
    let Some((from_room, nick)) = muc::occupant(message.attr("from")) else {
        return from_the_room(via, message, room);
    };
    if &from_room != room {
        return Verdict::Drop("group chat message of another room");
    }
    let view = ctx.rooms.get(room);
    let ours = view.is_some_and(|v| v.nick == nick);
    let (direction, sender) = if ours {
        (Direction::Out, ctx.own.clone())
    } else {
        (Direction::In, room.clone())
    };
    let stanza_id = match &via {
        Via::Archive { archive_id, .. } => Some(archive_id.clone()),
        _ => view
            .filter(|v| v.sid)
            .and_then(|_| sid::stanza_id_by(message, room)),
    };
    let timestamp = forwarded
        .and_then(delay::stamp)
        .or_else(|| delay::stamp(message));
    let reply_to = replies::reply_to(message);
    let body = body_of(message, reply_to.is_some());
    // Whose keys decrypt it: live, the address the room's presences gave this nickname; in
    // the archive, the one the room stored with the message (never a nickname's present
    // owner, who may be someone else by now).
    let author = if ours {
        Some(ctx.own.clone())
    } else {
        match &via {
            Via::Archive { .. } => muc::archived_author(message),
            _ => view.and_then(|v| v.real.get(&nick).cloned()),
        }
    };
    let occupant_id = view
        .filter(|v| v.occupant_ids)
        .and_then(|_| muc::occupant_id(message));
    let changes = ours || occupant_id.is_some();
    let mut inbound = Inbound {
        id: message.attr("id").map(str::to_string),
        origin_id: sid::origin_id(message),
        stanza_id,
        timestamp,
        body,
        reply_to,
        nick: Some(nick),
        author,
        replaces: correction::replaces(message).filter(|_| changes),
        retracts: retraction::retracts(message).filter(|_| changes),
        reactions: reactions::parse(message).filter(|_| changes),
        occupant_id,
        // Typing means something only now, and ours comes back to us.
        composing: chatstates::composing(message).filter(|_| via == Via::Live && !ours),
        oob_url: oob::url(message),
        file_meta: super::sfs::parse(message),
        ..Inbound::new(via, direction, room.clone(), sender)
    };
    open_encrypted(&mut inbound, message, ctx);
    accept_unless_empty(inbound)
}

/// A group chat message from the room itself (not an occupant): a moderator's removal of a
/// message (XEP-0425), live or in its archive; anything else it says is not a message.
fn from_the_room(via: Via, message: &Element, room: &BareJid) -> Verdict {
    if message
        .attr("from")
        .and_then(|f| f.parse::<BareJid>().ok())
        .as_ref()
        != Some(room)
    {
        return Verdict::Drop("group chat message of another room");
    }
    match super::moderation::announced(message) {
        Some(removal) => accept_unless_empty(Inbound {
            moderated: Some(removal.stanza_id),
            ..Inbound::new(via, Direction::In, room.clone(), room.clone())
        }),
        None => Verdict::Drop("group chat message from the room itself"),
    }
}

/// A private message from an occupant of a room we are in (XEP-0045 §7.5), live. Read as a
/// one-to-one chat whose other party is the occupant, the room standing for their address:
/// corrections and reactions count within that conversation alone.
fn private(message: &Element, ctx: &Context) -> Verdict {
    let Some((room, nick)) = muc::occupant(message.attr("from")) else {
        return Verdict::Drop("a room's own message that is not a group chat one");
    };
    let Some(view) = ctx.rooms.get(&room) else {
        return Verdict::Drop("a private message through a room we are not in");
    };
    if nick.is_empty() || view.nick == nick {
        return Verdict::Drop("a private message from our own nickname");
    }
    let reply_to = replies::reply_to(message);
    let body = body_of(message, reply_to.is_some());
    let mut inbound = Inbound {
        reply_address: message.attr("from").and_then(|f| f.parse().ok()),
        id: message.attr("id").map(str::to_string),
        origin_id: sid::origin_id(message),
        stanza_id: sid::stanza_id_by(message, ctx.own),
        timestamp: delay::stamp(message),
        body,
        receipt_for: receipts::received(message),
        composing: chatstates::composing(message),
        replaces: correction::replaces(message),
        retracts: retraction::retracts(message),
        reactions: reactions::parse(message),
        reply_to,
        oob_url: oob::url(message),
        file_meta: super::sfs::parse(message),
        private: Some(nick),
        ..Inbound::new(Via::Live, Direction::In, room.clone(), room)
    };
    // Whose keys would open it is not ours to guess from a nickname: shown, not decrypted.
    if ctx
        .device
        .and_then(|d| wire::open(message, ctx.own, d))
        .is_some()
    {
        inbound.encrypted = true;
        inbound.body = None;
        inbound.undecryptable =
            Some("encrypted private messages through a room cannot be decrypted".into());
    }
    accept_unless_empty(inbound)
}

/// 3 (prepared): finds what is addressed to our device for the worker to decrypt.
fn open_encrypted(inbound: &mut Inbound, message: &Element, ctx: &Context) {
    let in_room = inbound.nick.is_some();
    match ctx.device.and_then(|d| wire::open(message, ctx.own, d)) {
        Some(Ok(_)) if in_room && inbound.author.is_none() => {
            inbound.encrypted = true;
            inbound.body = None;
            inbound.undecryptable =
                Some("the room does not show who wrote this, so it cannot be decrypted".into());
        }
        Some(Ok(opened)) => {
            if inbound.reply_to.is_some() {
                inbound.reply_fallback = Some(replies::fallback_only(message));
            }
            inbound.omemo = Some(opened)
        }
        Some(Err(_)) => {
            inbound.encrypted = true;
            inbound.body = None;
            inbound.undecryptable = Some("the encrypted element is malformed".into());
        }
        None => {}
    }
}

/// The body, without the quote a reply carries as its fallback, cut to MAX_BODY_BYTES.
fn body_of(message: &Element, reply: bool) -> Option<String> {
    message.get_child("body", ns::CLIENT).map(|b| {
        let b = b.text();
        let b = if reply {
            replies::strip_fallback(message, &b)
        } else {
            b
        };
        cut(b)
    })
}

fn cut(mut b: String) -> String {
    if b.len() > MAX_BODY_BYTES {
        let mut at = MAX_BODY_BYTES;
        while !b.is_char_boundary(at) {
            at -= 1;
        }
        b.truncate(at);
    }
    b
}

/// 5: drop what carries nothing we use.
fn accept_unless_empty(inbound: Inbound) -> Verdict {
    let empty = inbound.body.as_deref().is_none_or(str::is_empty)
        && !inbound.is_error
        && inbound.receipt_for.is_none()
        && inbound.displayed.is_none()
        && inbound.composing.is_none()
        && inbound.retracts.is_none()
        && inbound.moderated.is_none()
        && inbound.reactions.is_none()
        && !inbound.encrypted
        && inbound.omemo.is_none();
    if empty {
        return Verdict::Drop("nothing we understand");
    }
    Verdict::Accept(Box::new(inbound))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> BareJid {
        "alice@example.org".parse().unwrap()
    }

    fn run(xml: &str, open_query: Option<&str>) -> Verdict {
        let el: Element = xml.parse().unwrap();
        receive(
            &el,
            &Context {
                own: &own(),
                open_query,
                device: None,
                rooms: &HashMap::new(),
                room_queries: &HashMap::new(),
            },
        )
    }

    fn accept(v: Verdict) -> Inbound {
        match v {
            Verdict::Accept(i) => *i,
            Verdict::Drop(why) => panic!("dropped: {why}"),
        }
    }

    /// Who wrote an encrypted room message decides whose session opens it: live, the real
    /// address the room's presences gave the nickname; from the archive, the one the room
    /// stored; nobody when the room shows none.
    #[test]
    fn encrypted_room_messages_are_opened_for_their_real_author_only() {
        let room: BareJid = "team@muc.example.org".parse().unwrap();
        let view = RoomView {
            real: HashMap::from([("bob".to_string(), "bob@example.org".parse().unwrap())]),
            ..alice_in_room(true, false)
        };
        let rooms = HashMap::from([(room.clone(), view)]);
        let queries = HashMap::from([("q1".to_string(), room.clone())]);
        let ctx = Context {
            own: &own(),
            open_query: None,
            device: DeviceId::new(6),
            rooms: &rooms,
            room_queries: &queries,
        };
        let encrypted = "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='5'>\
            <key rid='6'>MwgB</key><iv>AAAAAAAAAAAAAAAAAAAAAA==</iv></header>\
            <payload>AAAA</payload></encrypted>";
        let live = |nick: &str| {
            format!(
                "<message xmlns='jabber:client' from='team@muc.example.org/{nick}' \
                 to='alice@example.org/a' type='groupchat' id='g1'>\
                 <body>I sent you an OMEMO encrypted message</body>{encrypted}</message>"
            )
        };
        let from_bob = accept(receive(&live("bob").parse().unwrap(), &ctx));
        assert_eq!(
            from_bob.author.as_ref().map(|j| j.as_str()),
            Some("bob@example.org")
        );
        assert_eq!(
            from_bob.omemo.as_ref().map(|o| o.sender_device.get()),
            Some(5)
        );
        assert_eq!(from_bob.sender, room);

        // Someone the room shows no address for: shown as undecryptable, never opened as
        // the room's or anyone else's.
        let stranger = accept(receive(&live("carol").parse().unwrap(), &ctx));
        assert!(stranger.omemo.is_none() && stranger.body.is_none());
        assert!(
            stranger
                .undecryptable
                .as_deref()
                .is_some_and(|r| r.contains("who wrote"))
        );

        // From the archive: the author the room stored, not the nickname's present owner.
        let archived = format!(
            "<message xmlns='jabber:client' from='team@muc.example.org' to='alice@example.org/a'>\
             <result xmlns='urn:xmpp:mam:2' queryid='q1' id='a1'>\
             <forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/>\
             <message xmlns='jabber:client' type='groupchat' from='team@muc.example.org/bob'>\
             <body>fallback</body>{encrypted}<x xmlns='http://jabber.org/protocol/muc#user'>\
             <item affiliation='member' role='participant' jid='dave@example.org'/></x></message>\
             </forwarded></result></message>"
        );
        let old = accept(receive(&archived.parse().unwrap(), &ctx));
        assert_eq!(
            old.author.as_ref().map(|j| j.as_str()),
            Some("dave@example.org")
        );
        assert!(old.omemo.is_some());
    }

    /// A room we are in as Alice: whether its stanza-ids are unique, whether it stamps
    /// occupant ids; nobody's real address known.
    fn alice_in_room(sid: bool, occupant_ids: bool) -> RoomView {
        RoomView {
            nick: "Alice".into(),
            sid,
            real: HashMap::new(),
            occupant_ids,
        }
    }

    /// Typing in a room (XEP-0085 §5.5) counts live from someone else; our own comes back
    /// from the room, and the archive has none worth showing.
    #[test]
    fn typing_in_a_room_counts_live_from_others() {
        let room: BareJid = "team@muc.example.org".parse().unwrap();
        let view = alice_in_room(false, false);
        let rooms = HashMap::from([(room.clone(), view)]);
        let queries = HashMap::from([("q1".to_string(), room.clone())]);
        let ctx = Context {
            own: &own(),
            open_query: None,
            device: None,
            rooms: &rooms,
            room_queries: &queries,
        };
        let typing = |nick: &str| -> Element {
            format!(
                "<message xmlns='jabber:client' from='team@muc.example.org/{nick}' \
                 to='alice@example.org/a' type='groupchat' id='t1'>\
                 <composing xmlns='http://jabber.org/protocol/chatstates'/></message>"
            )
            .parse()
            .unwrap()
        };
        let bob = accept(receive(&typing("bob"), &ctx));
        assert_eq!(bob.composing, Some(true));
        assert_eq!(bob.nick.as_deref(), Some("bob"));
        assert_eq!(bob.peer, room);
        assert!(matches!(receive(&typing("Alice"), &ctx), Verdict::Drop(_)));
        let archived: Element = "<message xmlns='jabber:client' from='team@muc.example.org' \
             to='alice@example.org/a'><result xmlns='urn:xmpp:mam:2' queryid='q1' id='a1'>\
             <forwarded xmlns='urn:xmpp:forward:0'>\
             <delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/>\
             <message xmlns='jabber:client' type='groupchat' from='team@muc.example.org/bob'>\
             <composing xmlns='http://jabber.org/protocol/chatstates'/></message>\
             </forwarded></result></message>"
            .parse()
            .unwrap();
        assert!(matches!(receive(&archived, &ctx), Verdict::Drop(_)));
    }

    /// A correction in a room counts only with an occupant id the room stamped, and only from
    /// a room that stamps them: elsewhere any occupant could write one.
    #[test]
    fn room_corrections_need_a_room_that_stamps_occupant_ids() {
        let room: BareJid = "team@muc.example.org".parse().unwrap();
        let correction: Element =
            ("<message xmlns='jabber:client' from='team@muc.example.org/bob' \
             to='alice@example.org/a' type='groupchat' id='c2'><body>hello</body>\
             <replace xmlns='urn:xmpp:message-correct:0' id='c1'/>\
             <reactions xmlns='urn:xmpp:reactions:0' id='s1'><reaction>👍</reaction></reactions>\
             <occupant-id xmlns='urn:xmpp:occupant-id:0' id='bob-id'/></message>")
                .parse()
                .unwrap();
        for stamps in [true, false] {
            let view = alice_in_room(false, stamps);
            let rooms = HashMap::from([(room.clone(), view)]);
            let ctx = Context {
                own: &own(),
                open_query: None,
                device: None,
                rooms: &rooms,
                room_queries: &HashMap::new(),
            };
            let i = accept(receive(&correction, &ctx));
            assert_eq!(i.occupant_id.is_some(), stamps);
            assert_eq!(i.replaces.is_some(), stamps);
            assert_eq!(i.reactions.is_some(), stamps);
            assert_eq!(i.body.as_deref(), Some("hello"));
        }
    }

    #[test]
    fn live_chat_message() {
        let i = accept(run(
            "<message xmlns='jabber:client' from='bob@example.org/phone' to='alice@example.org/a' type='chat' id='m1'>
             <body>hello</body><request xmlns='urn:xmpp:receipts'/><origin-id xmlns='urn:xmpp:sid:0' id='o1'/>
             <stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.org' id='s1'/></message>",
            None,
        ));
        assert_eq!(i.direction, Direction::In);
        assert_eq!(i.peer.as_str(), "bob@example.org");
        assert_eq!(i.body.as_deref(), Some("hello"));
        assert!(i.receipt_requested);
        assert_eq!(i.origin_id.as_deref(), Some("o1"));
        assert_eq!(i.stanza_id.as_deref(), Some("s1"));
        assert_eq!(
            i.reply_address.unwrap().to_string(),
            "bob@example.org/phone"
        );
    }

    #[test]
    fn sent_carbon_is_outgoing_to_the_recipient() {
        let i = accept(run(
            "<message xmlns='jabber:client' from='alice@example.org' to='alice@example.org/a'>
             <sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
             <message xmlns='jabber:client' from='alice@example.org/phone' to='bob@example.org' type='chat'><body>from my phone</body></message>
             </forwarded></sent></message>",
            None,
        ));
        assert_eq!(i.direction, Direction::Out);
        assert_eq!(i.peer.as_str(), "bob@example.org");
        assert_eq!(i.via, Via::Carbon);
    }

    #[test]
    fn carbons_forgery_cve_2017_5589_is_dropped_by_the_pipeline() {
        let v = run(
            "<message xmlns='jabber:client' from='mallory@evil.example/x' to='alice@example.org/a'>
             <received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
             <message xmlns='jabber:client' from='bob@example.org/x' to='alice@example.org' type='chat'><body>forged</body></message>
             </forwarded></received></message>",
            None,
        );
        assert!(matches!(v, Verdict::Drop(_)));
    }

    #[test]
    fn archive_result_keeps_the_archive_id_and_time() {
        let i = accept(run(
            "<message xmlns='jabber:client' to='alice@example.org/a'>
             <result xmlns='urn:xmpp:mam:2' queryid='q' id='A1'><forwarded xmlns='urn:xmpp:forward:0'>
             <delay xmlns='urn:xmpp:delay' stamp='2020-05-05T05:05:05Z'/>
             <message xmlns='jabber:client' from='alice@example.org/b' to='bob@example.org' type='chat'><body>mine</body></message>
             </forwarded></result></message>",
            Some("q"),
        ));
        assert_eq!(i.stanza_id.as_deref(), Some("A1"));
        assert_eq!(i.direction, Direction::Out);
        assert_eq!(
            i.timestamp.unwrap().to_rfc3339(),
            "2020-05-05T05:05:05+00:00"
        );
    }

    #[test]
    fn empty_and_serverside_messages_are_dropped() {
        assert!(matches!(
            run(
                "<message xmlns='jabber:client' from='bob@example.org/x'/>",
                None
            ),
            Verdict::Drop(_)
        ));
        assert!(matches!(
            run(
                "<message xmlns='jabber:client' from='example.org'><body>motd</body></message>",
                None
            ),
            Verdict::Drop(_)
        ));
        assert!(matches!(
            run(
                "<message xmlns='jabber:client'><body>x</body></message>",
                None
            ),
            Verdict::Drop(_)
        ));
    }

    #[test]
    fn error_bounce_carries_its_reason() {
        let i = accept(run(
            "<message xmlns='jabber:client' from='nobody@example.org' type='error' id='o5'>
             <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
            None,
        ));
        assert!(i.is_error);
        assert_eq!(i.error_text.as_deref(), Some("item-not-found"));
    }

    #[test]
    fn huge_bodies_are_cut_on_a_char_boundary() {
        let body = "é".repeat(40_000);
        let i = accept(run(
            &format!(
                "<message xmlns='jabber:client' from='bob@example.org/x'><body>{body}</body></message>"
            ),
            None,
        ));
        assert!(i.body.unwrap().len() <= MAX_BODY_BYTES);
    }

    /// A private message through a room we are in (XEP-0045 §7.5) is a conversation with the
    /// occupant: live only, never from our own nickname, never from a room we are not in, and
    /// its bounce belongs to it.
    #[test]
    fn private_messages_through_a_room_belong_to_the_occupant() {
        let room: BareJid = "team@muc.example.org".parse().unwrap();
        let view = alice_in_room(true, true);
        let rooms = HashMap::from([(room.clone(), view)]);
        let queries = HashMap::new();
        let ctx = Context {
            own: &own(),
            open_query: None,
            device: None,
            rooms: &rooms,
            room_queries: &queries,
        };
        let verdict = |xml: &str| receive(&xml.parse().unwrap(), &ctx);
        let pm = |from: &str| {
            format!(
                "<message xmlns='jabber:client' from='{from}' to='alice@example.org/a' \
                 type='chat' id='p1'><body>psst</body><composing \
                 xmlns='http://jabber.org/protocol/chatstates'/>\
                 <x xmlns='http://jabber.org/protocol/muc#user'/></message>"
            )
        };
        let i = accept(verdict(&pm("team@muc.example.org/bob")));
        assert_eq!(
            (i.peer.as_str(), i.sender.as_str()),
            (room.as_str(), room.as_str())
        );
        assert_eq!(i.private.as_deref(), Some("bob"));
        assert_eq!(i.nick, None, "not a room message");
        assert_eq!(i.direction, Direction::In);
        assert_eq!(i.body.as_deref(), Some("psst"));
        assert_eq!(
            i.reply_address.map(|j| j.to_string()).as_deref(),
            Some("team@muc.example.org/bob")
        );

        for (from, why) in [
            ("other@muc.example.org/bob", "not in"),
            ("team@muc.example.org/Alice", "own nickname"),
            ("team@muc.example.org", "room's own"),
        ] {
            match verdict(&pm(from)) {
                Verdict::Drop(reason) => assert!(reason.contains(why), "{from}: {reason}"),
                Verdict::Accept(i) => panic!("{from} accepted: {i:?}"),
            }
        }
        // A carbon of one, even from our own account, is no way in.
        let carbon = "<message xmlns='jabber:client' from='alice@example.org' \
             to='alice@example.org/a'><received xmlns='urn:xmpp:carbons:2'>\
             <forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' \
             from='team@muc.example.org/bob' to='alice@example.org/b' type='chat'>\
             <body>psst</body><x xmlns='http://jabber.org/protocol/muc#user'/></message>\
             </forwarded></received></message>";
        assert!(matches!(verdict(carbon), Verdict::Drop(r) if r.contains("copy")));

        let bounce = accept(verdict(
            "<message xmlns='jabber:client' from='team@muc.example.org/bob' \
             to='alice@example.org/a' type='error' id='o1'><error type='cancel'>\
             <item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
        ));
        assert!(bounce.is_error);
        assert_eq!(bounce.private.as_deref(), Some("bob"));
    }
}
