//! Domain types shared by every other module. No I/O, no network, no UI.

pub mod color;
mod encryption;
mod error;
mod event;
mod ids;
mod message;
mod presence;
mod room;
mod secret;
pub mod uri;

pub use encryption::{Device, Encryption, Namespaces, OmemoNamespace, Trust, fingerprint_blocks};
pub use error::{Error, ErrorKind};
pub use event::{
    AuthFailure, Command, ConnectionState, DisconnectReason, Event, FileBytes, MessagesChanged,
    OutgoingFile, OutgoingText, RegisterFailure, SaveTo, SendOutcome, Transfer, TransferId,
    TransferState,
};
pub use ids::{AccountId, ConversationId, MessageId, new_stanza_id};
pub use jid::{BareJid, FullJid, Jid};
pub use message::{
    Account, Attachment, CachedFile, ConnectionSettings, Delivery, Direction, Message, RosterItem,
    Subscription,
};
pub use presence::{
    AvatarImage, ChatState, ContactPresence, DeviceStatus, OwnPresence, PresenceUpdate, Profile,
    Show,
};
pub use room::{
    Affiliation, Exit, Hat, Occupant, PublicRoom, Refusal, Role, RoomAction, RoomKind, RoomSetup,
    RoomState, default_nick,
};
pub use secret::Secret;
