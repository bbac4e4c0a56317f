//! Domain types shared by every other module. No I/O, no network, no UI.

mod error;
mod event;
mod ids;
mod message;

pub use error::{Error, ErrorKind};
pub use event::{
    AuthFailure, Command, ConnectionState, DisconnectReason, Event, MessagesChanged, OutgoingText,
    SendOutcome,
};
pub use ids::{AccountId, ConversationId, MessageId, new_stanza_id};
pub use jid::{BareJid, FullJid, Jid};
pub use message::{
    Account, ConnectionSettings, Delivery, Direction, Message, RosterItem, Subscription,
};
