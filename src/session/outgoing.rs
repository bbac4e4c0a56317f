//! What we send: stanzas built from the user's intent, written to the store and the outbox
//! in one transaction before a byte goes to the socket (docs/architecture.md, Sending).

use chrono::Utc;
use xmpp_parsers::jid::{BareJid, FullJid, Jid};
use xmpp_parsers::minidom::Element;

use super::{
    chatstates, correction, markers, muc, ns, oob, reactions, receipts, replies, retraction, sfs,
    sid, xml,
};
use crate::core::{
    AccountId, Attachment, Delivery, Direction, Error, ErrorKind, MessageId, OutgoingText,
    new_stanza_id,
};
use crate::store::{Store, conversations, media, messages, outbox, rooms};

/// Why a reaction is refused in an end-to-end encrypted conversation.
pub const REACTIONS_NOT_ENCRYPTED: &str =
    "reactions cannot be end-to-end encrypted, so they are not sent in an encrypted conversation";

/// Longest body we send; longer text should be a file.
pub const MAX_BODY_CHARS: usize = 20_000;

fn chat(to: &BareJid, id: &str) -> xmpp_parsers::minidom::ElementBuilder {
    addressed(to.as_str(), "chat", id)
}

/// A chat message to one occupant of a room (XEP-0045 §7.5), marked as such so that our
/// server keeps carbons of it from our other devices, which are not in the room (XEP-0280).
fn private(to: &FullJid, id: &str) -> xmpp_parsers::minidom::ElementBuilder {
    addressed(to.as_str(), "chat", id).append(xml::empty("x", muc::USER, &[]))
}

fn addressed(to: &str, kind: &str, id: &str) -> xmpp_parsers::minidom::ElementBuilder {
    let b = xml::attr(xml::build("message", ns::CLIENT), "to", to);
    let b = xml::attr(b, "type", kind);
    xml::attr(b, "id", id).append(sid::origin_id_element(id))
}

/// A text message; its id attribute equals its origin-id, so every reference (receipts,
/// markers, corrections, reactions, replies) finds it by either. `extra` carries what a
/// reply adds.
pub fn text_stanza(
    to: &BareJid,
    body: &str,
    id: &str,
    extra: impl IntoIterator<Item = Element>,
) -> Element {
    chat(to, id)
        .append(xml::text("body", ns::CLIENT, body))
        .append(receipts::request())
        .append(markers::markable())
        .append(chatstates::active())
        .append_all(extra)
        .build()
}

/// A message to a room: type groupchat, no receipt or marker request (XEP-0184 and
/// XEP-0333 leave those to one-to-one chats); the room's reflection says it arrived.
pub fn room_text_stanza(
    room: &BareJid,
    body: &str,
    id: &str,
    extra: impl IntoIterator<Item = Element>,
) -> Element {
    addressed(room.as_str(), "groupchat", id)
        .append(xml::text("body", ns::CLIENT, body))
        .append_all(extra)
        .build()
}

/// A message to one occupant of a room, privately: a receipt request (their client answers
/// through the room), no displayed marker (we send none back either).
pub fn private_text_stanza(
    to: &FullJid,
    body: &str,
    id: &str,
    extra: impl IntoIterator<Item = Element>,
) -> Element {
    private(to, id)
        .append(xml::text("body", ns::CLIENT, body))
        .append(receipts::request())
        .append(chatstates::active())
        .append_all(extra)
        .build()
}

/// The message a reply answers, checked: ours or our contact's, in the same conversation,
/// with an id the contact knows, not deleted.
async fn quoted(
    store: &Store,
    to: &BareJid,
    private: Option<&str>,
    message: MessageId,
) -> Result<replies::Quoted, Error> {
    let m = store
        .readers
        .read(move |c| messages::get(c, message))
        .await?;
    if &m.peer != to || m.private.as_deref() != private {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "a reply must stay in the conversation of the message it answers",
        ));
    }
    if m.retracted {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "the message was deleted and cannot be answered",
        ));
    }
    let id = m.origin_id.or(m.stanza_id).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidInput,
            "this message has no id its recipient knows",
        )
    })?;
    Ok(replies::Quoted {
        author: m.sender,
        id,
        body: m.body,
    })
}

/// Stores and queues a text message. Returns its id; the session sends it when online.
pub async fn queue_text(
    store: &Store,
    account: AccountId,
    own: BareJid,
    text: OutgoingText,
) -> Result<MessageId, Error> {
    queue_message(store, account, own, text, None, Vec::new()).await
}

/// Stores and queues the message that shares an uploaded file: its body is the file's
/// address, as every client expects. A plain https file is also named in XEP-0066 out-of-band
/// data (clients show it inline then); an aesgcm:// one travels only in the body, which the
/// conversation's encryption covers (the worker never sends it in plain text). A plain file
/// is described with XEP-0447 too (name, size, type, the SHA-256 of `sha256`).
pub async fn queue_file(
    store: &Store,
    account: AccountId,
    own: BareJid,
    to: BareJid,
    private: Option<String>,
    attachment: Attachment,
    sha256: Option<[u8; 32]>,
) -> Result<MessageId, Error> {
    let mut extra = Vec::new();
    if !attachment.encrypted() {
        extra.push(oob::element(&attachment.url));
        if let (Some(size), Some(hash)) = (attachment.size, sha256) {
            let kind = attachment
                .media_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            extra.push(sfs::element(
                &attachment.url,
                &attachment.name,
                size,
                kind,
                &hash,
            ));
        }
    }
    let text = OutgoingText {
        to,
        private,
        body: attachment.url.clone(),
        reply_to: None,
    };
    queue_message(store, account, own, text, Some(attachment), extra).await
}

async fn queue_message(
    store: &Store,
    account: AccountId,
    own: BareJid,
    text: OutgoingText,
    attachment: Option<Attachment>,
    file_elements: Vec<Element>,
) -> Result<MessageId, Error> {
    let body = text.body.trim_end().to_string();
    if body.trim().is_empty() {
        return Err(Error::new(ErrorKind::InvalidInput, "the message is empty"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("the message is longer than {MAX_BODY_CHARS} characters"),
        ));
    }
    let id = new_stanza_id();
    let room = {
        let to = text.to.clone();
        store
            .readers
            .read(move |c| rooms::find(c, account, &to))
            .await?
    };
    let occupant = match (&text.private, &room) {
        (None, _) => None,
        (Some(nick), Some(_)) => Some(private_address(&text.to, nick)?),
        (Some(_), None) => {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "you can write privately only to someone in a room you are in, and you are not in {}",
                    text.to
                ),
            ));
        }
    };
    let build = |body: &str, extra: Vec<Element>| match (&occupant, &room) {
        (Some(occupant), _) => private_text_stanza(occupant, body, &id, extra),
        (None, Some(_)) => room_text_stanza(&text.to, body, &id, extra),
        (None, None) => text_stanza(&text.to, body, &id, extra),
    };
    let (stanza, reply_to) = match text.reply_to {
        None => (build(&body, file_elements), None),
        Some(message) => {
            let quoted = quoted(store, &text.to, text.private.as_deref(), message).await?;
            let reply = replies::outgoing(&quoted, &body);
            (build(&reply.body, reply.elements.into()), Some(quoted.id))
        }
    };
    let nick = room.filter(|_| occupant.is_none()).map(|r| r.nick);
    let stanza = xml::to_string(&stanza);
    store
        .writer
        .write(move |tx| {
            let stored = messages::insert(
                tx,
                &messages::NewMessage {
                    account,
                    peer: text.to.clone(),
                    sender: own,
                    direction: Direction::Out,
                    body,
                    timestamp: Utc::now(),
                    state: Delivery::Queued,
                    encrypted: false,
                    namespaces: Default::default(),
                    origin_id: Some(id.clone()),
                    stanza_id: None,
                    reply_to,
                    nick,
                    occupant_id: None,
                    private: text.private.clone(),
                },
            )?;
            let messages::Stored::Inserted { id: message, .. } = stored else {
                return Err(Error::new(
                    ErrorKind::Database,
                    "a fresh origin-id collided",
                ));
            };
            if let Some(a) = &attachment {
                media::set(tx, message, a)?;
            }
            outbox::enqueue(tx, account, Some(message), &id, &stanza)?;
            Ok(message)
        })
        .await
}

/// The address of the occupant `nick` of `room`, to write to privately.
fn private_address(room: &BareJid, nick: &str) -> Result<FullJid, Error> {
    room.with_resource_str(nick).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("{nick:?} cannot be written to privately: {e}"),
        )
    })
}

/// What a command about an existing message needs: its peer and the id peers know it by.
struct Target {
    peer: BareJid,
    reference: String,
    /// In a room: the change goes to the room, and a retraction names the room's id.
    room: bool,
    /// In a private conversation through a room: the change goes to the occupant alone.
    private: Option<FullJid>,
    stanza_id: Option<String>,
}

impl Target {
    /// The message that carries a change to the target, to its conversation.
    fn change(&self, id: &str) -> xmpp_parsers::minidom::ElementBuilder {
        match (&self.private, self.room) {
            (Some(occupant), _) => private(occupant, id),
            (None, true) => addressed(self.peer.as_str(), "groupchat", id),
            (None, false) => chat(&self.peer, id),
        }
    }
}

async fn target(store: &Store, message: MessageId, must_be_ours: bool) -> Result<Target, Error> {
    let (m, room) = store
        .readers
        .read(move |c| {
            let m = messages::get(c, message)?;
            let room = m.private.is_none() && rooms::find(c, m.account, &m.peer)?.is_some();
            Ok((m, room))
        })
        .await?;
    if must_be_ours && m.direction != Direction::Out {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "only your own messages can be changed",
        ));
    }
    let reference = m.origin_id.or(m.stanza_id.clone()).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidInput,
            "this message has no id its recipient knows",
        )
    })?;
    let private = match &m.private {
        Some(nick) => Some(private_address(&m.peer, nick)?),
        None => None,
    };
    Ok(Target {
        peer: m.peer,
        reference,
        room,
        private,
        stanza_id: m.stanza_id,
    })
}

/// Applies the local change and queues `stanza` (sent with id `id`) in one transaction.
async fn queue_with(
    store: &Store,
    account: AccountId,
    id: String,
    stanza: Element,
    local: impl FnOnce(&rusqlite::Transaction) -> Result<(), Error> + Send + 'static,
) -> Result<(), Error> {
    let stanza = xml::to_string(&stanza);
    store
        .writer
        .write(move |tx| {
            local(tx)?;
            outbox::enqueue(tx, account, None, &id, &stanza).map(|_| ())
        })
        .await
}

/// XEP-0308: the stored text changes now; the correction is queued like a message.
pub async fn queue_correction(
    store: &Store,
    account: AccountId,
    message: MessageId,
    body: String,
) -> Result<(), Error> {
    let t = target(store, message, true).await?;
    let id = new_stanza_id();
    let stanza = t
        .change(&id)
        .append(xml::text("body", ns::CLIENT, &body))
        .append(correction::replace(&t.reference))
        .build();
    queue_with(store, account, id, stanza, move |tx| {
        messages::correct(tx, message, &body)
    })
    .await
}

/// XEP-0424, with a fallback body for clients that do not know it.
pub async fn queue_retraction(
    store: &Store,
    account: AccountId,
    message: MessageId,
) -> Result<(), Error> {
    let t = target(store, message, true).await?;
    let id = new_stanza_id();
    // In a room a retraction names the id the room gave the message (XEP-0424 §4.1).
    let reference = match (&t.stanza_id, t.room) {
        (Some(room_id), true) => room_id.clone(),
        _ => t.reference.clone(),
    };
    let stanza = t
        .change(&id)
        .append(retraction::retract(&reference))
        .append(xml::text("body", ns::CLIENT, "This person attempted to retract a previous message, but it's unsupported by your client."))
        .append(xml::empty("fallback", ns::FALLBACK, &[("for", ns::RETRACT)]))
        .append(xml::empty("store", ns::HINTS, &[]))
        .build();
    queue_with(store, account, id, stanza, move |tx| {
        messages::retract(tx, message)
    })
    .await
}

pub async fn queue_reactions(
    store: &Store,
    account: AccountId,
    own: BareJid,
    message: MessageId,
    emojis: Vec<String>,
) -> Result<(), Error> {
    let t = target(store, message, false).await?;
    // Legacy OMEMO encrypts the body alone: a reaction would travel in plain text, which an
    // encrypted conversation never sends (security.md). Movim chose the same.
    let encryption = store
        .readers
        .read(move |c| {
            let m = messages::get(c, message)?;
            conversations::encryption(c, m.conversation)
        })
        .await?;
    if encryption == crate::core::Encryption::On {
        return Err(Error::new(ErrorKind::InvalidInput, REACTIONS_NOT_ENCRYPTED));
    }
    // In a room a reaction names the id the room gave the message (XEP-0444 §4).
    let reference = match (t.room, &t.stanza_id) {
        (false, _) => t.reference.clone(),
        (true, Some(room_id)) => room_id.clone(),
        (true, None) => {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "the room has not given this message an id yet; try again in a moment",
            ));
        }
    };
    let id = new_stanza_id();
    let stanza = t
        .change(&id)
        .append(reactions::build(&reference, &emojis))
        .append(xml::empty("store", ns::HINTS, &[]))
        .build();
    queue_with(store, account, id, stanza, move |tx| {
        messages::set_reactions(tx, message, &own, &emojis)
    })
    .await
}

/// XEP-0333 displayed marker for the newest incoming message; marks the conversation read.
pub async fn queue_displayed(
    store: &Store,
    account: AccountId,
    conversation: crate::core::ConversationId,
    tell_sender: bool,
) -> Result<(), Error> {
    let (newest, room) = store
        .readers
        .read(move |c| {
            let newest = messages::newest_incoming(c, conversation)?;
            let (peer, private) = conversations::peer(c, conversation)?;
            let room = match &newest {
                Some(m) => private.is_some() || rooms::find(c, m.account, &peer)?.is_some(),
                None => false,
            };
            Ok((newest, room))
        })
        .await?;
    // Markers in rooms would go to every occupant: our own devices still learn (XEP-0490).
    // Private conversations through rooms do without them, as one-to-one chats may.
    let tell_sender = tell_sender && !room;
    // Without a marker for the sender the read position still reaches our own devices.
    let Some(newest) = newest.filter(|_| tell_sender) else {
        return store
            .writer
            .write(move |tx| conversations::mark_read(tx, conversation))
            .await;
    };
    let Some(reference) = newest.origin_id.clone().or(newest.stanza_id.clone()) else {
        return store
            .writer
            .write(move |tx| conversations::mark_read(tx, conversation))
            .await;
    };
    let id = new_stanza_id();
    let stanza = chat(&newest.peer, &id)
        .append(markers::displayed_marker(&reference))
        .append(xml::empty("store", ns::HINTS, &[]))
        .build();
    queue_with(store, account, id, stanza, move |tx| {
        conversations::mark_read(tx, conversation)
    })
    .await
}

/// A delivery receipt (not queued: a lost receipt is harmless, and the sender asks again).
pub fn receipt(to: Jid, id: &str) -> Element {
    let b = xml::attr(xml::build("message", ns::CLIENT), "to", to.to_string());
    xml::attr(b, "id", new_stanza_id())
        .append(receipts::receipt(id))
        .build()
}

/// A chat state on its own, to a contact or (as a group chat message) to a room: not
/// stored by the server, not queued by us.
pub fn chat_state(to: &BareJid, room: bool, state: Element) -> Element {
    let b = xml::attr(xml::build("message", ns::CLIENT), "to", to.as_str());
    let b = xml::attr(b, "type", if room { "groupchat" } else { "chat" });
    xml::attr(b, "id", new_stanza_id())
        .append(state)
        .append(xml::empty("no-store", ns::HINTS, &[]))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// XEP-0045 §7.5: a chat to the occupant's address in the room, marked with the MUC
    /// user namespace so our server does not copy it to our other devices (XEP-0280 §6).
    #[test]
    fn a_private_message_is_a_marked_chat_to_the_occupant() {
        let to: FullJid = "team@muc.example.org/bob".parse().unwrap();
        let built = private_text_stanza(&to, "psst", "m1", []);
        let expected: Element = "<message xmlns='jabber:client' to='team@muc.example.org/bob' \
             type='chat' id='m1'><origin-id xmlns='urn:xmpp:sid:0' id='m1'/>\
             <x xmlns='http://jabber.org/protocol/muc#user'/><body>psst</body>\
             <request xmlns='urn:xmpp:receipts'/>\
             <active xmlns='http://jabber.org/protocol/chatstates'/></message>"
            .parse()
            .unwrap();
        assert_eq!(built, expected);
    }

    /// XEP-0085 §5.5: typing in a room goes to the room as a group chat message, which
    /// its archive must not keep.
    #[test]
    fn typing_in_a_room_is_an_unstored_group_chat_message() {
        let room: BareJid = "team@muc.example.org".parse().unwrap();
        let built = chat_state(&room, true, crate::session::chatstates::active());
        let id = built.attr("id").expect("an id").to_string();
        let expected: Element = format!(
            "<message xmlns='jabber:client' to='team@muc.example.org' type='groupchat' \
             id='{id}'><active xmlns='http://jabber.org/protocol/chatstates'/>\
             <no-store xmlns='urn:xmpp:hints'/></message>"
        )
        .parse()
        .unwrap();
        assert_eq!(built, expected);
    }
}
