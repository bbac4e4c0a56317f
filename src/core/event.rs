//! The vocabulary between an interface (GUI or CLI) and the session service.
//!
//! Commands go in; Events come out. Events are hints to re-read the store, which the service
//! writes first: an interface can always rebuild its view from the store alone.

use jid::BareJid;

use super::{
    AccountId, AvatarImage, ChatState, ConversationId, Delivery, Direction, MessageId, Occupant,
    OwnPresence, PresenceUpdate, PublicRoom, RoomAction, RoomSetup, RoomState, Secret,
};

/// A text message the user wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingText {
    pub to: BareJid,
    /// Privately to this occupant of the room `to` (XEP-0045 §7.5), not to the room.
    pub private: Option<String>,
    pub body: String,
    /// The message this one answers (XEP-0461); it must be in the same conversation.
    pub reply_to: Option<MessageId>,
}

/// A file to share with a contact or a room (XEP-0363): uploaded, encrypted first when the
/// conversation is (XEP-0454), then sent as a message.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingFile {
    /// Chosen by the caller (`TransferId::next`), so its events can be told apart at once.
    pub id: TransferId,
    pub to: BareJid,
    /// Privately to this occupant of the room `to`, never encrypted (as the conversation).
    pub private: Option<String>,
    pub path: std::path::PathBuf,
    /// Send a photo's EXIF and other metadata (where, when, which camera) too; by default
    /// they are removed first (media::metadata).
    pub keep_metadata: bool,
    /// What to send instead of the file's bytes (a photo the window made smaller); the
    /// name and type still come from `path`.
    pub contents: Option<FileBytes>,
}

/// A file's bytes in memory, shared and never printed.
#[derive(Clone, PartialEq)]
pub struct FileBytes(pub std::sync::Arc<Vec<u8>>);

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileBytes({} bytes)", self.0.len())
    }
}

/// Names one upload or download while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransferId(pub u64);

impl TransferId {
    /// A number no other transfer of this process has.
    pub fn next() -> TransferId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        TransferId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// Where a download goes.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveTo {
    /// The plain file, under a free sanitized name in this folder: what the user saves.
    Folder(std::path::PathBuf),
    /// Sealed into the profile's media cache, to show and play in the window; the plain text
    /// never touches the disk. A file already cached is not fetched again.
    Cache,
}

/// Where a transfer is.
#[derive(Debug, Clone, PartialEq)]
pub enum TransferState {
    /// `done` of `total` bytes moved.
    Running {
        done: u64,
        total: u64,
    },
    /// Uploaded and sent as this message, or downloaded to the message's attachment path.
    Finished {
        message: MessageId,
    },
    /// Nothing was sent or saved; the sentence says why.
    Failed {
        reason: String,
    },
    Cancelled,
}

/// One upload (ours) or download (theirs), for progress bars: at most a few events a
/// second per transfer, whatever the speed.
#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub id: TransferId,
    /// Out for an upload, In for a download.
    pub direction: Direction,
    /// The conversation's contact or room.
    pub peer: BareJid,
    /// In a private conversation through the room `peer`: the occupant.
    pub private: Option<String>,
    pub name: String,
    /// The message, once it exists (a download's from the start).
    pub message: Option<MessageId>,
    pub state: TransferState,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Store and queue a message; it is sent now if online, else on the next connection.
    SendText(OutgoingText),
    /// Messages another process queued in the store (a `tidings send` while the window is
    /// open): shown, and sent now if online, as if queued here.
    Queued(Vec<MessageId>),
    /// Upload a file and send it; `Event::Transfer` follows it.
    SendFile(OutgoingFile),
    /// Download the file a message carries, refusing more than `max_size` bytes: its plain
    /// text (decrypted and checked first) into a folder, or sealed into the media cache.
    Download {
        id: TransferId,
        message: MessageId,
        to: SaveTo,
        max_size: u64,
    },
    /// Stop an upload or a download; nothing of it is sent or kept.
    CancelTransfer {
        id: TransferId,
    },
    /// Replace the text of one of our own messages (XEP-0308).
    Correct {
        message: MessageId,
        body: String,
    },
    /// Retract one of our own messages (XEP-0424).
    Retract {
        message: MessageId,
    },
    /// Replace our reactions to a message (XEP-0444); an empty list removes them.
    React {
        message: MessageId,
        emojis: Vec<String>,
    },
    /// Tell our other devices (XEP-0490), and the contact when `tell_sender` (XEP-0333),
    /// that we read up to the newest message.
    MarkDisplayed {
        conversation: ConversationId,
        tell_sender: bool,
    },
    /// Add (or rename) a contact and ask for their presence.
    AddContact {
        jid: BareJid,
        name: Option<String>,
    },
    RemoveContact {
        jid: BareJid,
    },
    /// Answer a subscription request.
    ApproveContact {
        jid: BareJid,
    },
    DenyContact {
        jid: BareJid,
    },
    /// Change the account's password on the server (XEP-0077); the store follows on success.
    ChangePassword {
        password: Secret,
    },
    /// Our availability, status text and idle time, for every contact.
    SetPresence(OwnPresence),
    /// Tell a contact we are typing, paused, and so on (XEP-0085). Never stored or queued.
    SendChatState {
        to: BareJid,
        state: ChatState,
    },
    /// Stop all communication with an address (XEP-0191), or allow it again.
    Block {
        jid: BareJid,
    },
    Unblock {
        jid: BareJid,
    },
    /// Publish our nickname (XEP-0172); None removes it.
    SetNick {
        nick: Option<String>,
    },
    /// Publish our avatar (XEP-0084); None removes it.
    SetAvatar {
        image: Option<AvatarImage>,
    },
    /// Take one of our account's other OMEMO devices (a lost phone, an old installation) out
    /// of our device lists: contacts stop encrypting to it. A client still running there
    /// adds itself back.
    RemoveOwnDevice {
        device: u32,
    },
    /// Enter a room (XEP-0045) as `nick`, now and at every later session until left.
    JoinRoom {
        room: BareJid,
        nick: String,
        password: Option<String>,
    },
    /// Leave a room for good (it is not rejoined).
    LeaveRoom {
        room: BareJid,
    },
    /// Make a room and enter it as its owner; refused when the address is taken.
    CreateRoom {
        room: BareJid,
        nick: String,
        setup: RoomSetup,
    },
    /// List the public rooms of a room service (our server's own when None).
    ListPublicRooms {
        service: Option<BareJid>,
    },
    /// Run a room we own or moderate.
    Moderate {
        room: BareJid,
        action: RoomAction,
    },
    /// Let `jid` into a room we run (membership, for members-only rooms) and invite them
    /// (XEP-0249).
    InviteToRoom {
        room: BareJid,
        jid: BareJid,
    },
    /// Close the stream cleanly and stop the service.
    Shutdown,
}

/// Why the connection is down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisconnectReason {
    /// The network or the server dropped the connection.
    ConnectionLost(String),
    /// DNS, TCP or a stream error before we were online.
    Unreachable(String),
    /// We asked to stop.
    Shutdown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthFailure {
    /// The server refused the credentials; we stop retrying until the password changes.
    NotAuthorized(String),
    /// The server offers no mechanism we accept (e.g. PLAIN without TLS: never).
    NoAcceptableMechanism,
    /// The server's SCRAM answer was forged or malformed (bad nonce, signature, iterations).
    ServerNotVerified(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionState {
    Connecting,
    Online {
        /// The stream was resumed (XEP-0198): nothing was missed.
        resumed: bool,
    },
    Disconnected(DisconnectReason),
    /// Waiting before the next attempt.
    Retrying {
        seconds: u64,
        reason: DisconnectReason,
    },
    AuthFailed(AuthFailure),
    /// The server's certificate is not trusted. The user may pin it by this fingerprint.
    CertificateUntrusted {
        sha256: String,
        reason: String,
    },
    /// The server offers no TLS; nothing was sent after the stream header.
    NoTls,
}

impl ConnectionState {
    /// States after which the service does not try again by itself.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ConnectionState::AuthFailed(_)
                | ConnectionState::CertificateUntrusted { .. }
                | ConnectionState::NoTls
                | ConnectionState::Disconnected(DisconnectReason::Shutdown)
        )
    }
}

/// Why creating an account failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegisterFailure {
    /// Someone already has this address.
    Taken,
    /// The server does not let apps create accounts (maybe on its website instead).
    NotAllowed(String),
    /// The server wants more than a name and a password (e-mail, CAPTCHA...).
    NeedsMore {
        fields: Vec<String>,
        instructions: Option<String>,
        url: Option<String>,
    },
    /// The server refused the name or the password, with its reason.
    Rejected(String),
    /// We could not reach the server securely.
    Connection(ConnectionState),
}

impl std::fmt::Display for RegisterFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegisterFailure::Taken => f.write_str("this address is already taken"),
            RegisterFailure::NotAllowed(why) => write!(f, "registration is not allowed: {why}"),
            RegisterFailure::NeedsMore {
                fields,
                instructions,
                url,
            } => {
                write!(f, "the server also asks for: {}", fields.join(", "))?;
                if let Some(i) = instructions {
                    write!(f, " ({i})")?;
                }
                if let Some(u) = url {
                    write!(f, "; register at {u}")?;
                }
                Ok(())
            }
            RegisterFailure::Rejected(why) => write!(f, "the server refused: {why}"),
            RegisterFailure::Connection(state) => write!(f, "cannot connect: {state:?}"),
        }
    }
}

/// A batch of stored messages changed (new, corrected, delivery state...).
#[derive(Debug, Clone, PartialEq)]
pub struct MessagesChanged {
    pub conversations: Vec<ConversationId>,
    /// New incoming messages in this batch.
    pub new_incoming: Vec<MessageId>,
}

/// What happened to one outgoing message.
#[derive(Debug, Clone, PartialEq)]
pub struct SendOutcome {
    pub message: MessageId,
    pub state: Delivery,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Connection {
        account: AccountId,
        /// Counts fresh (not resumed) sessions, so stale events can be told apart.
        generation: u64,
        state: ConnectionState,
    },
    Messages {
        account: AccountId,
        changed: MessagesChanged,
    },
    Delivery {
        account: AccountId,
        outcome: SendOutcome,
    },
    RosterChanged {
        account: AccountId,
    },
    SubscriptionRequest {
        account: AccountId,
        from: BareJid,
    },
    /// A contact, or an occupant of a room we are in, started or stopped typing (XEP-0085);
    /// not stored. Sent only when it changes.
    ChatState {
        account: AccountId,
        /// The contact, or the room.
        from: BareJid,
        /// In a room: who is typing.
        nick: Option<String>,
        composing: bool,
    },
    /// Archive catch-up finished for this connection.
    CaughtUp {
        account: AccountId,
        fetched: usize,
        /// A page failed; the store has a visible gap marker.
        gap: bool,
    },
    /// Nothing more leaves now: everything we wrote reached the server, but for messages that
    /// wait for the person (they cannot be encrypted; each was reported with its reason).
    OutboxEmpty {
        account: AccountId,
    },
    /// Contacts came online, went away or left; batched per flush, not per stanza.
    Presence {
        account: AccountId,
        updates: Vec<PresenceUpdate>,
    },
    /// Nicknames or avatars changed in the store.
    ProfilesChanged {
        account: AccountId,
        jids: Vec<BareJid>,
    },
    /// The stored block list changed.
    BlocklistChanged {
        account: AccountId,
    },
    /// Where we stand in a room changed.
    Room {
        account: AccountId,
        room: BareJid,
        state: RoomState,
    },
    /// The public rooms of a service (none found: an empty list, `service` None when our
    /// server has no room service).
    PublicRooms {
        account: AccountId,
        service: Option<BareJid>,
        rooms: Vec<PublicRoom>,
    },
    /// Who is in a room now, whole (batched while presences flood in).
    Occupants {
        account: AccountId,
        room: BareJid,
        occupants: Vec<Occupant>,
    },
    /// A visitor of a room we moderate asks for a voice (XEP-0045 §8.6); granting it is
    /// `RoomAction::Role` participant. Not stored.
    VoiceRequest {
        account: AccountId,
        room: BareJid,
        nick: String,
    },
    /// Someone invites us to a room (XEP-0249, or mediated by the room). Not stored: the
    /// user decides whether to join.
    RoomInvitation {
        account: AccountId,
        room: BareJid,
        from: BareJid,
        reason: Option<String>,
        password: Option<String>,
    },
    /// Our invitation to `jid` went out.
    Invited {
        account: AccountId,
        room: BareJid,
        jid: BareJid,
    },
    /// A room's archive was read up to now after we entered it; `fetched` messages came.
    RoomHistory {
        account: AccountId,
        room: BareJid,
        fetched: usize,
    },
    /// A private group's members were read and stored: whom its messages are encrypted for.
    RoomMembers {
        account: AccountId,
        room: BareJid,
    },
    /// A device list of this address (a contact's or our own) was read and stored.
    DevicesChanged {
        account: AccountId,
        jid: BareJid,
    },
    /// The server answered a password change; on success the store has the new password.
    PasswordChanged {
        account: AccountId,
        result: Result<(), String>,
    },
    /// The server accepted a command that has no other answer (moderating a room...).
    CommandDone {
        account: AccountId,
        action: &'static str,
    },
    /// An upload or a download moved on.
    Transfer {
        account: AccountId,
        transfer: Transfer,
    },
    /// A command the server refused, with its reason (publishing an avatar, blocking...).
    CommandFailed {
        account: AccountId,
        action: &'static str,
        reason: String,
    },
}
