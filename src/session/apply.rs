//! Steps 4-7 of the receive pipeline, inside one write transaction: deduplicate,
//! reinterpret (receipts, markers, corrections, retractions, reactions, error bounces) and
//! store. Returns what the worker must tell the interface and answer on the wire.

use chrono::Utc;
use rusqlite::Transaction;
use xmpp_parsers::jid::{BareJid, Jid};

use super::oob;
use super::pipeline::{Inbound, Via};
use crate::core::{
    AccountId, ConversationId, Delivery, Direction, Error, MessageId, SendOutcome, Trust,
};
use crate::store::{conversations, media, messages, omemo, outbox, roster};

#[derive(Debug, Default)]
pub struct Applied {
    pub conversations: Vec<ConversationId>,
    pub new_incoming: Vec<MessageId>,
    /// Delivery receipts to send: (full address, message id).
    pub receipts: Vec<(Jid, String)>,
    pub outcomes: Vec<SendOutcome>,
}

impl Applied {
    fn touched(&mut self, conversation: ConversationId) {
        if !self.conversations.contains(&conversation) {
            self.conversations.push(conversation);
        }
    }
}

pub fn batch(
    tx: &Transaction,
    account: AccountId,
    own: &BareJid,
    batch: Vec<Inbound>,
    sid_trusted: bool,
) -> Result<Applied, Error> {
    let mut applied = Applied::default();
    for inbound in batch {
        one(tx, account, own, inbound, sid_trusted, &mut applied)?;
    }
    Ok(applied)
}

fn one(
    tx: &Transaction,
    account: AccountId,
    own: &BareJid,
    mut m: Inbound,
    sid_trusted: bool,
    applied: &mut Applied,
) -> Result<(), Error> {
    let archived = matches!(m.via, Via::Archive { .. });
    if !archived && !sid_trusted {
        m.stanza_id = None;
    }
    let private = m.private.as_deref();
    let conversation = match conversations::find_with(tx, account, &m.peer, private)? {
        Some(id) => id,
        // Only something to show opens a conversation: a key exchange, a receipt or a chat
        // state from someone new leaves the list as it was.
        None if shows_message(&m) => {
            conversations::get_or_create_with(tx, account, &m.peer, private)?
        }
        None => return Ok(()),
    };
    if m.encrypted && m.undecryptable.is_none() {
        conversations::note_encrypted(tx, conversation)?;
    }

    if m.is_error {
        // A bounce of something we sent: that message failed for good.
        if let Some(id) = &m.id {
            outbox::remove_by_origin(tx, account, id)?;
            if let Some(message) = messages::find_by_sender_id(tx, conversation, own, id)? {
                let reason = m
                    .error_text
                    .clone()
                    .unwrap_or_else(|| "the server refused it".into());
                messages::fail(tx, message, &reason)?;
                applied.outcomes.push(SendOutcome {
                    message,
                    state: Delivery::Failed,
                    error: Some(reason),
                });
                applied.touched(conversation);
            }
        }
        return Ok(());
    }

    // Receipts and markers from the contact move our messages forward.
    if m.direction == Direction::In {
        if let Some(id) = &m.receipt_for
            && let Some(message) = messages::find_by_sender_id(tx, conversation, own, id)?
            && messages::raise_state(tx, message, Delivery::Delivered)?
        {
            applied.outcomes.push(SendOutcome {
                message,
                state: Delivery::Delivered,
                error: None,
            });
            applied.touched(conversation);
        }
        if let Some(id) = &m.displayed
            && let Some(message) = messages::find_by_sender_id(tx, conversation, own, id)?
            && messages::mark_read_up_to(tx, message)? > 0
        {
            applied.outcomes.push(SendOutcome {
                message,
                state: Delivery::Read,
                error: None,
            });
            applied.touched(conversation);
        }
    } else if m.displayed.is_some() {
        // We displayed it on another device (XEP-0490 will also sync this through PEP).
        conversations::mark_read(tx, conversation)?;
        applied.touched(conversation);
    }

    // The room removed a message on a moderator's word: it names it by its own stanza-id.
    if let Some(id) = &m.moderated {
        if let Some(target) = messages::find_by_stanza_id(tx, conversation, id)? {
            messages::retract(tx, target)?;
            applied.touched(conversation);
        }
        return Ok(());
    }
    if let Some(id) = &m.retracts {
        if let Some(target) = changed_message(tx, conversation, &m, id)? {
            messages::retract(tx, target)?;
            applied.touched(conversation);
        }
        return Ok(());
    }
    if let Some(reactions) = &m.reactions {
        if let Some(target) = messages::find_by_any_id(tx, conversation, &reactions.to)? {
            let reactor = match (&m.nick, m.direction, &m.occupant_id) {
                (Some(_), Direction::In, Some(occupant)) => occupant_reactor(&m.peer, occupant),
                _ => m.sender.clone(),
            };
            messages::set_reactions(tx, target, &reactor, &reactions.emojis)?;
            applied.touched(conversation);
        }
        return Ok(());
    }

    // Our own encrypted message, reflected by the room: this device cannot read what it
    // encrypted for the others, its id says which it was.
    if m.nick.is_some()
        && m.direction == Direction::Out
        && m.encrypted
        && m.body.is_none()
        && m.undecryptable.is_none()
    {
        if let Some(id) = m.origin_id.as_ref().or(m.id.as_ref())
            && let Some(message) = messages::find_by_sender_id(tx, conversation, own, id)?
        {
            if let Some(stanza_id) = &m.stanza_id {
                messages::note_stanza_id(tx, message, stanza_id)?;
            }
            delivered_by_room(tx, message, conversation, applied)?;
        }
        return Ok(());
    }
    if let Some(reason) = &m.undecryptable {
        // Shown as such, never dropped (security.md), once: copies we already decrypted
        // are found by their id below and left alone.
        if reason != ALREADY_DECRYPTED {
            let stored = messages::insert(tx, &new_message(account, &m, String::new()))?;
            if let messages::Stored::Inserted { id, conversation } = stored {
                messages::set_error(tx, id, Some(reason))?;
                applied.touched(conversation);
            }
        }
        return Ok(());
    }
    let Some(body) = m.body.clone().filter(|b| !b.is_empty()) else {
        return Ok(());
    };
    if let Some(id) = &m.replaces
        && let Some(target) = changed_message(tx, conversation, &m, id)?
    {
        messages::correct(tx, target, &body)?;
        applied.touched(conversation);
        return Ok(());
    }
    // The original is unknown (e.g. older than our history): keep the new text.

    let file = oob::attachment(&body, m.oob_url.as_deref(), m.file_meta.as_ref());
    let stored = messages::insert(tx, &new_message(account, &m, body))?;
    if let (messages::Stored::Inserted { id, .. }, Some(device)) = (&stored, &m.omemo_sender)
        && omemo::device_trust(tx, account, device)? == Some(Trust::Distrusted)
    {
        // Shown, but marked: the user said no to this key (security.md).
        messages::set_error(tx, *id, Some(FROM_DISTRUSTED))?;
    }
    if let messages::Stored::Inserted { id, conversation } = stored {
        if let Some(file) = &file {
            media::set(tx, id, file)?;
        }
        applied.touched(conversation);
        if m.direction == Direction::In {
            applied.new_incoming.push(id);
        }
    }
    // A room reflecting our message (live, or in its archive) has handed it to everyone.
    if let messages::Stored::Duplicate { id, conversation } = stored
        && m.nick.is_some()
        && m.direction == Direction::Out
    {
        delivered_by_room(tx, id, conversation, applied)?;
    }
    // Answer receipts for live messages, also for copies (the sender is still waiting),
    // but only to contacts: a receipt tells a stranger we are online.
    if m.via == Via::Live
        && m.receipt_requested
        && m.direction == Direction::In
        && let (Some(address), Some(id)) = (&m.reply_address, &m.id)
        && roster::is_contact(tx, account, &m.sender)?
    {
        applied.receipts.push((address.clone(), id.clone()));
    }
    Ok(())
}

/// Whether `m` becomes a message in the conversation (and not only changes one).
fn shows_message(m: &Inbound) -> bool {
    if m.is_error || m.retracts.is_some() || m.reactions.is_some() {
        return false;
    }
    match &m.undecryptable {
        Some(reason) => reason != ALREADY_DECRYPTED,
        None => m.body.as_deref().is_some_and(|b| !b.is_empty()),
    }
}

/// The message a correction or retraction in `m` changes, if its writer may: the same
/// sender in a chat; in a room, the same occupant id (the pipeline let only changes with
/// one through), or ourselves.
fn changed_message(
    tx: &rusqlite::Connection,
    conversation: ConversationId,
    m: &Inbound,
    id: &str,
) -> Result<Option<MessageId>, Error> {
    match (&m.nick, m.direction, &m.occupant_id) {
        (Some(_), Direction::In, Some(occupant)) => {
            messages::find_by_occupant(tx, conversation, occupant, id)
        }
        (Some(_), Direction::In, None) => Ok(None),
        _ => messages::find_by_sender_id(tx, conversation, &m.sender, id),
    }
}

/// Someone in a room as a reactor. Reactions are kept by address, one set per reactor; in a
/// room the stable identity is the occupant id, made here into an address on the room's
/// service that no person has.
fn occupant_reactor(room: &BareJid, occupant_id: &str) -> BareJid {
    use sha2::{Digest, Sha256};
    let digest = hex::encode(&Sha256::digest(occupant_id.as_bytes())[..10]);
    format!("occupant-{digest}@{}", room.domain())
        .parse()
        .unwrap_or_else(|_| room.clone())
}

/// A room handed our message to everyone: it is delivered.
fn delivered_by_room(
    tx: &rusqlite::Connection,
    message: MessageId,
    conversation: ConversationId,
    applied: &mut Applied,
) -> Result<(), Error> {
    if messages::raise_state(tx, message, Delivery::Delivered)? {
        applied.outcomes.push(SendOutcome {
            message,
            state: Delivery::Delivered,
            error: None,
        });
        applied.touched(conversation);
    }
    Ok(())
}

/// What a message from a key the user distrusts carries as its error.
pub const FROM_DISTRUSTED: &str = "sent from a key you do not trust";

/// What step 3 says of a message whose decryption failed for a reason already seen.
pub const ALREADY_DECRYPTED: &str = "already decrypted";

/// The stored form of an incoming (or carbon-copied) message with this body.
fn new_message(account: AccountId, m: &Inbound, body: String) -> messages::NewMessage {
    let state = match m.direction {
        Direction::In => Delivery::Received,
        Direction::Out => Delivery::Sent,
    };
    messages::NewMessage {
        account,
        peer: m.peer.clone(),
        sender: m.sender.clone(),
        direction: m.direction,
        body,
        timestamp: m.timestamp.unwrap_or_else(Utc::now),
        state,
        encrypted: m.encrypted,
        namespaces: m.namespaces,
        origin_id: m.origin_id.clone().or(m.id.clone()),
        stanza_id: m.stanza_id.clone(),
        reply_to: m.reply_to.clone(),
        nick: m.nick.clone(),
        occupant_id: m.occupant_id.clone(),
        private: m.private.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn account(conn: &mut Connection) -> AccountId {
        crate::store::schema::migrate(conn).unwrap();
        conn.execute(
            "INSERT INTO accounts (jid, password, resource) VALUES ('me@example.org', 'x', 'r')",
            [],
        )
        .unwrap();
        AccountId(conn.last_insert_rowid())
    }

    fn from_bob(body: Option<&str>) -> Inbound {
        let bob: BareJid = "bob@example.org".parse().unwrap();
        let mut m = Inbound::new(Via::Live, Direction::In, bob.clone(), bob);
        m.id = Some("m1".into());
        m.body = body.map(str::to_owned);
        m
    }

    #[test]
    fn only_a_message_to_show_opens_a_conversation() {
        let mut conn = Connection::open_in_memory().unwrap();
        let account = account(&mut conn);
        let own: BareJid = "me@example.org".parse().unwrap();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        let tx = conn.transaction().unwrap();

        // An OMEMO key exchange (decrypted, no body) and a chat state: nothing to list.
        let mut key_exchange = from_bob(None);
        key_exchange.encrypted = true;
        let mut typing = from_bob(None);
        typing.composing = Some(true);
        batch(&tx, account, &own, vec![key_exchange, typing], true).unwrap();
        assert_eq!(conversations::find(&tx, account, &bob).unwrap(), None);

        let applied = batch(&tx, account, &own, vec![from_bob(Some("hi"))], true).unwrap();
        assert_eq!(applied.new_incoming.len(), 1);
        assert!(conversations::find(&tx, account, &bob).unwrap().is_some());
    }
}
