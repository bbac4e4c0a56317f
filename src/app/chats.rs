//! The main window: the conversation list beside the open conversation and its composer.
//!
//! An open conversation holds a window of at most `WINDOW` messages read from the store;
//! scrolling near either end reads the next page and drops the far end, so opening and
//! scrolling cost the same in a conversation of a hundred messages or of a million.
//!
//! The message list is keyed by message, so a page added at one end keeps the widget state
//! (and the shaped text) of every message already shown; the far end is dropped in the
//! update after, as a second change the keyed list also follows. Done in one step, the two
//! changes would shift every row and reshape all of them.

mod files;
mod recent;
mod speaking;
mod voice;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, Utc};
use iced::widget::{
    Column, column, container, hover, keyed_column, rich_text, row, scrollable, span, svg, text,
    text_editor, text_input, tooltip,
};

use crate::app::button::{self, button};
use iced::{Alignment, Element, Font, Length, Subscription, Task, Theme};

use super::preferences::Preferences;
use super::styling::{self, Block};
use super::{Directory, Shortcut, emoji, security, theme};
use crate::core::{
    Account, AccountId, BareJid, ChatState, Command, ConversationId, Delivery, Device, Direction,
    Encryption, Error, Message as Stored, MessageId, Occupant, OutgoingText, RoomAction, SaveTo,
};
use crate::fl;
use crate::store::conversations::{self, Summary};
use crate::store::{Store, messages, omemo};
use recent::Recent;

/// Messages read per page when scrolling.
const PAGE: usize = 40;
/// Messages read when a conversation opens: a few screens' worth, so the first frame is quick.
const FIRST_PAGE: usize = 50;
/// The most messages an open conversation keeps laid out.
const WINDOW: usize = 200;
/// How close to an end of the list (in pixels) scrolling reads the next page.
const EDGE: f32 = 400.0;
/// A pause in typing this long tells the contact we stopped (XEP-0085 "paused").
const TYPING_PAUSE: Duration = Duration::from_secs(5);
/// How often a playing GIF moves on (25 frames a second at most).
const ANIMATION_TICK: Duration = Duration::from_millis(40);
/// Page Up and Page Down move the messages by this share of the visible list...
const PAGE_SHARE: f32 = 0.85;
/// ...and at least this far, before the list has told its height.
const MIN_PAGE: f32 = 200.0;

#[derive(Debug, Clone)]
pub enum Message {
    Listed(Result<Vec<Summary>, Error>),
    Filter(String),
    Select(ConversationId),
    Loaded(ConversationId, Load, Result<Page, Error>),
    /// Newest pages read ahead, tagged with the cache generation they were read in.
    Prefetched(u64, Result<Vec<(ConversationId, Page)>, Error>),
    Scrolled(scrollable::Viewport),
    JumpToNewest,
    Edit(text_editor::Action),
    Send,
    /// Up in an empty composer: correct the last message sent.
    EditLast,
    CancelCompose,
    Correct(MessageId),
    Reply(MessageId),
    /// Show the message a reply answers.
    ShowQuoted(MessageId),
    Retract(MessageId),
    Retry(MessageId),
    React(MessageId, String),
    ReactionPicker(MessageId),
    TogglePicker,
    PickerSearch(String),
    Insert(&'static str),
    Link(String),
    TogglePinned,
    ToggleMuted,
    /// In a room: show or hide who is there.
    TogglePeople,
    /// The nickname prompt: typed, joined with, or put away.
    PromptNick(String),
    JoinAs,
    CancelNick,
    InviteAddress(String),
    /// Invite the address typed in the occupant panel.
    Invite,
    /// Leave the open room: asks first, `ConfirmLeave` does it.
    Leave,
    ConfirmLeave,
    CancelLeave,
    /// A moderator's topic, as typed; `SetTopic` sets it.
    TopicDraft(String),
    SetTopic,
    /// Remove an occupant (they may come back).
    Kick(String),
    /// Make an occupant a moderator, or a participant again.
    SetRole(String, crate::core::Role),
    /// Make an address member, admin or nothing of the room, for good.
    SetAffiliation(BareJid, crate::core::Affiliation),
    /// Open the private conversation with an occupant of the open room.
    WritePrivately(String),
    /// Narrow a big room's people panel to whom this finds.
    PeopleFilter(String),
    /// As a visitor of the open room, ask its moderators for a voice.
    AskToSpeak,
    /// As a moderator, give a visitor who asked a voice, or not now.
    GiveVoice(String),
    DismissVoiceRequest(String),
    /// As a moderator, remove someone's message from the open room for everyone.
    RemoveForEveryone(MessageId),
    /// As its owner, choose a new picture for the open room.
    PickRoomPicture,
    RoomPicturePicked(Option<std::path::PathBuf>),
    /// The chosen picture made small, or why it could not be.
    RoomPictureReady(Result<crate::core::AvatarImage, String>),
    /// Ban an occupant asks first; `ConfirmBan` does it.
    Ban(String),
    ConfirmBan(BareJid),
    /// No ban, no revoked membership after all.
    CancelConfirm,
    /// An owner sets the room's name and description (its kind stays).
    RoomName(String),
    RoomDescription(String),
    SaveRoom,
    Back,
    NewChat,
    /// Join the group chat whose address is in the new-chat field.
    JoinTyped,
    NewAddress(String),
    Start,
    SwitchQuery(String),
    SwitchPick,
    TypingTick,
    /// Tab in a room's composer: complete the nickname being typed.
    CompleteNick,
    /// Drop the oldest messages of the window back to `WINDOW` (the newest are dropped in
    /// `scrolled`, where the view can be held still).
    TrimOldest(ConversationId),
    /// The open conversation's encryption and the contact's devices, read from the store.
    Security(AccountId, BareJid, Result<ChatSecurity, Error>),
    /// The lock in the header: open or close the encryption panel.
    EncryptionPanel,
    /// Turning encryption off asks first; `ConfirmOff` does it.
    EncryptionOff,
    ConfirmOff,
    CancelOff,
    EncryptionOn,
    /// Show the contact's keys (Contacts).
    ShowKeys,
    /// Choose a file to send (the system's file picker); `FilePicked` sends it.
    AttachFile,
    FilePicked(Option<std::path::PathBuf>),
    /// A file dropped onto the window: sent to the open conversation.
    Dropped(std::path::PathBuf),
    /// Fetch a file: a picture or voice note into the sealed cache to show it, anything
    /// else into the download folder.
    Download(MessageId),
    /// A photo made smaller (or left as it was), ready to go.
    PhotoReady(Box<files::Ready>),
    /// Write the plain file of a cached picture or voice note into the download folder.
    Save(MessageId),
    /// Show a saved (or sent) file in the file manager; it is never opened or run.
    ShowFile(MessageId),
    CancelTransfer(crate::core::TransferId),
    /// A failed upload: send it again, or put the notice away.
    RetryUpload(crate::core::TransferId),
    DismissUpload(crate::core::TransferId),
    /// A picture's preview, decoded off the interface thread.
    Preview(MessageId, Result<files::Preview, String>),
    /// Animations move on.
    AnimationTick,
    /// Show a picture full size (decoded again, larger); `ClosePicture` goes back.
    OpenPicture(MessageId),
    PictureOpened(MessageId, Result<iced::widget::image::Handle, String>),
    ClosePicture,
    /// New messages' files that download by themselves (Settings, Downloads).
    AutoDownload(Vec<(AccountId, MessageId)>),
    /// The microphone button: record a voice note.
    Record,
    RecordingStarted(Result<std::sync::Arc<crate::media::audio::Recorder>, String>),
    /// End the recording: send it (true) or throw it away.
    StopRecording(bool),
    VoiceEncoded(Result<files::UploadFrom, String>),
    /// Play or pause a voice note; `Seek` jumps to a fraction of it.
    Play(MessageId),
    PlayerStarted(
        MessageId,
        Result<std::sync::Arc<crate::media::audio::Player>, String>,
    ),
    Seek(MessageId, f32),
    /// A voice note's length and waveform, read from its file.
    NoteRead(MessageId, Result<(Duration, Vec<f32>), String>),
    /// A recording's time or a note's position moved on.
    AudioTick,
}

/// What the header needs to say whether a conversation is encrypted.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatSecurity {
    pub encryption: Encryption,
    pub devices: Vec<Device>,
    /// Our account's other devices, which our messages are encrypted to as well.
    pub own_devices: Vec<Device>,
    /// The devices our last encrypted message here went to: others the next one goes to
    /// are pointed out.
    pub sent_to: Vec<(BareJid, u32)>,
    /// In a room: our nickname there, to point out messages that mention us.
    pub room_nick: Option<String>,
    /// In a private group: its other members, to whose devices (in `devices`) messages are
    /// encrypted. None elsewhere; a public channel has no lock.
    pub members: Option<Vec<BareJid>>,
}

/// The panel under the header's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Closed,
    Open,
    /// "Messages will be sent without end-to-end encryption." and the button that does it.
    ConfirmOff,
}

/// What identifies a row of the message list from one frame to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Beginning,
    /// A message, with the day's separator above it when it is the day's first.
    Message(MessageId),
}

/// Which part of a conversation a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// The newest page (opening, or back to the newest).
    Newest,
    /// Everything from the first shown message on (after a change in the store).
    Refresh,
    /// The page before the first shown message.
    Older,
    /// The page after the last shown message.
    Newer,
    /// Pages around one message (a search hit).
    Around(MessageId),
}

/// Messages with what is drawn beside them.
#[derive(Debug, Clone, Default)]
pub struct Page {
    messages: Vec<Stored>,
    /// Emoji and how many reacted with each, and whether we did.
    reactions: HashMap<MessageId, Vec<Reaction>>,
    /// The messages replies answer, by the reply's id.
    quotes: HashMap<MessageId, Quote>,
    /// Where the store has nothing further in the direction read.
    end: bool,
}

/// What a reply shows of the message it answers.
#[derive(Debug, Clone, PartialEq)]
struct Quote {
    /// None when the answered message is not in the store (older than our history).
    message: Option<MessageId>,
    sender: Option<BareJid>,
    excerpt: String,
}

/// How much of an answered message a reply shows, in characters.
const QUOTE_CHARS: usize = 140;

#[derive(Debug, Clone, PartialEq)]
struct Reaction {
    emoji: String,
    count: usize,
    mine: bool,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Hand a command to the account's session service.
    Command(AccountId, Command),
    /// Hand these commands over, in order, and run `then` for our own widgets.
    Commands {
        account: AccountId,
        commands: Vec<Command>,
        then: Task<Message>,
    },
    /// Enter this room (the App knows our nickname: the name part of the account).
    JoinRoom {
        account: AccountId,
        room: BareJid,
        password: Option<String>,
        then: Task<Message>,
    },
    /// Show this contact's details and keys, and run `then` for our own widgets.
    ShowContact {
        account: AccountId,
        jid: BareJid,
        then: Task<Message>,
    },
}

struct Open {
    conversation: ConversationId,
    account: AccountId,
    peer: BareJid,
    /// A private conversation with this occupant of the room `peer`: plain text through the
    /// room, without files, typing notifications or encryption.
    private: Option<String>,
    messages: Vec<Stored>,
    reactions: HashMap<MessageId, Vec<Reaction>>,
    quotes: HashMap<MessageId, Quote>,
    /// Nothing older in the store than the first shown message.
    oldest_loaded: bool,
    /// Nothing newer in the store than the last shown message.
    newest_loaded: bool,
    loading: bool,
    /// The height of the list when last seen (from the scrollable's viewport).
    content_height: f32,
    /// The height of its visible part: what Page Up and Page Down move by.
    view_height: f32,
    /// A page was added at the top; the newest messages are dropped once the list's new
    /// height is known, so the view can be kept where it was.
    trim_newest: bool,
    /// The list's height before the newest messages were dropped: the next viewport says
    /// by how much it shrank, and the view is moved back by that much.
    shift_from: Option<f32>,
    /// The view follows new messages; false once the user scrolls up.
    at_bottom: bool,
    /// Messages that arrived while the user was scrolled up.
    unseen: usize,
    highlight: Option<MessageId>,
    /// None until read from the store.
    security: Option<ChatSecurity>,
    panel: Panel,
    /// In a room: the occupant list is shown under the header, with an address to invite
    /// and the way out (which asks first).
    people: bool,
    invite: String,
    /// What the people panel of a big room is narrowed to.
    people_filter: String,
    leaving: bool,
    /// What a moderator writes as the room's new topic.
    topic: String,
    /// The occupant a ban waits for confirmation on.
    banning: Option<String>,
    /// The member whose membership of a private group waits for confirmation: without it
    /// the room sends them out (XEP-0045 §9.4).
    revoking: Option<BareJid>,
    /// An owner's new name and description for the room.
    room_name: String,
    room_description: String,
}

/// What the composer is doing besides writing a new message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Writing,
    Correcting(MessageId),
    Replying(MessageId),
}

pub struct Chats {
    store: Store,
    /// The account new conversations start from.
    account: AccountId,
    accounts: Vec<(AccountId, BareJid)>,
    list: Vec<Summary>,
    filter: String,
    open: Option<Open>,
    recent: Recent,
    composer: text_editor::Content,
    /// Who is in each room (for nickname completion), as the session last said.
    room_nicks: HashMap<(AccountId, BareJid), Vec<String>>,
    mode: Mode,
    picker: Option<Picker>,
    new_chat: Option<String>,
    switcher: Option<String>,
    /// When we last told the contact we are typing; None when we are not.
    typing_since: Option<Instant>,
    focused: bool,
    /// Whether read markers go to contacts (Settings, privacy); our devices always learn.
    tell_sender: bool,
    pub status: Option<String>,
    /// No file chooser can open here (platform::chooser): attaching says so.
    pub no_chooser: bool,
    /// A room refused the nickname we asked for: another one, as the user types it.
    nick_prompt: Option<NickPrompt>,
    /// Previews of pictures and transfers in progress.
    files: files::Files,
    /// Downloads started by themselves: a failure leaves the Download button, no message.
    auto_downloads: HashSet<crate::core::TransferId>,
    /// Recording and playing voice notes.
    voice: voice::Voice,
    /// Voices asked for in moderated rooms, ours and visitors'.
    speaking: speaking::Speaking,
}

/// The nickname prompt after a room said ours is taken.
struct NickPrompt {
    account: AccountId,
    room: BareJid,
    nick: String,
}

/// The emoji picker: inserting into the composer, or reacting to a message.
struct Picker {
    target: Option<MessageId>,
    query: String,
}

impl Chats {
    pub fn new(store: Store, account: AccountId) -> (Chats, Task<Message>) {
        let chats = Chats {
            store,
            account,
            accounts: Vec::new(),
            list: Vec::new(),
            filter: String::new(),
            open: None,
            recent: Recent::default(),
            composer: text_editor::Content::new(),
            room_nicks: HashMap::new(),
            speaking: speaking::Speaking::default(),
            mode: Mode::Writing,
            picker: None,
            new_chat: None,
            switcher: None,
            typing_since: None,
            focused: true,
            tell_sender: true,
            status: None,
            no_chooser: false,
            nick_prompt: None,
            files: files::Files::default(),
            auto_downloads: HashSet::new(),
            voice: voice::Voice::default(),
        };
        let task = chats.reload_list();
        (chats, task)
    }

    pub fn set_accounts(&mut self, accounts: &[Account]) {
        self.accounts = accounts.iter().map(|a| (a.id, a.jid.clone())).collect();
        if !self.accounts.iter().any(|(id, _)| *id == self.account)
            && let Some((first, _)) = self.accounts.first()
        {
            self.account = *first;
        }
    }

    pub fn default_account(&self) -> AccountId {
        self.account
    }

    /// Unread messages over all conversations that are not muted, for the window title.
    pub fn unread(&self) -> i64 {
        self.list
            .iter()
            .filter(|s| !s.muted)
            .map(|s| s.unread)
            .sum()
    }

    /// Changes the open conversation's view state; nothing for the session.
    fn with_open(&mut self, change: impl FnOnce(&mut Open)) -> Action {
        if let Some(open) = &mut self.open {
            change(open);
        }
        Action::None
    }

    /// What to call a room of `account`: its name, else its address.
    fn room_title(&self, account: AccountId, room: &BareJid) -> String {
        self.list
            .iter()
            .find(|s| s.account == account && &s.peer == room && s.private.is_none())
            .map_or_else(|| room.to_string(), |s| s.title().to_string())
    }

    /// An owner's or moderator's request about the open room.
    fn moderate(&self, action: RoomAction) -> Action {
        match &self.open {
            Some(open) => Action::Command(
                open.account,
                Command::Moderate {
                    room: open.peer.clone(),
                    action,
                },
            ),
            None => Action::None,
        }
    }

    /// A room refused our nickname: offer to try another, ours with a mark after it.
    pub fn nick_taken(&mut self, account: AccountId, room: BareJid, nick: String) {
        self.nick_prompt = Some(NickPrompt {
            account,
            room,
            nick: format!("{nick}_"),
        });
    }

    /// We are in `room` now: its nickname prompt is answered.
    pub fn entered(&mut self, account: AccountId, room: &BareJid, nick: &str) {
        self.speaking
            .entered(account, room.clone(), nick.to_string());
        if self
            .nick_prompt
            .as_ref()
            .is_some_and(|p| p.account == account && &p.room == room)
        {
            self.nick_prompt = None;
        }
    }

    /// Who is in a room now, as the session says (nicknames for completion, voices).
    pub fn set_occupants(&mut self, account: AccountId, room: BareJid, occupants: &[Occupant]) {
        self.speaking.occupants(account, &room, occupants);
        let nicks = occupants.iter().map(|o| o.nick.clone()).collect();
        self.room_nicks.insert((account, room), nicks);
    }

    /// A visitor of a room we moderate asks for a voice: what a notification says of it (the
    /// room's conversation and title), unless the request was waiting already or the room is
    /// muted.
    pub fn voice_requested(
        &mut self,
        account: AccountId,
        room: BareJid,
        nick: String,
    ) -> Option<(ConversationId, String)> {
        let summary = self
            .list
            .iter()
            .find(|s| s.account == account && s.peer == room && s.private.is_none())?;
        let fresh = !self.speaking.waiting(account, &room).contains(&nick);
        let said = (summary.id, summary.title().to_string());
        let muted = summary.muted;
        self.speaking.requested(account, room, nick);
        (fresh && !muted).then_some(said)
    }

    pub fn muted(&self) -> HashSet<ConversationId> {
        self.list.iter().filter(|s| s.muted).map(|s| s.id).collect()
    }

    fn reload_list(&self) -> Task<Message> {
        let readers = self.store.readers.clone();
        Task::perform(
            async move { readers.read(conversations::list).await },
            Message::Listed,
        )
    }

    fn load(&self, conversation: ConversationId, load: Load) -> Task<Message> {
        let readers = self.store.readers.clone();
        let me: Vec<BareJid> = self.accounts.iter().map(|(_, j)| j.clone()).collect();
        let (first, last) = match &self.open {
            Some(o) if o.conversation == conversation => (
                o.messages.first().map(|m| m.id),
                o.messages.last().map(|m| m.id),
            ),
            _ => (None, None),
        };
        Task::perform(
            async move {
                readers
                    .read(move |c| {
                        let (messages, end) = match (load, first, last) {
                            (Load::Older, Some(first), _) => {
                                let page = messages::page(c, conversation, Some(first), PAGE)?;
                                let end = page.len() < PAGE;
                                (page, end)
                            }
                            (Load::Newer, _, Some(last)) => {
                                let page = messages::page_after(c, conversation, last, PAGE)?;
                                let end = page.len() < PAGE;
                                (page, end)
                            }
                            (Load::Refresh, Some(first), _) => {
                                let mut page = vec![messages::get(c, first)?];
                                page.extend(messages::page_after(c, conversation, first, WINDOW)?);
                                let end = page.len() <= WINDOW;
                                (page, end)
                            }
                            (Load::Around(id), _, _) => {
                                let mut page = messages::page(c, conversation, Some(id), PAGE / 2)?;
                                page.push(messages::get(c, id)?);
                                let after = messages::page_after(c, conversation, id, PAGE / 2)?;
                                let end = after.len() < PAGE / 2;
                                page.extend(after);
                                (page, end)
                            }
                            _ => {
                                let page = messages::page(c, conversation, None, FIRST_PAGE)?;
                                let end = page.len() < FIRST_PAGE;
                                (page, end)
                            }
                        };
                        decorate(c, conversation, messages, end, &me)
                    })
                    .await
            },
            move |page| Message::Loaded(conversation, load, page),
        )
    }

    /// Reads the newest pages of the first conversations of the list that are neither open
    /// nor remembered, so that opening them draws their messages in the click's frame.
    fn prefetch(&mut self) -> Task<Message> {
        if self.recent.busy {
            return Task::none();
        }
        let open = self.open.as_ref().map(|o| o.conversation);
        let wanted: Vec<ConversationId> = self
            .list
            .iter()
            .map(|s| s.id)
            .filter(|id| Some(*id) != open && !self.recent.has(*id))
            .take(recent::PREFETCH)
            .collect();
        if wanted.is_empty() {
            return Task::none();
        }
        self.recent.busy = true;
        let generation = self.recent.generation;
        let readers = self.store.readers.clone();
        let me: Vec<BareJid> = self.accounts.iter().map(|(_, j)| j.clone()).collect();
        Task::perform(
            async move {
                readers
                    .read(move |c| {
                        let mut pages = Vec::new();
                        for id in wanted {
                            let messages = messages::page(c, id, None, FIRST_PAGE)?;
                            let end = messages.len() < FIRST_PAGE;
                            pages.push((id, decorate(c, id, messages, end, &me)?));
                        }
                        Ok(pages)
                    })
                    .await
            },
            move |pages| Message::Prefetched(generation, pages),
        )
    }

    /// The store changed for these conversations (all when empty): re-read what is shown.
    pub fn refresh(&mut self, changed: &[ConversationId]) -> Task<Message> {
        self.recent.forget(changed);
        let mut tasks = vec![self.reload_list()];
        if let Some(open) = &self.open
            && open.conversation.0 != 0
            && (changed.is_empty() || changed.contains(&open.conversation))
        {
            let load = if open.messages.is_empty() {
                Load::Newest
            } else {
                Load::Refresh
            };
            tasks.push(self.load(open.conversation, load));
            tasks.push(self.reload_security());
        }
        Task::batch(tasks)
    }

    /// Opens a conversation, at one message when given (a search hit).
    pub fn open_at(&mut self, id: ConversationId, at: Option<MessageId>) -> Action {
        let Some(summary) = self.list.iter().find(|s| s.id == id) else {
            return Action::None;
        };
        let (account, peer) = (summary.account, summary.peer.clone());
        let private = summary.private.clone();
        self.remember_open();
        // Previews are pixels: only the open conversation's are kept.
        self.files.previews.clear();
        self.files.viewer = None;
        self.voice.playing = None;
        // A remembered page is drawn at once; the store's answer replaces it a frame later.
        let known = match at {
            None => self.recent.take(id),
            Some(_) => None,
        };
        let shown = known.is_some();
        let page = known.unwrap_or_default();
        self.open = Some(Open {
            conversation: id,
            account,
            peer,
            private,
            messages: page.messages,
            reactions: page.reactions,
            quotes: page.quotes,
            oldest_loaded: shown && page.end,
            newest_loaded: at.is_none(),
            loading: !shown,
            content_height: 0.0,
            view_height: 0.0,
            trim_newest: false,
            shift_from: None,
            at_bottom: at.is_none(),
            unseen: 0,
            highlight: at,
            security: None,
            panel: Panel::Closed,
            people: false,
            invite: String::new(),
            people_filter: String::new(),
            leaving: false,
            topic: String::new(),
            banning: None,
            revoking: None,
            room_name: String::new(),
            room_description: String::new(),
        });
        self.reset_composer();
        let load = match at {
            Some(m) => Load::Around(m),
            None => Load::Newest,
        };
        Action::Run(Task::batch([
            self.load(id, load),
            self.reload_security(),
            iced::widget::operation::focus(composer_id()),
        ]))
    }

    /// Re-reads the open conversation's encryption and the contact's devices.
    pub fn reload_security(&self) -> Task<Message> {
        // A private conversation through a room has no encryption to show: it has none.
        let Some(open) = self.open.as_ref().filter(|o| o.private.is_none()) else {
            return Task::none();
        };
        let (conversation, account, peer) = (open.conversation, open.account, open.peer.clone());
        let readers = self.store.readers.clone();
        Task::perform(
            async move {
                let of = peer.clone();
                let read = readers
                    .read(move |c| {
                        // A new chat has no conversation yet: it starts automatic.
                        let encryption = if conversation.0 == 0 {
                            Encryption::Automatic
                        } else {
                            conversations::encryption(c, conversation)?
                        };
                        let own = crate::store::accounts::get(c, account)?.jid;
                        let this_device = omemo::own(c, account)?.map(|r| r.device_id);
                        let own_devices = omemo::devices(c, account, &own)?
                            .into_iter()
                            .filter(|d| Some(d.id) != this_device)
                            .collect();
                        let sent_to = if conversation.0 == 0 {
                            Vec::new()
                        } else {
                            omemo::encrypted_for(c, conversation)?
                        };
                        let room = crate::store::rooms::find(c, account, &of)?;
                        let members = match &room {
                            Some(r) if r.private => Some(
                                crate::store::rooms::members(c, r.conversation)?
                                    .into_iter()
                                    .filter(|m| *m != own)
                                    .collect::<Vec<_>>(),
                            ),
                            _ => None,
                        };
                        let mut devices = Vec::new();
                        match &members {
                            Some(members) => {
                                for m in members {
                                    devices.extend(omemo::devices(c, account, m)?);
                                }
                            }
                            None if room.is_none() => devices = omemo::devices(c, account, &of)?,
                            None => {}
                        }
                        Ok(ChatSecurity {
                            encryption,
                            devices,
                            own_devices,
                            sent_to,
                            room_nick: room.map(|r| r.nick),
                            members,
                        })
                    })
                    .await;
                (peer, read)
            },
            move |(peer, read)| Message::Security(account, peer, read),
        )
    }

    /// Keeps the newest messages of the conversation being left, if it shows them, for the
    /// next time it opens.
    fn remember_open(&mut self) {
        let Some(open) = self.open.take() else { return };
        if open.conversation.0 == 0 || !open.newest_loaded || open.messages.is_empty() {
            return;
        }
        let mut messages = open.messages;
        let cut = messages.len().saturating_sub(FIRST_PAGE);
        let end = open.oldest_loaded && cut == 0;
        let messages = messages.split_off(cut);
        let ids: HashSet<MessageId> = messages.iter().map(|m| m.id).collect();
        let mut reactions = open.reactions;
        reactions.retain(|id, _| ids.contains(id));
        let mut quotes = open.quotes;
        quotes.retain(|id, _| ids.contains(id));
        let page = Page {
            messages,
            reactions,
            quotes,
            end,
        };
        self.recent.put(open.conversation, page);
    }

    /// Brings a message of the open conversation into view, highlighted, keeping the composer.
    fn show_message(&mut self, id: MessageId) -> Action {
        let Some(open) = &mut self.open else {
            return Action::None;
        };
        open.highlight = Some(id);
        open.at_bottom = false;
        if let Some(index) = open.messages.iter().position(|m| m.id == id) {
            return Action::Run(snap_to_index(index, open.messages.len()));
        }
        open.newest_loaded = false;
        open.loading = true;
        let conversation = open.conversation;
        Action::Run(self.load(conversation, Load::Around(id)))
    }

    /// Opens the conversation with `peer`, or a new one that is stored with its first message.
    pub fn open_with(&mut self, account: AccountId, peer: BareJid) -> Action {
        self.open_new(account, peer, None)
    }

    /// Opens the conversation with `peer` (privately with its occupant `private`), or a new
    /// one that is stored with its first message.
    fn open_new(&mut self, account: AccountId, peer: BareJid, private: Option<String>) -> Action {
        if let Some(existing) = self
            .list
            .iter()
            .find(|s| s.account == account && s.peer == peer && s.private == private)
        {
            let id = existing.id;
            return self.open_at(id, None);
        }
        self.remember_open();
        self.open = Some(Open {
            conversation: ConversationId(0),
            account,
            peer,
            private,
            messages: Vec::new(),
            reactions: HashMap::new(),
            quotes: HashMap::new(),
            oldest_loaded: true,
            newest_loaded: true,
            loading: false,
            content_height: 0.0,
            view_height: 0.0,
            trim_newest: false,
            shift_from: None,
            at_bottom: true,
            unseen: 0,
            highlight: None,
            security: None,
            panel: Panel::Closed,
            people: false,
            invite: String::new(),
            people_filter: String::new(),
            leaving: false,
            topic: String::new(),
            banning: None,
            revoking: None,
            room_name: String::new(),
            room_description: String::new(),
        });
        self.reset_composer();
        Action::Run(Task::batch([
            self.reload_security(),
            iced::widget::operation::focus(composer_id()),
        ]))
    }

    /// Stops correcting (the old text goes) or replying (what was written stays).
    fn cancel_mode(&mut self) {
        match self.mode {
            Mode::Writing => {}
            Mode::Correcting(_) => self.reset_composer(),
            Mode::Replying(_) => self.mode = Mode::Writing,
        }
    }

    /// Puts `body` in the composer (an xmpp:?message link's text), unsent, and focuses it.
    pub fn draft(&mut self, body: &str) -> Task<Message> {
        self.composer = text_editor::Content::with_text(body);
        iced::widget::operation::focus(composer_id())
    }

    fn reset_composer(&mut self) {
        self.composer = text_editor::Content::new();
        self.mode = Mode::Writing;
        self.picker = None;
        self.typing_since = None;
    }

    /// The window came to the front or went behind: an open conversation counts as read
    /// only while it can be seen.
    pub fn focus_changed(&mut self, focused: bool) -> Action {
        self.focused = focused;
        if focused {
            self.mark_read()
        } else {
            Action::None
        }
    }

    /// Marks `conversation` read (from its notification's button), open or not.
    pub fn mark_read_of(&self, conversation: ConversationId) -> Action {
        match self.list.iter().find(|s| s.id == conversation) {
            Some(summary) if summary.unread > 0 => Action::Command(
                summary.account,
                Command::MarkDisplayed {
                    conversation,
                    tell_sender: self.tell_sender,
                },
            ),
            _ => Action::None,
        }
    }

    /// Sends `text`, typed into `conversation`'s notification, and marks the conversation
    /// read: the answer shows the user saw it. The session encrypts it as it would any other
    /// message of that conversation.
    pub fn reply_from_notification(&self, conversation: ConversationId, text: String) -> Action {
        let Some(summary) = self.list.iter().find(|s| s.id == conversation) else {
            return Action::None;
        };
        Action::Commands {
            account: summary.account,
            commands: vec![
                Command::SendText(OutgoingText {
                    to: summary.peer.clone(),
                    private: summary.private.clone(),
                    body: text,
                    reply_to: None,
                }),
                Command::MarkDisplayed {
                    conversation,
                    tell_sender: self.tell_sender,
                },
            ],
            then: Task::none(),
        }
    }

    fn mark_read(&self) -> Action {
        let Some(open) = &self.open else {
            return Action::None;
        };
        let unread = self
            .list
            .iter()
            .any(|s| s.id == open.conversation && s.unread > 0);
        if !self.focused || !unread || !open.at_bottom {
            return Action::None;
        }
        Action::Command(
            open.account,
            Command::MarkDisplayed {
                conversation: open.conversation,
                tell_sender: self.tell_sender,
            },
        )
    }

    pub fn shortcut(&mut self, shortcut: Shortcut) -> Action {
        match shortcut {
            Shortcut::QuickSwitch => {
                self.switcher = Some(String::new());
                Action::Run(iced::widget::operation::focus(switcher_id()))
            }
            Shortcut::NewChat => {
                self.new_chat = Some(String::new());
                Action::Run(iced::widget::operation::focus(new_chat_id()))
            }
            Shortcut::Next | Shortcut::Previous => {
                let visible: Vec<ConversationId> = self.visible().map(|s| s.id).collect();
                let current = self
                    .open
                    .as_ref()
                    .and_then(|o| visible.iter().position(|&id| id == o.conversation));
                let next = match (current, shortcut) {
                    (None, _) => 0,
                    (Some(i), Shortcut::Next) => (i + 1).min(visible.len().saturating_sub(1)),
                    (Some(i), _) => i.saturating_sub(1),
                };
                match visible.get(next) {
                    Some(&id) => self.open_at(id, None),
                    None => Action::None,
                }
            }
            Shortcut::Escape => {
                if self.files.viewer.take().is_some()
                    || self.switcher.take().is_some()
                    || self.picker.take().is_some()
                    || self.new_chat.take().is_some()
                {
                    return Action::None;
                }
                self.cancel_mode();
                Action::None
            }
            Shortcut::OlderPage | Shortcut::NewerPage => {
                let Some(open) = &self.open else {
                    return Action::None;
                };
                // A screen less a little, so a line of the last one stays for the eye. The
                // list is anchored at the bottom: older is a larger offset.
                let page = (open.view_height * PAGE_SHARE).max(MIN_PAGE);
                let y = if shortcut == Shortcut::OlderPage {
                    page
                } else {
                    -page
                };
                Action::Run(iced::widget::operation::scroll_by(
                    messages_id(),
                    scrollable::AbsoluteOffset { x: 0.0, y },
                ))
            }
            Shortcut::Find | Shortcut::FocusNext | Shortcut::FocusPrevious | Shortcut::Paste => {
                Action::None
            }
        }
    }

    pub fn update(&mut self, message: Message, prefs: &Preferences) -> Action {
        self.tell_sender = prefs.send_read_markers;
        match message {
            Message::Listed(Ok(list)) => {
                self.list = list;
                // A new chat's conversation exists once its first message is stored.
                if let Some(open) = &self.open
                    && open.conversation.0 == 0
                    && let Some(found) = self.list.iter().find(|s| {
                        s.account == open.account
                            && s.peer == open.peer
                            && s.private == open.private
                    })
                {
                    let id = found.id;
                    let open = self.open.as_mut().expect("checked above");
                    open.conversation = id;
                    open.newest_loaded = true;
                    return Action::Run(Task::batch([
                        self.load(id, Load::Newest),
                        self.reload_security(),
                    ]));
                }
                let ahead = self.prefetch();
                self.mark_read().with_task(ahead)
            }
            Message::Prefetched(generation, Ok(pages)) => {
                self.recent.prefetched(generation, pages);
                Action::None
            }
            Message::Prefetched(_, Err(e)) => {
                self.recent.busy = false;
                tracing::error!("cannot read ahead: {e}");
                Action::None
            }
            Message::Listed(Err(e)) | Message::Loaded(_, _, Err(e)) => {
                tracing::error!("cannot read the store: {e}");
                Action::None
            }
            Message::Filter(f) => {
                self.filter = f;
                Action::None
            }
            Message::Select(id) => self.open_at(id, None),
            Message::Loaded(id, load, Ok(page)) => self.loaded(id, load, page),
            Message::Scrolled(viewport) => self.scrolled(viewport),
            Message::JumpToNewest => {
                let Some(open) = &mut self.open else {
                    return Action::None;
                };
                open.unseen = 0;
                open.at_bottom = true;
                open.highlight = None;
                let conversation = open.conversation;
                if open.newest_loaded {
                    return Action::Run(iced::widget::operation::snap_to(
                        messages_id(),
                        scrollable::RelativeOffset::START,
                    ));
                }
                open.messages.clear();
                open.newest_loaded = true;
                Action::Run(self.load(conversation, Load::Newest))
            }
            Message::Edit(action) => {
                let edits = action.is_edit();
                self.composer.perform(action);
                if edits {
                    return self.typing(prefs);
                }
                Action::None
            }
            Message::Send => self.send(),
            Message::CompleteNick => {
                let Some(open) = &self.open else {
                    return Action::None;
                };
                let nicks = self
                    .room_nicks
                    .get(&(open.account, open.peer.clone()))
                    .cloned()
                    .unwrap_or_default();
                let own = open
                    .security
                    .as_ref()
                    .and_then(|s| s.room_nick.clone())
                    .unwrap_or_default();
                let text = self.composer.text();
                if let Some(done) = super::nick::complete(text.trim_end_matches('\n'), &nicks, &own)
                {
                    self.composer = text_editor::Content::with_text(&done);
                    self.composer
                        .perform(text_editor::Action::Move(text_editor::Motion::DocumentEnd));
                }
                Action::None
            }
            Message::EditLast => self.edit_last(),
            Message::CancelCompose => {
                self.cancel_mode();
                Action::None
            }
            Message::Correct(id) => self.start_correcting(id),
            Message::Reply(id) => {
                if let Mode::Correcting(_) = self.mode {
                    self.reset_composer();
                }
                self.mode = Mode::Replying(id);
                Action::Run(iced::widget::operation::focus(composer_id()))
            }
            Message::ShowQuoted(id) => self.show_message(id),
            Message::TrimOldest(id) => {
                if let Some(open) = self.open.as_mut().filter(|o| o.conversation == id)
                    && open.messages.len() > WINDOW
                {
                    let extra = open.messages.len() - WINDOW;
                    open.oldest_loaded = false;
                    for m in open.messages.drain(..extra) {
                        open.reactions.remove(&m.id);
                        open.quotes.remove(&m.id);
                    }
                }
                Action::None
            }
            Message::Retract(id) => match &self.open {
                Some(open) => Action::Command(open.account, Command::Retract { message: id }),
                None => Action::None,
            },
            Message::RemoveForEveryone(message) => self.moderate(RoomAction::RemoveMessage {
                message,
                reason: None,
            }),
            Message::PickRoomPicture if self.no_chooser => {
                self.status = Some(fl!("no-file-chooser"));
                Action::None
            }
            Message::PickRoomPicture => {
                Action::Run(Task::perform(pick_picture(), Message::RoomPicturePicked))
            }
            Message::RoomPicturePicked(None) => Action::None,
            Message::RoomPicturePicked(Some(path)) => Action::Run(Task::perform(
                prepared_picture(path),
                Message::RoomPictureReady,
            )),
            Message::RoomPictureReady(Ok(image)) => {
                self.moderate(RoomAction::SetPicture(Some(image)))
            }
            Message::RoomPictureReady(Err(reason)) => {
                self.status = Some(fl!("chat-room-picture-failed", reason = reason));
                Action::None
            }
            Message::Retry(id) => {
                // A failed message is sent again as a new one with the same words.
                let Some(open) = &self.open else {
                    return Action::None;
                };
                let Some(m) = open.messages.iter().find(|m| m.id == id) else {
                    return Action::None;
                };
                // A file goes up again from where it was sent from.
                let again = match m.attachment.as_ref().and_then(|a| a.local_path.clone()) {
                    Some(path) => Command::SendFile(crate::core::OutgoingFile {
                        id: crate::core::TransferId::next(),
                        to: open.peer.clone(),
                        private: open.private.clone(),
                        path,
                        keep_metadata: prefs.keep_photo_metadata,
                        contents: None,
                    }),
                    None => Command::SendText(OutgoingText {
                        to: open.peer.clone(),
                        private: open.private.clone(),
                        body: m.body.clone(),
                        reply_to: None,
                    }),
                };
                Action::Commands {
                    account: open.account,
                    commands: vec![Command::Retract { message: id }, again],
                    then: Task::none(),
                }
            }
            Message::React(id, emoji) => self.react(id, emoji),
            Message::ReactionPicker(id) => {
                self.picker = Some(Picker {
                    target: Some(id),
                    query: String::new(),
                });
                Action::None
            }
            Message::TogglePicker => {
                self.picker = match self.picker {
                    Some(_) => None,
                    None => Some(Picker {
                        target: None,
                        query: String::new(),
                    }),
                };
                Action::None
            }
            Message::PickerSearch(query) => {
                if let Some(p) = &mut self.picker {
                    p.query = query;
                }
                Action::None
            }
            Message::Insert(emoji) => match self.picker.take() {
                Some(Picker {
                    target: Some(id), ..
                }) => self.react(id, emoji.to_string()),
                _ => {
                    self.composer
                        .perform(text_editor::Action::Edit(text_editor::Edit::Paste(
                            std::sync::Arc::new(emoji.to_string()),
                        )));
                    Action::Run(iced::widget::operation::focus(composer_id()))
                }
            },
            Message::Link(url) => {
                open_link(&url);
                Action::None
            }
            Message::PromptNick(nick) => {
                if let Some(p) = &mut self.nick_prompt {
                    p.nick = nick;
                }
                Action::None
            }
            Message::CancelNick => {
                self.nick_prompt = None;
                Action::None
            }
            Message::JoinAs => {
                let Some(p) = self.nick_prompt.take_if(|p| !p.nick.trim().is_empty()) else {
                    return Action::None;
                };
                self.status = Some(fl!("chats-joining", room = p.room.to_string()));
                let join = Command::JoinRoom {
                    room: p.room,
                    nick: p.nick.trim().to_string(),
                    password: None,
                };
                Action::Command(p.account, join)
            }
            Message::TogglePeople => {
                if let Some(open) = &mut self.open {
                    open.people = !open.people;
                    open.leaving = false;
                }
                Action::None
            }
            Message::InviteAddress(address) => self.with_open(|open| open.invite = address),
            Message::PeopleFilter(text) => self.with_open(|open| open.people_filter = text),
            Message::Invite => {
                let Some(open) = &mut self.open else {
                    return Action::None;
                };
                let Some(jid) = parse_address(&open.invite) else {
                    self.status = Some(fl!("chats-bad-address"));
                    return Action::None;
                };
                open.invite.clear();
                let room = open.peer.clone();
                Action::Command(open.account, Command::InviteToRoom { room, jid })
            }
            Message::Leave => self.with_open(|open| open.leaving = true),
            Message::CancelLeave => self.with_open(|open| open.leaving = false),
            Message::TopicDraft(topic) => self.with_open(|open| open.topic = topic),
            Message::SetTopic => {
                let Some(open) = &mut self.open else {
                    return Action::None;
                };
                let topic = std::mem::take(&mut open.topic).trim().to_string();
                if topic.is_empty() {
                    return Action::None;
                }
                self.moderate(RoomAction::Subject(topic))
            }
            Message::Kick(nick) => self.moderate(RoomAction::Kick { nick, reason: None }),
            Message::SetRole(nick, role) => self.moderate(RoomAction::Role { nick, role }),
            Message::AskToSpeak => {
                let Some(open) = &self.open else {
                    return Action::None;
                };
                self.speaking.ask(open.account, open.peer.clone());
                self.moderate(RoomAction::RequestVoice)
            }
            Message::GiveVoice(nick) => {
                let Some(open) = &self.open else {
                    return Action::None;
                };
                self.speaking.answered(open.account, &open.peer, &nick);
                let role = crate::core::Role::Participant;
                self.moderate(RoomAction::Role { nick, role })
            }
            Message::DismissVoiceRequest(nick) => {
                if let Some(open) = &self.open {
                    self.speaking.answered(open.account, &open.peer, &nick);
                }
                Action::None
            }
            Message::SetAffiliation(jid, affiliation) => {
                let Some(open) = &mut self.open else {
                    return Action::None;
                };
                // A private group is members only: who is no member any more must leave it,
                // so that is asked first.
                let members_only = open.security.as_ref().is_some_and(|s| s.members.is_some());
                if members_only
                    && affiliation == crate::core::Affiliation::None
                    && open.revoking.as_ref() != Some(&jid)
                {
                    open.banning = None;
                    open.revoking = Some(jid);
                    return Action::None;
                }
                open.revoking = None;
                self.moderate(RoomAction::Affiliation { jid, affiliation })
            }
            Message::WritePrivately(nick) => match &self.open {
                Some(open) => {
                    let (account, room) = (open.account, open.peer.clone());
                    self.open_new(account, room, Some(nick))
                }
                None => Action::None,
            },
            Message::RoomName(name) => self.with_open(|open| open.room_name = name),
            Message::RoomDescription(description) => {
                self.with_open(|open| open.room_description = description)
            }
            Message::SaveRoom => {
                let Some(open) = &mut self.open else {
                    return Action::None;
                };
                let private = open.security.as_ref().is_some_and(|s| s.members.is_some());
                let given = |s: &mut String| {
                    Some(std::mem::take(s).trim().to_string()).filter(|s| !s.is_empty())
                };
                let setup = crate::core::RoomSetup {
                    kind: crate::core::RoomKind::from_public(!private),
                    name: given(&mut open.room_name),
                    description: given(&mut open.room_description),
                    picture: None,
                };
                self.moderate(RoomAction::Configure(setup))
            }
            Message::Ban(nick) => self.with_open(|open| {
                open.revoking = None;
                open.banning = Some(nick)
            }),
            Message::CancelConfirm => self.with_open(|open| {
                open.banning = None;
                open.revoking = None
            }),
            Message::ConfirmBan(jid) => {
                let Some(open) = &mut self.open else {
                    return Action::None;
                };
                open.banning = None;
                self.moderate(RoomAction::Ban { jid, reason: None })
            }
            Message::ConfirmLeave => {
                let Some(open) = &mut self.open else {
                    return Action::None;
                };
                open.leaving = false;
                open.people = false;
                let room = open.peer.clone();
                Action::Command(open.account, Command::LeaveRoom { room })
            }
            Message::TogglePinned | Message::ToggleMuted => {
                let Some(open) = &self.open else {
                    return Action::None;
                };
                let Some(summary) = self.list.iter().find(|s| s.id == open.conversation) else {
                    return Action::None;
                };
                let id = summary.id;
                let pin = matches!(message, Message::TogglePinned);
                let value = if pin { !summary.pinned } else { !summary.muted };
                let writer = self.store.writer.clone();
                let readers = self.store.readers.clone();
                Action::Run(Task::perform(
                    async move {
                        writer
                            .write(move |tx| {
                                if pin {
                                    conversations::set_pinned(tx, id, value)
                                } else {
                                    conversations::set_muted(tx, id, value)
                                }
                            })
                            .await?;
                        readers.read(conversations::list).await
                    },
                    Message::Listed,
                ))
            }
            Message::Back => {
                self.remember_open();
                Action::None
            }
            Message::NewChat => {
                self.new_chat = match self.new_chat {
                    Some(_) => None,
                    None => Some(String::new()),
                };
                Action::Run(iced::widget::operation::focus(new_chat_id()))
            }
            Message::NewAddress(a) => {
                self.new_chat = Some(a);
                Action::None
            }
            Message::JoinTyped => {
                let Some(address) = self.new_chat.as_deref() else {
                    return Action::None;
                };
                let Some(room) = parse_address(address) else {
                    self.status = Some(fl!("chats-bad-address"));
                    return Action::None;
                };
                let password = join_password(address);
                self.new_chat = None;
                self.status = Some(fl!("chats-joining", room = room.to_string()));
                Action::JoinRoom {
                    account: self.account,
                    room,
                    password,
                    then: Task::none(),
                }
            }
            Message::Start => {
                let Some(address) = self.new_chat.as_deref() else {
                    return Action::None;
                };
                // An xmpp:room?join link enters the room.
                if address.trim().to_ascii_lowercase().starts_with("xmpp:")
                    && matches!(
                        crate::core::uri::parse(address.trim()).map(|u| u.action),
                        Ok(crate::core::uri::UriAction::Join { .. })
                    )
                {
                    return self.update(Message::JoinTyped, prefs);
                }
                let peer = match parse_address(address) {
                    Some(peer) => peer,
                    None => {
                        self.status = Some(fl!("chats-bad-address"));
                        return Action::None;
                    }
                };
                self.new_chat = None;
                self.status = None;
                self.open_with(self.account, peer)
            }
            Message::SwitchQuery(q) => {
                self.switcher = Some(q);
                Action::None
            }
            Message::SwitchPick => {
                let query = self.switcher.take().unwrap_or_default();
                let first = self
                    .list
                    .iter()
                    .find(|s| matches_filter(s, &query.to_lowercase()))
                    .map(|s| s.id);
                match first {
                    Some(id) => self.open_at(id, None),
                    None => Action::None,
                }
            }
            Message::Security(account, peer, read) => {
                match (&mut self.open, read) {
                    // A room's answer is not for a private conversation through it.
                    (Some(open), Ok(security))
                        if open.account == account
                            && open.peer == peer
                            && open.private.is_none() =>
                    {
                        open.security = Some(security);
                    }
                    (_, Err(e)) => tracing::error!("cannot read the encryption state: {e}"),
                    _ => {}
                }
                Action::None
            }
            Message::EncryptionPanel => {
                if let Some(open) = &mut self.open {
                    open.panel = match open.panel {
                        Panel::Closed => Panel::Open,
                        Panel::Open | Panel::ConfirmOff => Panel::Closed,
                    };
                }
                Action::None
            }
            Message::EncryptionOff => {
                if let Some(open) = &mut self.open {
                    open.panel = Panel::ConfirmOff;
                }
                Action::None
            }
            Message::CancelOff => {
                if let Some(open) = &mut self.open {
                    open.panel = Panel::Open;
                }
                Action::None
            }
            Message::ConfirmOff => self.set_encryption(Encryption::Off),
            Message::EncryptionOn => self.set_encryption(Encryption::On),
            Message::AttachFile if self.no_chooser => {
                self.status = Some(fl!("no-file-chooser"));
                Action::None
            }
            Message::AttachFile => Action::Run(Task::perform(
                async {
                    let picked = rfd::AsyncFileDialog::new().pick_file().await?;
                    Some(picked.path().to_path_buf())
                },
                Message::FilePicked,
            )),
            Message::FilePicked(None) => Action::None,
            Message::FilePicked(Some(path)) | Message::Dropped(path) => self.send_file(path, prefs),
            Message::PhotoReady(ready) => {
                Action::Command(ready.account, Command::SendFile(ready.file))
            }
            Message::Download(message) => self.download(message, false, prefs),
            Message::Save(message) => self.download(message, true, prefs),
            Message::ShowFile(message) => {
                let path = self.open.as_ref().and_then(|o| {
                    let m = o.messages.iter().find(|m| m.id == message)?;
                    m.attachment.as_ref()?.local_path.clone()
                });
                if let Some(path) = path {
                    crate::platform::reveal(&path);
                }
                Action::None
            }
            Message::OpenPicture(message) => {
                let source = self.open.as_ref().and_then(|o| {
                    let m = o.messages.iter().find(|m| m.id == message)?;
                    files::Source::of(m.attachment.as_ref()?, self.store.media_dir())
                });
                match source {
                    Some(source) => Action::Run(files::open_full(message, source)),
                    None => Action::None,
                }
            }
            Message::PictureOpened(message, Ok(handle)) => {
                self.files.viewer = Some((message, handle));
                Action::None
            }
            Message::PictureOpened(_, Err(reason)) => {
                tracing::debug!("no full-size picture: {reason}");
                Action::None
            }
            Message::ClosePicture => {
                self.files.viewer = None;
                Action::None
            }
            Message::RetryUpload(id) => {
                self.files.transfers.remove(&id);
                match self.files.sources.remove(&id) {
                    Some(from) => self.send_upload(from, prefs),
                    None => Action::None,
                }
            }
            Message::DismissUpload(id) => {
                self.files.transfers.remove(&id);
                self.files.sources.remove(&id);
                Action::None
            }
            Message::CancelTransfer(id) => {
                let Some(t) = self.files.transfers.get(&id) else {
                    return Action::None;
                };
                let account = self.account_of_transfer(t);
                Action::Command(account, Command::CancelTransfer { id })
            }
            Message::Preview(message, result) => {
                let preview = match result {
                    Ok(preview) => preview,
                    Err(e) => {
                        tracing::debug!("no preview: {e}");
                        files::Preview::Unavailable
                    }
                };
                self.files.previews.insert(message, preview);
                Action::None
            }
            Message::AutoDownload(found) => {
                let mut by_account: HashMap<AccountId, Vec<Command>> = HashMap::new();
                for (account, message) in found {
                    let id = crate::core::TransferId::next();
                    self.auto_downloads.insert(id);
                    by_account
                        .entry(account)
                        .or_default()
                        .push(Command::Download {
                            id,
                            message,
                            to: SaveTo::Cache,
                            max_size: u64::from(prefs.auto_download_mib) * 1024 * 1024,
                        });
                }
                match by_account.into_iter().next() {
                    Some((account, commands)) => Action::Commands {
                        account,
                        commands,
                        then: Task::none(),
                    },
                    None => Action::None,
                }
            }
            Message::Record => {
                if self.voice.recording.is_some() || self.open.is_none() {
                    return Action::None;
                }

                Action::Run(voice::start_recording())
            }
            Message::RecordingStarted(Ok(recorder)) => {
                self.voice.recording = Some(recorder);
                Action::None
            }
            Message::RecordingStarted(Err(reason)) => {
                self.status = Some(fl!("voice-failed", reason = reason));
                Action::None
            }
            Message::StopRecording(send) => {
                let Some(recorder) = self.voice.recording.take() else {
                    return Action::None;
                };
                if !send {
                    recorder.finish();
                    return Action::None;
                }
                Action::Run(voice::finish_recording(recorder))
            }
            Message::VoiceEncoded(Ok(recorded)) => self.send_upload(recorded, prefs),
            Message::VoiceEncoded(Err(reason)) => {
                self.status = Some(fl!("voice-failed", reason = reason));
                Action::None
            }
            Message::Play(id) => {
                if let Some((playing, player)) = &self.voice.playing
                    && *playing == id
                {
                    player.toggle();
                    return Action::None;
                }
                self.voice.playing = None;
                let found = self.open.as_ref().and_then(|o| {
                    let a = o
                        .messages
                        .iter()
                        .find(|m| m.id == id)?
                        .attachment
                        .as_ref()?;
                    Some((
                        files::Source::of(a, self.store.media_dir())?,
                        a.media_type.clone().unwrap_or_default(),
                    ))
                });
                match found {
                    Some((source, kind)) => Action::Run(voice::play(id, source, kind)),
                    None => Action::None,
                }
            }
            Message::PlayerStarted(id, Ok(player)) => {
                self.voice.playing = Some((id, player));
                Action::None
            }
            Message::PlayerStarted(_, Err(reason)) => {
                self.status = Some(fl!("voice-cannot-play", reason = reason));
                Action::None
            }
            Message::Seek(id, fraction) => {
                match &self.voice.playing {
                    Some((playing, player)) if *playing == id => player.seek(fraction),
                    _ => return self.update(Message::Play(id), prefs),
                }
                Action::None
            }
            Message::NoteRead(id, read) => {
                let note = match read {
                    Ok((length, bars)) => voice::Note::Ready { length, bars },
                    Err(e) => {
                        tracing::debug!("a voice note cannot be read: {e}");
                        voice::Note::Unavailable
                    }
                };
                self.voice.notes.insert(id, note);
                Action::None
            }
            Message::AnimationTick => {
                self.files.playing_for += ANIMATION_TICK;
                Action::None
            }
            Message::AudioTick => {
                // A note played to its end stops; the view reads the rest at the next frame.
                if let Some((_, player)) = &self.voice.playing
                    && player.state().0 >= player.state().1
                {
                    self.voice.playing = None;
                }
                Action::None
            }
            Message::ShowKeys => match self.open.as_ref().filter(|o| o.private.is_none()) {
                Some(open) => Action::ShowContact {
                    account: open.account,
                    jid: open.peer.clone(),
                    then: Task::none(),
                },
                None => Action::None,
            },
            Message::TypingTick => {
                let Some(since) = self.typing_since else {
                    return Action::None;
                };
                let Some(open) = self.open.as_ref().filter(|o| o.private.is_none()) else {
                    return Action::None;
                };
                if since.elapsed() < TYPING_PAUSE {
                    return Action::None;
                }
                self.typing_since = None;
                Action::Command(
                    open.account,
                    Command::SendChatState {
                        to: open.peer.clone(),
                        state: ChatState::Paused,
                    },
                )
            }
        }
    }

    /// Stores the user's explicit choice for the open conversation, then re-reads its state.
    /// Off is reached only through the confirmation (`Panel::ConfirmOff`).
    fn set_encryption(&mut self, encryption: Encryption) -> Action {
        let Some(open) = &mut self.open else {
            return Action::None;
        };
        if open.conversation.0 == 0
            || (encryption == Encryption::Off && open.panel != Panel::ConfirmOff)
        {
            return Action::None;
        }
        open.panel = Panel::Closed;
        let id = open.conversation;
        let writer = self.store.writer.clone();
        let reread = self.reload_security();
        Action::Run(
            Task::perform(
                async move {
                    writer
                        .write(move |tx| conversations::set_encryption(tx, id, encryption))
                        .await
                },
                |written| {
                    if let Err(e) = written {
                        tracing::error!("cannot store the encryption choice: {e}");
                    }
                },
            )
            .discard()
            .chain(reread),
        )
    }

    /// Ticks only while we have told someone we are typing, so an idle window never wakes.
    pub fn subscription(&self) -> Subscription<Message> {
        let typing = if self.typing_since.is_some() {
            iced::time::every(Duration::from_secs(1)).map(|_| Message::TypingTick)
        } else {
            Subscription::none()
        };
        let audio = if self.voice.ticking() {
            iced::time::every(Duration::from_millis(100)).map(|_| Message::AudioTick)
        } else {
            Subscription::none()
        };
        // GIFs play while their conversation is open; a still one never wakes the window.
        let animation = if self.files.animating() {
            iced::time::every(ANIMATION_TICK).map(|_| Message::AnimationTick)
        } else {
            Subscription::none()
        };
        Subscription::batch([typing, audio, animation])
    }

    fn loaded(&mut self, id: ConversationId, load: Load, page: Page) -> Action {
        let Some(open) = self.open.as_mut().filter(|o| o.conversation == id) else {
            return Action::None;
        };
        open.loading = false;
        let mut task = Task::none();
        match load {
            Load::Newest => {
                open.messages = page.messages;
                open.reactions = page.reactions;
                open.quotes = page.quotes;
                open.oldest_loaded = page.end;
                open.newest_loaded = true;
            }
            Load::Refresh => {
                let before = open.messages.len();
                let known: HashSet<MessageId> = open.messages.iter().map(|m| m.id).collect();
                let new = page
                    .messages
                    .iter()
                    .filter(|m| !known.contains(&m.id) && m.direction == Direction::In)
                    .count();
                open.messages = page.messages;
                open.reactions = page.reactions;
                open.quotes = page.quotes;
                open.newest_loaded = page.end;
                if !open.at_bottom {
                    open.unseen += new;
                } else if open.messages.len() > WINDOW && before <= WINDOW {
                    // Following the newest: keep the window's size by dropping the oldest.
                    task = Task::done(Message::TrimOldest(id));
                }
            }
            Load::Older => {
                open.oldest_loaded = page.end;
                let mut messages = page.messages;
                messages.append(&mut open.messages);
                open.messages = messages;
                open.reactions.extend(page.reactions);
                open.quotes.extend(page.quotes);
                open.trim_newest = open.messages.len() > WINDOW;
            }
            Load::Newer => {
                open.newest_loaded = page.end;
                open.messages.extend(page.messages);
                open.reactions.extend(page.reactions);
                open.quotes.extend(page.quotes);
                if open.messages.len() > WINDOW {
                    task = Task::done(Message::TrimOldest(id));
                }
            }
            Load::Around(hit) => {
                open.newest_loaded = page.end;
                open.messages = page.messages;
                open.reactions = page.reactions;
                open.quotes = page.quotes;
                // Scroll so the hit is roughly in view; it is highlighted as well.
                if let Some(index) = open.messages.iter().position(|m| m.id == hit) {
                    task = snap_to_index(index, open.messages.len());
                }
            }
        }
        let previews = match &self.open {
            Some(open) => Task::batch([
                self.files
                    .load_previews(&open.messages, self.store.media_dir()),
                self.voice
                    .load_notes(&open.messages, self.store.media_dir()),
            ]),
            None => Task::none(),
        };
        self.mark_read().with_task(task).with_task(previews)
    }

    fn scrolled(&mut self, viewport: scrollable::Viewport) -> Action {
        let Some(open) = &mut self.open else {
            return Action::None;
        };
        open.view_height = viewport.bounds().height;
        // The list is anchored at the bottom: the offset counts up from the newest message.
        let from_bottom = viewport.absolute_offset().y;
        let from_top = viewport.absolute_offset_reversed().y;
        let height = viewport.content_bounds().height;
        // Rows dropped below the view shortened the list under it: move back by as much.
        if let Some(before) = open.shift_from.take()
            && height < before
        {
            open.content_height = height;
            let offset = scrollable::AbsoluteOffset {
                x: None,
                y: Some((from_bottom - (before - height)).max(0.0)),
            };
            return Action::Run(iced::widget::operation::scroll_to(messages_id(), offset));
        }
        // The page added at the top is laid out: now the newest rows can go.
        if open.trim_newest && height != open.content_height && open.messages.len() > WINDOW {
            open.trim_newest = false;
            open.content_height = height;
            open.shift_from = Some(height);
            open.newest_loaded = false;
            for m in open.messages.split_off(WINDOW) {
                open.reactions.remove(&m.id);
                open.quotes.remove(&m.id);
            }
            return Action::None;
        }
        open.content_height = height;
        let was_at_bottom = open.at_bottom;
        open.at_bottom = from_bottom < 24.0 && open.newest_loaded;
        if open.at_bottom {
            open.unseen = 0;
        }
        if open.loading {
            return Action::None;
        }
        let conversation = open.conversation;
        if from_top < EDGE && !open.oldest_loaded {
            open.loading = true;
            return Action::Run(self.load(conversation, Load::Older));
        }
        if from_bottom < EDGE && !open.newest_loaded {
            open.loading = true;
            return Action::Run(self.load(conversation, Load::Newer));
        }
        if open.at_bottom && !was_at_bottom {
            return self.mark_read();
        }
        Action::None
    }

    fn typing(&mut self, prefs: &Preferences) -> Action {
        // The room would pass a typing notification on, but it would name the room to
        // our side, and no other client sends them privately.
        let Some(open) = self.open.as_ref().filter(|o| o.private.is_none()) else {
            return Action::None;
        };
        if !prefs.send_typing || matches!(self.mode, Mode::Correcting(_)) {
            return Action::None;
        }
        let empty = self.composer.text().trim().is_empty();
        let state = match (empty, self.typing_since) {
            (true, Some(_)) => {
                self.typing_since = None;
                ChatState::Active
            }
            (false, None) => {
                self.typing_since = Some(Instant::now());
                ChatState::Composing
            }
            (false, Some(_)) => {
                self.typing_since = Some(Instant::now());
                return Action::None;
            }
            (true, None) => return Action::None,
        };
        Action::Command(
            open.account,
            Command::SendChatState {
                to: open.peer.clone(),
                state,
            },
        )
    }

    /// Ctrl+V: a picture on the clipboard (a screenshot) is saved as a PNG in the download
    /// folder and sent to the open conversation; text is the focused field's business.
    pub fn paste(&self, prefs: &Preferences) -> Action {
        if self.open.is_none() {
            return Action::None;
        }
        let folder = files::download_folder(prefs);
        Action::Run(Task::perform(
            async move {
                tokio::task::spawn_blocking(move || files::pasted_picture(&folder))
                    .await
                    .ok()
                    .flatten()
            },
            Message::FilePicked,
        ))
    }

    /// Uploads a file to the open conversation (encrypted when it is) and sends it.
    fn send_file(&mut self, path: std::path::PathBuf, prefs: &Preferences) -> Action {
        let from = files::UploadFrom {
            path,
            recorded: None,
        };
        self.send_upload(from, prefs)
    }

    fn send_upload(&mut self, from: files::UploadFrom, prefs: &Preferences) -> Action {
        let path = from.path.clone();
        let Some(open) = &mut self.open else {
            return Action::None;
        };

        open.at_bottom = true;
        let id = crate::core::TransferId::next();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Shown at once; the session's progress replaces it.
        self.files.transfers.insert(
            id,
            crate::core::Transfer {
                id,
                direction: Direction::Out,
                peer: open.peer.clone(),
                private: open.private.clone(),
                name,
                message: None,
                state: crate::core::TransferState::Running { done: 0, total: 0 },
            },
        );
        let contents = from.recorded.clone();
        self.files.sources.insert(id, from);
        let file = crate::core::OutgoingFile {
            id,
            to: open.peer.clone(),
            private: open.private.clone(),
            path,
            keep_metadata: prefs.keep_photo_metadata,
            contents,
        };
        if prefs.reduce_photos && !prefs.keep_photo_metadata && files::is_photo(&file.path) {
            let ready = files::Ready {
                account: open.account,
                file,
            };
            return Action::Run(files::reduce_photo(ready));
        }
        Action::Command(open.account, Command::SendFile(file))
    }

    /// Fetches a message's file: a picture or voice note into the sealed cache to show it
    /// (unless `save`), anything else, or what the user saves, into the download folder.
    fn download(&self, message: MessageId, save: bool, prefs: &Preferences) -> Action {
        let Some(open) = &self.open else {
            return Action::None;
        };
        let shown = open
            .messages
            .iter()
            .find(|m| m.id == message)
            .and_then(|m| m.attachment.as_ref())
            .is_some_and(files::downloads_by_itself);
        let to = if shown && !save {
            SaveTo::Cache
        } else {
            SaveTo::Folder(files::download_folder(prefs))
        };
        let download = Command::Download {
            id: crate::core::TransferId::next(),
            message,
            to,
            max_size: files::MAX_ASKED,
        };
        Action::Command(open.account, download)
    }

    /// An upload or a download moved on.
    pub fn transfer(&mut self, transfer: crate::core::Transfer) {
        use crate::core::TransferState;
        let auto = self.auto_downloads.contains(&transfer.id);
        match &transfer.state {
            TransferState::Running { .. } => {
                self.files.transfers.insert(transfer.id, transfer);
                return;
            }
            // A failed upload stays above the composer, with Retry.
            TransferState::Failed { .. } if transfer.direction == Direction::Out => {
                self.files.transfers.insert(transfer.id, transfer);
                return;
            }
            TransferState::Failed { reason } if !auto => {
                self.status = Some(fl!(
                    "file-download-failed",
                    name = transfer.name.as_str(),
                    reason = reason.as_str()
                ));
            }
            _ => {}
        }
        self.files.sources.remove(&transfer.id);
        self.files.transfers.remove(&transfer.id);
        self.auto_downloads.remove(&transfer.id);
    }

    /// The account a transfer belongs to: the open conversation's, else the default.
    fn account_of_transfer(&self, t: &crate::core::Transfer) -> AccountId {
        self.open
            .as_ref()
            .filter(|o| o.peer == t.peer)
            .map(|o| o.account)
            .unwrap_or(self.account)
    }

    /// Of the messages that just arrived, those whose files download by themselves: from
    /// contacts and rooms (store::media::waiting), pictures and voice notes, when the user
    /// allows any size (Settings, Downloads).
    pub fn new_files(&self, incoming: &[MessageId], prefs: &Preferences) -> Task<Message> {
        if prefs.auto_download_mib == 0 || incoming.is_empty() {
            return Task::none();
        }
        let store = self.store.clone();
        let incoming: HashSet<MessageId> = incoming.iter().copied().collect();
        let accounts: Vec<AccountId> = self.accounts.iter().map(|(a, _)| *a).collect();
        Task::perform(
            async move {
                store
                    .readers
                    .read(move |c| {
                        let mut found = Vec::new();
                        for account in accounts {
                            for (message, a) in crate::store::media::waiting(c, account)? {
                                if incoming.contains(&message) && files::downloads_by_itself(&a) {
                                    found.push((account, message));
                                }
                            }
                        }
                        Ok(found)
                    })
                    .await
                    .unwrap_or_default()
            },
            Message::AutoDownload,
        )
    }

    fn send(&mut self) -> Action {
        let Some(open) = &mut self.open else {
            return Action::None;
        };
        let body = self.composer.text().trim_end().to_string();
        if body.trim().is_empty() {
            return Action::None;
        }
        let account = open.account;
        let command = match self.mode {
            Mode::Correcting(message) => Command::Correct { message, body },
            Mode::Writing => {
                open.at_bottom = true;
                open.highlight = None;
                Command::SendText(OutgoingText {
                    to: open.peer.clone(),
                    private: open.private.clone(),
                    body,
                    reply_to: None,
                })
            }
            Mode::Replying(message) => {
                open.at_bottom = true;
                open.highlight = None;
                Command::SendText(OutgoingText {
                    to: open.peer.clone(),
                    private: open.private.clone(),
                    body,
                    reply_to: Some(message),
                })
            }
        };
        self.reset_composer();
        let snap =
            iced::widget::operation::snap_to(messages_id(), scrollable::RelativeOffset::START);
        Action::Command(account, command).with_task(snap)
    }

    fn edit_last(&mut self) -> Action {
        let Some(open) = &self.open else {
            return Action::None;
        };
        let last = open
            .messages
            .iter()
            .rev()
            .find(|m| m.direction == Direction::Out && !m.retracted)
            .map(|m| m.id);
        match last {
            Some(id) => self.start_correcting(id),
            None => Action::None,
        }
    }

    fn start_correcting(&mut self, id: MessageId) -> Action {
        let Some(m) = self
            .open
            .as_ref()
            .and_then(|o| o.messages.iter().find(|m| m.id == id))
        else {
            return Action::None;
        };
        if m.attachment.is_some() {
            return Action::None; // a file is deleted and sent again, not edited
        }
        self.composer = text_editor::Content::with_text(&m.body);
        self.composer
            .perform(text_editor::Action::Move(text_editor::Motion::DocumentEnd));
        self.mode = Mode::Correcting(id);
        Action::Run(iced::widget::operation::focus(composer_id()))
    }

    fn react(&mut self, id: MessageId, emoji: String) -> Action {
        let Some(open) = &self.open else {
            return Action::None;
        };
        self.picker = None;
        // Reacting replaces our set (XEP-0444): the same emoji again takes it back.
        let mut mine: Vec<String> = open
            .reactions
            .get(&id)
            .map(|r| {
                r.iter()
                    .filter(|r| r.mine)
                    .map(|r| r.emoji.clone())
                    .collect()
            })
            .unwrap_or_default();
        if let Some(at) = mine.iter().position(|e| *e == emoji) {
            mine.remove(at);
        } else {
            mine.push(emoji);
        }
        Action::Command(
            open.account,
            Command::React {
                message: id,
                emojis: mine,
            },
        )
    }

    /// Conversations matching the filter, in list order.
    fn visible(&self) -> impl Iterator<Item = &Summary> {
        let needle = self.filter.to_lowercase();
        self.list.iter().filter(move |s| matches_filter(s, &needle))
    }

    pub fn view<'a>(&'a self, directory: &'a Directory, narrow: bool) -> Element<'a, Message> {
        if let Some(query) = &self.switcher {
            return self.switcher_view(query);
        }
        let viewed = self.files.viewer.as_ref().and_then(|(id, handle)| {
            let open = self.open.as_ref()?;
            let m = open.messages.iter().find(|m| m.id == *id)?;
            Some(files::viewer_view(*id, handle, m.attachment.as_ref()?))
        });
        let conversation = match (&self.open, viewed) {
            (_, Some(viewer)) => viewer,
            (Some(open), None) => self.conversation_view(open, directory, narrow),
            (None, None) => container(text(fl!("chats-pick")).style(text::secondary))
                .center(Length::Fill)
                .into(),
        };
        if narrow {
            return match self.open {
                Some(_) => conversation,
                None => self.list_view(directory, Length::Fill),
            };
        }
        row![
            self.list_view(directory, Length::Fixed(320.0)),
            conversation
        ]
        .height(Length::Fill)
        .into()
    }

    fn switcher_view<'a>(&'a self, query: &'a str) -> Element<'a, Message> {
        let needle = query.to_lowercase();
        let hits = self
            .list
            .iter()
            .filter(|s| matches_filter(s, &needle))
            .take(12)
            .map(|s| {
                button(text(s.title()))
                    .width(Length::Fill)
                    .style(button::text)
                    .on_press(Message::Select(s.id))
                    .into()
            });
        let panel = column![
            text_input(&fl!("chats-switch"), query)
                .id(switcher_id())
                .on_input(Message::SwitchQuery)
                .on_submit(Message::SwitchPick)
                .padding(10),
            Column::with_children(hits).spacing(2),
        ]
        .spacing(8)
        .padding(16)
        .max_width(480);
        container(container(panel).style(container::rounded_box))
            .center_x(Length::Fill)
            .padding(40)
            .into()
    }

    fn list_view<'a>(&'a self, directory: &'a Directory, width: Length) -> Element<'a, Message> {
        let items = self.visible().map(|s| self.list_item(s, directory));
        let mut column = column![
            row![
                text_input(&fl!("chats-search"), &self.filter)
                    .on_input(Message::Filter)
                    .padding(8),
                button(text("+").size(18))
                    .on_press(Message::NewChat)
                    .padding([5, 14]),
            ]
            .spacing(8),
        ]
        .spacing(8)
        .padding(10);
        if let Some(status) = &self.status {
            column = column.push(text(status.clone()).size(13).style(text::secondary));
        }
        if let Some(p) = &self.nick_prompt {
            column = column.push(
                row![
                    text_input(&fl!("chats-nick-placeholder"), &p.nick)
                        .on_input(Message::PromptNick)
                        .on_submit(Message::JoinAs)
                        .padding(8),
                    button(text(fl!("chats-join-as"))).on_press(Message::JoinAs),
                    button(text(fl!("settings-cancel")))
                        .style(button::secondary)
                        .on_press(Message::CancelNick),
                ]
                .spacing(8),
            );
        }
        if let Some(address) = &self.new_chat {
            column = column.push(
                row![
                    text_input(&fl!("chats-new-address"), address)
                        .id(new_chat_id())
                        .on_input(Message::NewAddress)
                        .on_submit(Message::Start)
                        .padding(8),
                    button(text(fl!("chats-start"))).on_press(Message::Start),
                    button(text(fl!("chats-join")))
                        .style(button::secondary)
                        .on_press(Message::JoinTyped),
                ]
                .spacing(8),
            );
        }
        if self.list.is_empty() {
            column = column.push(text(fl!("chats-empty")).style(text::secondary));
        }
        column =
            column.push(scrollable(Column::with_children(items).spacing(2)).height(Length::Fill));
        container(column)
            .width(width)
            .height(Length::Fill)
            .style(container::bordered_box)
            .into()
    }

    fn list_item<'a>(&self, s: &'a Summary, directory: &'a Directory) -> Element<'a, Message> {
        let preview: String = if s.last_retracted {
            fl!("chat-retracted")
        } else {
            s.last_body
                .as_deref()
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(60)
                .collect()
        };
        let room_typing = typing_in_room(directory.typing_in(s.account, &s.peer))
            .filter(|_| s.room && s.private.is_none());
        let preview = if s.private.is_none() && directory.typing(s.account, &s.peer) {
            fl!("chat-typing")
        } else if let Some(typing) = room_typing {
            typing
        } else if s.last_outgoing {
            fl!("chats-you", text = preview)
        } else if let Some(nick) = s.last_nick.as_deref().filter(|_| s.room) {
            format!("{}: {preview}", super::nick::visible(nick))
        } else {
            preview
        };
        let time = s.last_time.map(short_time).unwrap_or_default();
        let name = match &s.private {
            Some(nick) => super::nick::visible(nick),
            None => s.title().to_string(),
        };
        let mut title = row![text(name).size(15)]
            .spacing(6)
            .align_y(Alignment::Center);
        // A private conversation says through which room, so it never passes for a contact.
        let selected = self.open.as_ref().is_some_and(|o| o.conversation == s.id);
        if s.private.is_some() {
            let room = self.room_title(s.account, &s.peer);
            let mark = text(fl!("chats-private", room = room))
                .size(12)
                .wrapping(text::Wrapping::None);
            title = title.push(if selected {
                mark.style(theme::on_primary)
            } else {
                mark.style(text::secondary)
            });
        }
        let mut top = row![container(title).width(Length::Fill).clip(true)]
            .spacing(6)
            .align_y(Alignment::Center);
        if s.pinned {
            top = top.push(text("📌").font(theme::EMOJI).size(11));
        }
        if s.muted {
            top = top.push(text("🔕").font(theme::EMOJI).size(11));
        }
        top = top.push(text(time).size(12));
        if s.unread > 0 {
            top = top.push(
                container(text(s.unread.to_string()).size(12))
                    .padding([1, 7])
                    .style(if s.muted {
                        container::secondary
                    } else {
                        container::primary
                    }),
            );
        }
        let preview = text(preview).size(13);
        let preview = if selected {
            preview.style(theme::on_primary)
        } else {
            preview.style(text::secondary)
        };
        let picture = s.avatar.as_ref().and_then(|h| directory.avatars.get(h));
        let mut face = iced::widget::Stack::new()
            .push(theme::avatar(
                &avatar_seed(&s.peer, s.private.as_deref()),
                s.title(),
                picture,
                40.0,
            ))
            .width(40)
            .height(40);
        let show = directory
            .presence(s.account, &s.peer)
            .filter(|_| s.private.is_none())
            .and_then(|p| p.show);
        if let Some(dot) = theme::presence_dot(show) {
            face = face.push(container(dot).align_right(40).align_bottom(40));
        }
        let mut line = row![face, column![top, preview].spacing(3)]
            .spacing(10)
            .align_y(Alignment::Center);
        if self.accounts.len() > 1
            && let Some((_, jid)) = self.accounts.iter().find(|(id, _)| *id == s.account)
        {
            line = row![theme::account_marker(jid.as_str()), line]
                .spacing(6)
                .height(44);
        }
        button(line)
            .width(Length::Fill)
            .padding(8)
            .style(if selected {
                button::primary
            } else {
                button::text
            })
            .on_press(Message::Select(s.id))
            .into()
    }

    fn conversation_view<'a>(
        &'a self,
        open: &'a Open,
        directory: &'a Directory,
        narrow: bool,
    ) -> Element<'a, Message> {
        let summary = self.list.iter().find(|s| s.id == open.conversation);
        let title = match (&open.private, summary) {
            (Some(nick), _) => super::nick::visible(nick),
            (None, Some(s)) => s.title().to_string(),
            (None, None) => open.peer.to_string(),
        };
        let presence = directory.presence(open.account, &open.peer);
        let room = summary.is_some_and(|s| s.room);
        let subtitle = if open.private.is_some() {
            fl!(
                "chat-private-subtitle",
                room = self.room_title(open.account, &open.peer)
            )
        } else if let Some(typing) =
            typing_in_room(directory.typing_in(open.account, &open.peer)).filter(|_| room)
        {
            typing
        } else if room {
            match summary
                .and_then(|s| s.subject.as_deref())
                .filter(|s| !s.trim().is_empty())
            {
                Some(subject) => subject.lines().next().unwrap_or(subject).to_string(),
                None => fl!("chat-room", address = open.peer.to_string()),
            }
        } else if directory.typing(open.account, &open.peer) {
            fl!("chat-typing")
        } else {
            match presence {
                Some(p) if p.show.is_some() => super::show_text(p.show),
                _ => match directory.last_seen(open.account, &open.peer, None) {
                    Some(seen) => fl!("contacts-last-seen", when = long_time(seen)),
                    None => open.peer.to_string(),
                },
            }
        };
        let picture = summary
            .and_then(|s| s.avatar.as_ref())
            .and_then(|h| directory.avatars.get(h));
        let mut header = row![].spacing(12).align_y(Alignment::Center);
        if narrow {
            header = header.push(
                button(text("‹").size(20))
                    .style(button::text)
                    .on_press(Message::Back),
            );
        }
        header = header.push(theme::avatar(
            &avatar_seed(&open.peer, open.private.as_deref()),
            &title,
            picture,
            36.0,
        ));
        header = header.push(
            column![
                text(title.clone()).size(17).font(theme::UI_BOLD),
                text(subtitle).size(12).style(text::secondary),
            ]
            .width(Length::Fill),
        );
        // Anyone may read a public channel: no lock that could promise otherwise.
        let lock = open
            .security
            .as_ref()
            .filter(|s| !room || s.members.is_some())
            .map(|s| security::lock(s.encryption, &s.devices));
        if let Some(lock) = lock {
            if lock.undecided {
                header = header.push(
                    button(text(fl!("chat-new-device")).size(13).style(text::warning))
                        .style(button::text)
                        .on_press(Message::ShowKeys),
                );
            }
            header = header.push(lock_badge(lock.encrypted));
        }
        if room {
            let count = directory.occupants(open.account, &open.peer).len();
            header = header.push(
                button(text(fl!("chat-people", count = count.to_string())).size(13))
                    .style(button::text)
                    .on_press(Message::TogglePeople),
            );
        }
        if let Some(s) = summary {
            header = header.push(
                button(
                    text(if s.pinned {
                        fl!("chat-unpin")
                    } else {
                        fl!("chat-pin")
                    })
                    .size(13),
                )
                .style(button::text)
                .on_press(Message::TogglePinned),
            );
            header = header.push(
                button(
                    text(if s.muted {
                        fl!("chat-unmute")
                    } else {
                        fl!("chat-mute")
                    })
                    .size(13),
                )
                .style(button::text)
                .on_press(Message::ToggleMuted),
            );
        }
        let header = container(header)
            .padding([8, 14])
            .style(container::bordered_box);
        let panel = match (&open.security, lock) {
            (Some(security), Some(lock)) if open.panel != Panel::Closed => {
                Some(encryption_panel(open, security, lock, &title))
            }
            _ if room && open.people => Some(people_panel(
                directory.occupants(open.account, &open.peer),
                &directory.avatars,
                open,
            )),
            _ => None,
        };

        // Reactions cannot be end-to-end encrypted: none are offered where messages are.
        let can_react = !lock.is_some_and(|l| l.encrypted);
        let our_role = open
            .security
            .as_ref()
            .and_then(|s| s.room_nick.as_deref())
            .filter(|_| room)
            .and_then(|ours| {
                directory
                    .occupants(open.account, &open.peer)
                    .iter()
                    .find(|o| o.nick == ours)
                    .map(|o| o.role)
            });
        let moderating = our_role == Some(crate::core::Role::Moderator);
        let mut rows: Vec<(Row, Element<'a, Message>)> =
            Vec::with_capacity(open.messages.len() + 8);
        if open.oldest_loaded && !open.messages.is_empty() {
            rows.push((
                Row::Beginning,
                row_of(
                    container(text(fl!("chat-beginning")).size(12).style(text::secondary))
                        .center_x(Length::Fill),
                ),
            ));
        }
        // In a room, each run of someone's messages starts with their picture (while they
        // are there to have one known; their initial otherwise).
        let in_room = room && open.private.is_none();
        let faces: HashMap<&str, &iced::widget::image::Handle> = if in_room {
            directory
                .occupants(open.account, &open.peer)
                .iter()
                .filter_map(|o| Some((o.nick.as_str(), directory.avatars.get(o.avatar.as_ref()?)?)))
                .collect()
        } else {
            HashMap::new()
        };
        let mut last_sender: Option<&str> = None;
        let mut last_day = None;
        for m in &open.messages {
            let day = m.timestamp.with_timezone(&Local).date_naive();
            let mut row = Column::new();
            let sender = m
                .nick
                .as_deref()
                .filter(|_| in_room && m.direction == Direction::In);
            let starts_run = sender.is_some() && (sender != last_sender || last_day != Some(day));
            last_sender = sender;
            if last_day != Some(day) {
                last_day = Some(day);
                row = row.push(
                    container(
                        container(text(day_label(m.timestamp)).size(12))
                            .padding([2, 10])
                            .style(container::rounded_box),
                    )
                    .center_x(Length::Fill)
                    .padding([6, 0]),
                );
            }
            let reactions = open.reactions.get(&m.id).map(Vec::as_slice).unwrap_or(&[]);
            let quote = open
                .quotes
                .get(&m.id)
                .map(|q| (q, self.quote_author(open, q, &title)));
            let highlight = open.highlight == Some(m.id);
            let mentioned = m.nick.is_some()
                && m.direction == Direction::In
                && open
                    .security
                    .as_ref()
                    .and_then(|s| s.room_nick.as_deref())
                    .is_some_and(|ours| super::nick::mentions(&m.body, ours));
            let marks = Marks {
                highlight,
                mentioned,
                // A run of someone's messages in a room is named once, at its picture.
                names_sender: sender.is_none() || starts_run,
                can_react,
                can_remove: moderating && m.direction == Direction::In && m.stanza_id.is_some(),
            };
            let shown = bubble(m, reactions, quote, marks, &self.files, &self.voice);
            row = match sender {
                Some(nick) => {
                    let face: Element<'a, Message> = if starts_run {
                        theme::avatar(nick, nick, faces.get(nick).copied(), FACE)
                    } else {
                        iced::widget::space().width(FACE).into()
                    };
                    row.push(row![face, shown].spacing(8))
                }
                None => row.push(shown),
            };
            rows.push((Row::Message(m.id), row.into()));
        }
        let body = keyed_column(rows).spacing(4).padding([12, 16]);
        let messages = scrollable(body)
            .id(messages_id())
            .anchor_bottom()
            .on_scroll(Message::Scrolled)
            .height(Length::Fill);
        let mut stack = iced::widget::Stack::new().push(messages);
        if open.unseen > 0 || !open.newest_loaded {
            let label = if open.unseen > 0 {
                fl!("chat-new-messages", count = open.unseen)
            } else {
                fl!("chat-to-newest")
            };
            stack = stack.push(
                container(
                    button(text(label).size(13))
                        .on_press(Message::JumpToNewest)
                        .padding([6, 14]),
                )
                .center_x(Length::Fill)
                .align_bottom(Length::Fill)
                .padding(12),
            );
        }
        let mut page = column![header];
        if let Some(panel) = panel {
            page = page.push(panel);
        }
        page = page.push(stack.height(Length::Fill));
        if moderating
            && let Some(requests) =
                speaking::requests_view(self.speaking.waiting(open.account, &open.peer))
        {
            page = page.push(container(requests).padding([4, 10]));
        }
        if let Some(picker) = &self.picker {
            page = page.push(picker_view(picker));
        }
        // A visitor cannot write in the room: the composer gives way to the reason.
        page = if our_role == Some(crate::core::Role::Visitor) && open.private.is_none() {
            let asked = self.speaking.has_asked(open.account, &open.peer);
            page.push(speaking::visitor_view(asked))
        } else {
            page.push(self.composer_view())
        };
        page.width(Length::Fill).height(Length::Fill).into()
    }

    /// Who wrote a quoted message, in words: "You" or the conversation's name.
    fn quote_author(&self, open: &Open, quote: &Quote, title: &str) -> String {
        match &quote.sender {
            Some(sender) if sender == &open.peer => title.to_string(),
            Some(_) => fl!("chat-you"),
            None => String::new(),
        }
    }

    fn composer_view(&self) -> Element<'_, Message> {
        let empty = self.composer.text().trim().is_empty();
        let in_room = self
            .open
            .as_ref()
            .is_some_and(|o| self.list.iter().any(|s| s.id == o.conversation && s.room));
        let editor = text_editor(&self.composer)
            .id(composer_id())
            .placeholder(fl!("chat-composer"))
            .on_action(Message::Edit)
            .padding(10)
            .height(Length::Shrink)
            .max_height(160.0)
            .key_binding(move |press| composer_key(press, empty, in_room));
        let mut column = column![].spacing(6).padding([8, 10]);
        let banner: Option<Element<'_, Message>> = match self.mode {
            Mode::Writing => None,
            Mode::Correcting(_) => Some(text(fl!("chat-correcting")).size(13).into()),
            Mode::Replying(id) => self.open.as_ref().and_then(|open| {
                let m = open.messages.iter().find(|m| m.id == id)?;
                let name = if m.direction == Direction::Out {
                    fl!("chat-you")
                } else {
                    self.list
                        .iter()
                        .find(|s| s.id == open.conversation)
                        .map(|s| s.title().to_string())
                        .unwrap_or_else(|| open.peer.to_string())
                };
                let excerpt = first_line(&shown_text(m));
                Some(
                    column![
                        text(fl!("chat-replying", name = name))
                            .size(13)
                            .font(theme::UI_BOLD),
                        text(excerpt).size(12).style(text::secondary),
                    ]
                    .into(),
                )
            }),
        };
        if let Some(banner) = banner {
            column = column.push(
                row![
                    container(banner).width(Length::Fill),
                    button(text(fl!("settings-cancel")).size(13))
                        .style(button::text)
                        .on_press(Message::CancelCompose),
                ]
                .align_y(Alignment::Center),
            );
        }
        if let Some(open) = &self.open {
            for upload in self.files.uploads_to(&open.peer, open.private.as_deref()) {
                column = column.push(files::transfer_line(upload));
            }
        }
        if self.voice.recording.is_some() {
            return column.push(voice::composer_part(&self.voice)).into();
        }
        let mut line = row![
            button(text("🙂").font(theme::EMOJI).size(18))
                .style(button::text)
                .on_press(Message::TogglePicker)
                .padding([8, 8]),
        ]
        .spacing(8)
        .align_y(Alignment::End);
        line = line
            .push(
                tooltip(
                    button(files::icon(files::ATTACH, 20.0, false))
                        .style(button::text)
                        .on_press(Message::AttachFile)
                        .padding([8, 8]),
                    text(fl!("chat-attach")).size(12),
                    tooltip::Position::Top,
                )
                .style(container::rounded_box),
            )
            .push(voice::composer_part(&self.voice));
        line = line.push(editor).push(
            button(text(fl!("chat-send")))
                .on_press_maybe((!empty).then_some(Message::Send))
                .padding([10, 16]),
        );
        column.push(line).into()
    }
}

impl Action {
    /// Runs `task` along with whatever this action does.
    fn with_task(self, task: Task<Message>) -> Action {
        match self {
            Action::None => Action::Run(task),
            Action::Run(t) => Action::Run(Task::batch([t, task])),
            Action::Command(account, command) => Action::Commands {
                account,
                commands: vec![command],
                then: task,
            },
            Action::Commands {
                account,
                commands,
                then,
            } => Action::Commands {
                account,
                commands,
                then: Task::batch([then, task]),
            },
            Action::JoinRoom {
                account,
                room,
                password,
                then,
            } => Action::JoinRoom {
                account,
                room,
                password,
                then: Task::batch([then, task]),
            },
            Action::ShowContact { account, jid, then } => Action::ShowContact {
                account,
                jid,
                then: Task::batch([then, task]),
            },
        }
    }
}

/// The header's lock: closed and "Encrypted", or open and "Not encrypted"; it opens the panel.
fn lock_badge<'a>(encrypted: bool) -> Element<'a, Message> {
    let (icon, label): (&'static [u8], String) = if encrypted {
        (
            include_bytes!("../../resources/icons/lock.svg"),
            fl!("chat-encrypted"),
        )
    } else {
        (
            include_bytes!("../../resources/icons/lock-open.svg"),
            fl!("chat-not-encrypted"),
        )
    };
    let tint = move |theme: &Theme| {
        let palette = theme.extended_palette();
        if encrypted {
            security::success_color(theme)
        } else {
            palette.background.base.text.scale_alpha(0.7)
        }
    };
    button(
        row![
            svg(svg::Handle::from_memory(icon))
                .width(15)
                .height(15)
                .style(move |theme: &Theme, _| svg::Style {
                    color: Some(tint(theme)),
                }),
            text(label)
                .size(13)
                .style(move |theme: &Theme| text::Style {
                    color: Some(tint(theme)),
                }),
        ]
        .spacing(5)
        .align_y(Alignment::Center),
    )
    .style(button::text)
    .on_press(Message::EncryptionPanel)
    .into()
}

/// Under the header: what the encryption state means, and the explicit way to change it.
fn encryption_panel<'a>(
    open: &Open,
    security: &ChatSecurity,
    lock: security::Lock,
    title: &str,
) -> Element<'a, Message> {
    let encryption = security.encryption;
    let explain = match (encryption, lock.encrypted) {
        (Encryption::Off, _) => fl!("chat-encryption-explain-off"),
        (_, true) if security.members.is_some() => fl!("chat-encryption-explain-group"),
        (_, true) => fl!("chat-encryption-explain-on", name = title),
        (_, false) => fl!("chat-encryption-explain-auto", name = title),
    };
    let mut panel = column![text(explain).size(13)].spacing(8);
    if lock.encrypted && encryption != Encryption::Off {
        panel = panel.push(recipients_view(security, title));
    }
    let keys = button(text(fl!("chat-encryption-keys")).size(13))
        .style(button::secondary)
        .on_press(Message::ShowKeys);
    // A conversation not stored yet (a new chat) has nothing to switch.
    let stored = open.conversation.0 != 0;
    if open.panel == Panel::ConfirmOff {
        panel = panel.push(
            text(fl!("chat-encryption-off-confirm"))
                .size(13)
                .font(theme::UI_BOLD)
                .style(text::danger),
        );
        panel = panel.push(
            row![
                button(text(fl!("chat-encryption-off")).size(13))
                    .style(button::danger)
                    .on_press(Message::ConfirmOff),
                button(text(fl!("settings-cancel")).size(13))
                    .style(button::secondary)
                    .on_press(Message::CancelOff),
            ]
            .spacing(8),
        );
    } else {
        let mut buttons = row![].spacing(8);
        if stored && lock.encrypted {
            buttons = buttons.push(
                button(text(fl!("chat-encryption-off")).size(13))
                    .style(button::secondary)
                    .on_press(Message::EncryptionOff),
            );
        } else if stored {
            buttons = buttons.push(
                button(text(fl!("chat-encryption-on")).size(13)).on_press(Message::EncryptionOn),
            );
        }
        panel = panel.push(buttons.push(keys));
    }
    container(panel)
        .padding([10, 16])
        .width(Length::Fill)
        .style(container::bordered_box)
        .into()
}

/// Who is in a room: owners, admins and moderators first, each nickname in its colour with
/// look-alike characters written out, and the real address where the room shows it.
fn people_panel<'a>(
    occupants: &[crate::core::Occupant],
    avatars: &HashMap<String, iced::widget::image::Handle>,
    open: &Open,
) -> Element<'a, Message> {
    use crate::core::{Affiliation, Role};
    let private = open.security.as_ref().is_some_and(|s| s.members.is_some());
    // Moderators set the topic, owners the name; what we may do to each person is
    // occupant_actions().
    let ours = open
        .security
        .as_ref()
        .and_then(|s| s.room_nick.as_deref())
        .and_then(|nick| occupants.iter().find(|o| o.nick == nick));
    let moderator = ours.is_some_and(|o| o.role == Role::Moderator);
    let our_rank = ours.map_or(Affiliation::None, |o| o.affiliation);
    let (shown, more) = people_shown(occupants, &open.people_filter);
    let mut list = column![].spacing(4);
    // A big room's list is found in rather than scrolled through, and its layout stays small.
    if occupants.len() > PEOPLE_FILTER_FROM {
        list = list.push(
            text_input(&fl!("chat-people-find"), &open.people_filter)
                .on_input(Message::PeopleFilter)
                .padding(6)
                .size(13),
        );
    }
    for o in shown {
        let color = theme::name_color(&o.nick);
        let standing = match (o.affiliation, o.role) {
            (crate::core::Affiliation::Owner, _) => fl!("room-owner"),
            (crate::core::Affiliation::Admin, _) => fl!("room-admin"),
            (_, crate::core::Role::Moderator) => fl!("room-moderator"),
            (_, crate::core::Role::Visitor) => fl!("room-visitor"),
            (crate::core::Affiliation::Member, _) => fl!("room-member"),
            _ => String::new(),
        };
        // Their picture, with a dot when they are away or busy (everyone listed is here).
        let picture = o.avatar.as_ref().and_then(|h| avatars.get(h));
        // Coloured like their name.
        let mut face = row![theme::avatar(&o.nick, &o.nick, picture, 24.0)]
            .spacing(3)
            .align_y(Alignment::Center);
        if !matches!(
            o.show,
            crate::core::Show::Available | crate::core::Show::Chat
        ) {
            face = face.push(theme::presence_dot(Some(o.show)));
        }
        let mut line = row![
            face,
            text(super::nick::visible(&o.nick))
                .size(13)
                .font(theme::UI_BOLD)
                .style(move |_: &Theme| text::Style { color: Some(color) }),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        // Titles the room gave them (XEP-0317), told apart from what they call themselves.
        for hat in &o.hats {
            line = line.push(
                container(text(super::nick::visible(&hat.title)).size(11))
                    .padding([1, 6])
                    .style(container::secondary),
            );
        }
        if let Some(jid) = &o.jid {
            line = line.push(text(jid.to_string()).size(12).style(text::secondary));
        }
        line = line.push(iced::widget::space().width(Length::Fill));
        if !standing.is_empty() {
            line = line.push(text(standing).size(12).style(text::secondary));
        }
        let us = ours.is_some_and(|u| u.nick == o.nick);
        // Affiliations sort highest first: only those below us can be changed.
        let below = o.affiliation > our_rank;
        let confirming_ban = !us && below && open.banning.as_deref() == Some(o.nick.as_str());
        let confirming_revoke = !us && below && o.jid.is_some() && open.revoking == o.jid;
        let confirming = confirming_ban || confirming_revoke;
        let mut actions = if us || confirming {
            Vec::new()
        } else {
            occupant_actions(o, ours)
        };
        if !us && !confirming {
            actions.insert(
                0,
                (
                    fl!("chat-write-privately"),
                    Message::WritePrivately(o.nick.clone()),
                ),
            );
        }
        // A question waiting for an answer takes the place of the actions, on its own line.
        let nick = super::nick::visible(&o.nick);
        let question = match &o.jid {
            Some(jid) if confirming_ban => Some((
                fl!("chat-ban-confirm", nick = nick),
                fl!("chat-ban"),
                Message::ConfirmBan(jid.clone()),
            )),
            Some(jid) if confirming_revoke => Some((
                fl!("chat-revoke-confirm", nick = nick),
                fl!("chat-unmake-member"),
                Message::SetAffiliation(jid.clone(), crate::core::Affiliation::None),
            )),
            _ => None,
        };
        let second: Option<Element<'a, Message>> = match question {
            Some((asked, label, confirm)) => Some(
                row![
                    text(asked).size(12).style(text::danger),
                    button(text(label).size(12))
                        .style(button::danger)
                        .on_press(confirm),
                    button(text(fl!("settings-cancel")).size(12))
                        .style(button::secondary)
                        .on_press(Message::CancelConfirm),
                ]
                .spacing(8)
                .align_y(Alignment::Center)
                .into(),
            ),
            // What may be done to someone goes on a line of its own under them.
            None if !actions.is_empty() => {
                let buttons = actions.into_iter().map(|(label, message)| {
                    button(text(label).size(12))
                        .style(button::text)
                        .padding([2, 6])
                        .on_press(message)
                        .into()
                });
                // Wrapped: in a narrow window or a long language all of them stay reachable.
                Some(
                    iced::widget::Row::with_children(buttons)
                        .spacing(4)
                        .wrap()
                        .vertical_spacing(2)
                        .into(),
                )
            }
            None => None,
        };
        let person: Element<'a, Message> = match second {
            Some(second) => column![line, second].spacing(2).into(),
            None => line.into(),
        };
        list = list.push(person);
    }
    let invite = row![
        text_input(&fl!("chat-invite-placeholder"), &open.invite)
            .on_input(Message::InviteAddress)
            .on_submit(Message::Invite)
            .padding(6)
            .size(13),
        button(text(fl!("chat-invite")).size(13))
            .on_press_maybe((!open.invite.trim().is_empty()).then_some(Message::Invite)),
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    let leave: Element<'a, Message> = if open.leaving {
        let warning = if private {
            fl!("chat-leave-confirm-private")
        } else {
            fl!("chat-leave-confirm")
        };
        row![
            text(warning)
                .size(13)
                .style(text::danger)
                .width(Length::Fill),
            button(text(fl!("chat-leave")).size(13))
                .style(button::danger)
                .on_press(Message::ConfirmLeave),
            button(text(fl!("settings-cancel")).size(13))
                .style(button::secondary)
                .on_press(Message::CancelLeave),
        ]
        .spacing(8)
        .align_y(Alignment::Center)
        .into()
    } else {
        row![
            iced::widget::space().width(Length::Fill),
            button(text(fl!("chat-leave")).size(13))
                .style(button::secondary)
                .on_press(Message::Leave),
        ]
        .into()
    };
    if more > 0 {
        list = list.push(
            text(fl!("chat-people-more", count = more.to_string()))
                .size(12)
                .style(text::secondary),
        );
    }
    let mut panel = column![scrollable(list).height(Length::Shrink), invite].spacing(10);
    if moderator {
        panel = panel.push(
            row![
                text_input(&fl!("chat-topic-placeholder"), &open.topic)
                    .on_input(Message::TopicDraft)
                    .on_submit(Message::SetTopic)
                    .padding(6)
                    .size(13),
                button(text(fl!("chat-set-topic")).size(13))
                    .on_press_maybe((!open.topic.trim().is_empty()).then_some(Message::SetTopic)),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }
    if our_rank == Affiliation::Owner {
        let changed = !open.room_name.trim().is_empty() || !open.room_description.trim().is_empty();
        panel = panel.push(
            row![
                text_input(&fl!("groups-name"), &open.room_name)
                    .on_input(Message::RoomName)
                    .padding(6)
                    .size(13),
                text_input(&fl!("groups-description"), &open.room_description)
                    .on_input(Message::RoomDescription)
                    .on_submit(Message::SaveRoom)
                    .padding(6)
                    .size(13),
                button(text(fl!("settings-save")).size(13))
                    .on_press_maybe(changed.then_some(Message::SaveRoom)),
                button(text(fl!("chat-room-picture")).size(13))
                    .style(button::secondary)
                    .on_press(Message::PickRoomPicture),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
    }
    container(panel.push(leave))
        .padding([10, 16])
        .width(Length::Fill)
        .max_height(320)
        .style(container::bordered_box)
        .into()
}

/// Asks the user for a picture file (a room's).
pub(super) async fn pick_picture() -> Option<std::path::PathBuf> {
    let picked = rfd::AsyncFileDialog::new()
        .add_filter("image", &["png", "jpg", "jpeg", "gif", "webp"])
        .pick_file()
        .await?;
    Some(picked.path().to_path_buf())
}

/// `room_picture` off the UI thread.
pub(super) async fn prepared_picture(
    path: std::path::PathBuf,
) -> Result<crate::core::AvatarImage, String> {
    tokio::task::spawn_blocking(move || room_picture(&path))
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}

/// A room's picture from a file: read and made small (media::picture).
fn room_picture(path: &std::path::Path) -> Result<crate::core::AvatarImage, String> {
    let data = std::fs::read(path).map_err(|e| e.to_string())?;
    let data = crate::media::picture::avatar(&data, 256).map_err(|e| e.to_string())?;
    Ok(crate::core::AvatarImage {
        mime: "image/jpeg".into(),
        data,
    })
}

/// Above this many people, the panel offers to find someone.
const PEOPLE_FILTER_FROM: usize = 30;
/// At most this many people are laid out at once; the others are found by name.
const PEOPLE_SHOWN: usize = 100;

/// Whom the people panel lists, highest standing first, narrowed by `filter` (a part of a
/// nickname or an address, any case), and how many more match than are shown.
fn people_shown<'a>(
    occupants: &'a [crate::core::Occupant],
    filter: &str,
) -> (Vec<&'a crate::core::Occupant>, usize) {
    let needle = filter.trim().to_lowercase();
    let mut found: Vec<&crate::core::Occupant> = occupants
        .iter()
        .filter(|o| {
            needle.is_empty()
                || o.nick.to_lowercase().contains(&needle)
                || o.jid.as_ref().is_some_and(|j| j.as_str().contains(&needle))
        })
        .collect();
    found.sort_by(|a, b| {
        (a.affiliation, a.role, a.nick.to_lowercase()).cmp(&(
            b.affiliation,
            b.role,
            b.nick.to_lowercase(),
        ))
    });
    let more = found.len().saturating_sub(PEOPLE_SHOWN);
    found.truncate(PEOPLE_SHOWN);
    (found, more)
}

/// Who is typing in a room, in a line: one or two by name, more as "several people".
fn typing_in_room(nicks: &[String]) -> Option<String> {
    let name = |n: &String| super::nick::visible(n);
    match nicks {
        [] => None,
        [one] => Some(fl!("chat-typing-one", name = name(one))),
        [first, second] => Some(fl!(
            "chat-typing-two",
            first = name(first),
            second = name(second)
        )),
        _ => Some(fl!("chat-typing-many")),
    }
}

/// What an avatar's colour is drawn from: the address, or for a private conversation the
/// occupant's address in the room (not the room's colour).
fn avatar_seed(peer: &BareJid, private: Option<&str>) -> String {
    match private {
        Some(nick) => format!("{peer}/{nick}"),
        None => peer.to_string(),
    }
}

/// What we may do to someone in the room, from where we stand (XEP-0045 §8-10): moderators
/// remove people; admins and owners change roles, grant and revoke membership and ban; owners
/// also make and unmake admins; never to anyone at or above our own affiliation.
fn occupant_actions(
    o: &crate::core::Occupant,
    ours: Option<&crate::core::Occupant>,
) -> Vec<(String, Message)> {
    use crate::core::{Affiliation, Role};
    let moderator = ours.is_some_and(|u| u.role == Role::Moderator);
    let our_rank = ours.map_or(Affiliation::None, |u| u.affiliation);
    let admin = matches!(our_rank, Affiliation::Owner | Affiliation::Admin);
    let mut actions = Vec::new();
    // Affiliations sort highest first: only those below us can be changed.
    if o.affiliation <= our_rank {
        return actions;
    }
    if moderator {
        actions.push((fl!("chat-kick"), Message::Kick(o.nick.clone())));
        // XEP-0045 §8.3-8.4: a moderator gives and takes the voice of those ranked below.
        match o.role {
            Role::Participant => actions.push((
                fl!("chat-take-voice"),
                Message::SetRole(o.nick.clone(), Role::Visitor),
            )),
            Role::Visitor => {
                actions.push((fl!("chat-give-voice"), Message::GiveVoice(o.nick.clone())))
            }
            _ => {}
        }
    }
    let (label, role) = match o.role {
        Role::Moderator => (fl!("chat-unmake-moderator"), Role::Participant),
        _ => (fl!("chat-make-moderator"), Role::Moderator),
    };
    if admin && o.role != Role::Visitor {
        actions.push((label, Message::SetRole(o.nick.clone(), role)));
    }
    // XEP-0045 §9-10: admins grant and revoke membership, owners also adminship.
    if let (true, Some(jid)) = (admin, &o.jid) {
        match o.affiliation {
            Affiliation::None => actions.push((
                fl!("chat-make-member"),
                Message::SetAffiliation(jid.clone(), Affiliation::Member),
            )),
            Affiliation::Member => actions.push((
                fl!("chat-unmake-member"),
                Message::SetAffiliation(jid.clone(), Affiliation::None),
            )),
            _ => {}
        }
        if our_rank == Affiliation::Owner {
            match o.affiliation {
                Affiliation::Admin => actions.push((
                    fl!("chat-unmake-admin"),
                    Message::SetAffiliation(jid.clone(), Affiliation::Member),
                )),
                _ => actions.push((
                    fl!("chat-make-admin"),
                    Message::SetAffiliation(jid.clone(), Affiliation::Admin),
                )),
            }
        }
        actions.push((fl!("chat-ban"), Message::Ban(o.nick.clone())));
    }
    actions
}

/// Which devices our messages are encrypted to, and which of them are new since we last
/// wrote (security.md: the user sees who can read them).
fn recipients_view<'a>(security: &ChatSecurity, title: &str) -> Element<'a, Message> {
    let r = security::recipients(&security.devices, &security.own_devices, &security.sent_to);
    let (verified, unverified) = (r.verified.to_string(), r.unverified.to_string());
    let devices = if security.members.is_some() {
        fl!(
            "chat-encryption-member-devices",
            verified = verified,
            unverified = unverified
        )
    } else {
        fl!(
            "chat-encryption-devices",
            name = title,
            verified = verified,
            unverified = unverified
        )
    };
    let mut lines = column![text(devices).size(13)].spacing(4);
    if r.left_out > 0 {
        lines = lines.push(
            text(fl!(
                "chat-encryption-left-out",
                count = r.left_out.to_string()
            ))
            .size(13)
            .style(text::warning),
        );
    }
    // Members none of whose devices we can encrypt to: they cannot read the group.
    if let Some(members) = &security.members {
        let unreachable: Vec<String> = members
            .iter()
            .filter(|m| {
                !security.devices.iter().any(|d| {
                    &d.jid == *m && d.active && d.fingerprint.is_some() && d.trust.encrypts()
                })
            })
            .map(|m| m.to_string())
            .collect();
        if !unreachable.is_empty() {
            lines = lines.push(
                text(fl!(
                    "chat-encryption-members-unreachable",
                    names = unreachable.join(", ")
                ))
                .size(13)
                .style(text::warning),
            );
        }
    }
    if r.own > 0 {
        lines = lines.push(
            text(fl!("chat-encryption-own", count = r.own.to_string()))
                .size(13)
                .style(text::secondary),
        );
    }
    if !r.new.is_empty() {
        let devices = r
            .new
            .iter()
            .map(|id| fl!("security-device", id = id.to_string()))
            .collect::<Vec<_>>()
            .join(", ");
        lines = lines.push(
            text(fl!("chat-encryption-new", devices = devices))
                .size(13)
                .style(text::warning),
        );
    }
    lines.into()
}

/// Enter sends, Shift+Enter breaks the line, Up in an empty composer corrects the last
/// message, Escape cancels a correction, Tab in a room completes a nickname.
fn composer_key(
    press: text_editor::KeyPress,
    empty: bool,
    in_room: bool,
) -> Option<text_editor::Binding<Message>> {
    use iced::keyboard::{Key, key::Named};
    if matches!(press.status, text_editor::Status::Focused { .. }) {
        match press.key.as_ref() {
            Key::Named(Named::Enter) if !press.modifiers.shift() => {
                return Some(text_editor::Binding::Custom(Message::Send));
            }
            Key::Named(Named::ArrowUp) if empty && press.modifiers.is_empty() => {
                return Some(text_editor::Binding::Custom(Message::EditLast));
            }
            Key::Named(Named::Escape) => {
                return Some(text_editor::Binding::Custom(Message::CancelCompose));
            }
            // In a room, Tab completes a nickname (elsewhere it moves the focus on).
            Key::Named(Named::Tab) if in_room && !empty && press.modifiers.is_empty() => {
                return Some(text_editor::Binding::Custom(Message::CompleteNick));
            }
            _ => {}
        }
    }
    text_editor::Binding::from_key_press(press)
}

fn picker_view(picker: &Picker) -> Element<'_, Message> {
    let mut grid = iced::widget::Row::new().spacing(2);
    let mut rows = Column::new().spacing(2);
    let found = emoji::search(&picker.query, &crate::i18n::current());
    for (i, entry) in found.iter().take(96).enumerate() {
        grid = grid.push(
            button(text(entry.emoji).font(theme::EMOJI).size(20))
                .style(button::text)
                .padding(4)
                .on_press(Message::Insert(entry.emoji)),
        );
        if i % 16 == 15 {
            rows = rows.push(std::mem::replace(
                &mut grid,
                iced::widget::Row::new().spacing(2),
            ));
        }
    }
    rows = rows.push(grid);
    container(
        column![
            text_input(&fl!("chat-emoji-search"), &picker.query)
                .on_input(Message::PickerSearch)
                .padding(6),
            // Beside the grid, not over its last column.
            scrollable(rows).height(Length::Fixed(150.0)).spacing(4),
        ]
        .spacing(6),
    )
    .padding(8)
    .style(container::bordered_box)
    .into()
}

fn bubble<'a>(
    m: &'a Stored,
    reactions: &'a [Reaction],
    quote: Option<(&'a Quote, String)>,
    marks: Marks,
    files: &'a files::Files,
    voice: &'a voice::Voice,
) -> Element<'a, Message> {
    let Marks {
        highlight,
        mentioned,
        names_sender,
        can_react,
        can_remove,
    } = marks;
    let outgoing = m.direction == Direction::Out;
    let body: Element<'a, Message> = if m.retracted {
        text(fl!("chat-retracted")).style(text::secondary).into()
    } else if m.encrypted && m.body.is_empty() {
        // Stored with the device and reason instead of a body (session/omemo.rs).
        let reason = m.error.clone().unwrap_or_default();
        text(fl!("chat-undecryptable", reason = reason))
            .style(text::danger)
            .into()
    } else if let Some(a) = &m.attachment {
        voice::card(m, voice).unwrap_or_else(|| files::card(m, a, files))
    } else {
        styled_body(&m.body, outgoing)
    };
    let mut meta = short_time(m.timestamp);
    if m.edited && !m.retracted {
        meta = format!("{meta} · {}", fl!("chat-edited"));
    }
    if outgoing {
        meta = format!("{meta} · {}", delivery_label(m));
    }
    let meta = text(meta).size(11);
    let meta = if outgoing {
        meta.style(theme::on_primary)
    } else {
        meta.style(text::secondary)
    };
    let mut content = column![].spacing(4);
    // In a room, who wrote it, in their XEP-0392 colour, look-alikes told apart.
    if let Some(nick) = m.nick.as_deref().filter(|_| !outgoing && names_sender) {
        let color = theme::name_color(nick);
        content = content.push(
            text(super::nick::visible(nick))
                .size(12)
                .font(theme::UI_BOLD)
                .style(move |_: &Theme| text::Style { color: Some(color) }),
        );
    }
    if let Some((quote, author)) = quote {
        content = content.push(quote_view(quote, author, outgoing));
    }
    let mut content = content.push(body).push(meta);
    if !outgoing && m.encrypted && !m.body.is_empty() && m.error.is_some() {
        // Decrypted, but from a key the user distrusts (session/apply.rs).
        content = content.push(text(fl!("chat-untrusted-key")).size(12).style(text::danger));
    }
    if m.state == Delivery::Failed {
        content = content.push(
            button(text(fl!("chat-retry")).size(12))
                .style(button::secondary)
                .padding([2, 8])
                .on_press(Message::Retry(m.id)),
        );
    }
    let bubble = container(content)
        .padding([8, 12])
        .max_width(560)
        .style(move |theme: &Theme| {
            let mut style = if outgoing {
                container::primary(theme)
            } else {
                container::rounded_box(theme)
            };
            style.border = style.border.rounded(12);
            if highlight {
                style.border = style
                    .border
                    .width(2)
                    .color(theme.extended_palette().danger.base.color);
            } else if mentioned {
                style.border = style
                    .border
                    .width(2)
                    .color(theme.extended_palette().primary.base.color);
            }
            style
        });
    let mut stacked = column![bubble].spacing(2);
    if !reactions.is_empty() {
        let mut chips = row![].spacing(4);
        for r in reactions {
            chips = chips.push(
                button(
                    row![
                        text(r.emoji.as_str()).font(theme::EMOJI).size(13),
                        text(r.count.to_string()).size(12)
                    ]
                    .spacing(3),
                )
                .padding([1, 6])
                .style(if r.mine {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press_maybe(can_react.then(|| Message::React(m.id, r.emoji.clone()))),
            );
        }
        stacked = stacked.push(chips);
    }
    let stacked = if outgoing {
        stacked.align_x(Alignment::End)
    } else {
        stacked
    };
    let aligned = container(stacked).width(Length::Fill);
    let aligned: Element<'a, Message> = if outgoing {
        aligned.align_right(Length::Fill).into()
    } else {
        aligned.into()
    };
    if m.retracted {
        return aligned;
    }
    hover(aligned, message_menu(m, can_react, can_remove))
}

/// The size of a sender's picture beside their messages in a room.
const FACE: f32 = 28.0;

/// One row of the keyed message list. keyed_column hands a row's old widget state to the
/// row with the same key without checking that it is the same kind of widget (a message
/// deleted, the rows of another conversation); a column checks its children, and starts a
/// fresh state where the kind differs. Every row is one.
fn row_of<'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    Column::new().push(content).into()
}

/// The answered message above a reply: its author and first line, a click away.
fn quote_view(quote: &Quote, author: String, outgoing: bool) -> Element<'_, Message> {
    let mut lines = column![].spacing(1);
    if !author.is_empty() {
        lines = lines.push(text(author).size(12).font(theme::UI_BOLD));
    }
    lines = lines.push(text(quote.excerpt.as_str()).size(12));
    let card = container(lines)
        .padding([4, 8])
        .style(move |theme: &Theme| {
            let palette = theme.extended_palette();
            let (background, bar) = if outgoing {
                (palette.primary.strong.color, palette.primary.weak.color)
            } else {
                (palette.background.weak.color, palette.primary.base.color)
            };
            container::Style {
                background: Some(background.into()),
                text_color: Some(if outgoing {
                    palette.primary.strong.text
                } else {
                    palette.background.weak.text
                }),
                border: iced::Border::default().rounded(6).width(1).color(bar),
                ..container::Style::default()
            }
        });
    match quote.message {
        Some(id) => button(card)
            .padding(0)
            .style(button::text)
            .on_press(Message::ShowQuoted(id))
            .into(),
        None => card.into(),
    }
}

/// How a message is shown besides its content.
#[derive(Debug, Clone, Copy)]
struct Marks {
    /// The search hit the conversation was opened at.
    highlight: bool,
    /// A room message that names us.
    mentioned: bool,
    /// Its writer's nickname is shown (the first of their run in a room).
    names_sender: bool,
    can_react: bool,
    /// We moderate this room: others' messages can be removed for everyone (XEP-0425).
    can_remove: bool,
}

/// The actions shown over a message while the pointer is on it.
fn message_menu(m: &Stored, can_react: bool, can_remove: bool) -> Element<'_, Message> {
    let outgoing = m.direction == Direction::Out;
    let mut menu = row![].spacing(2).align_y(Alignment::Center);
    if can_react {
        for emoji in emoji::QUICK_REACTIONS {
            menu = menu.push(
                button(text(emoji).font(theme::EMOJI).size(14))
                    .style(button::text)
                    .padding([2, 4])
                    .on_press(Message::React(m.id, emoji.to_string())),
            );
        }
        menu = menu.push(
            button(text("+").size(14))
                .style(button::text)
                .padding([2, 6])
                .on_press(Message::ReactionPicker(m.id)),
        );
    }
    menu = menu.push(
        button(text(fl!("chat-reply")).size(12))
            .style(button::text)
            .padding([2, 6])
            .on_press(Message::Reply(m.id)),
    );
    // A link in the text takes the mouse only; here the keyboard reaches it too.
    if !m.retracted && m.attachment.is_none() && m.body.contains(':') {
        for link in styling::links(&m.body).into_iter().take(MENU_LINKS) {
            menu = menu.push(
                button(text(fl!("chat-open-link", target = link_target(link))).size(12))
                    .style(button::text)
                    .padding([2, 6])
                    .on_press(Message::Link(link.to_string())),
            );
        }
    }
    if outgoing && m.attachment.is_none() {
        menu = menu.push(
            button(text(fl!("chat-edit")).size(12))
                .style(button::text)
                .padding([2, 6])
                .on_press(Message::Correct(m.id)),
        );
        menu = menu.push(
            button(text(fl!("chat-delete")).size(12))
                .style(button::text)
                .padding([2, 6])
                .on_press(Message::Retract(m.id)),
        );
    }
    if can_remove {
        menu = menu.push(
            button(text(fl!("chat-remove-for-everyone")).size(12))
                .style(button::text)
                .padding([2, 6])
                .on_press(Message::RemoveForEveryone(m.id)),
        );
    }
    let menu = container(menu).padding(2).style(container::bordered_box);
    let placed = container(menu).width(Length::Fill).padding([0, 8]);
    if outgoing {
        placed.align_left(Length::Fill).into()
    } else {
        placed.align_right(Length::Fill).into()
    }
}

/// A message body with XEP-0393 styling, links and emoji in the bundled emoji font.
fn styled_body(body: &str, outgoing: bool) -> Element<'_, Message> {
    if styling::is_only_emoji(body) {
        return text(body).font(theme::EMOJI).size(34).into();
    }
    let blocks = styling::parse(body);
    // Most messages are one plain run: a plain text widget is cheaper to lay out.
    if let [Block::Text(spans)] = blocks.as_slice()
        && let [only] = spans.as_slice()
        && only.link.is_none()
        && !only.emoji
        && only.style == styling::Style::default()
    {
        return text(only.text).into();
    }
    let mut column = column![].spacing(4);
    for block in blocks {
        let element: Element<'_, Message> = match block {
            Block::Text(spans) => rich(spans, outgoing),
            Block::Quote { depth, spans } => row![
                container(iced::widget::space())
                    .width(3)
                    .height(Length::Fill)
                    .style(container::secondary),
                rich(spans, outgoing),
            ]
            .spacing(8)
            .padding(iced::Padding::ZERO.left((depth.saturating_sub(1) * 10) as f32))
            .height(Length::Shrink)
            .into(),
            Block::Pre(code) => container(text(code).font(Font::MONOSPACE).size(13))
                .padding(6)
                .style(container::dark)
                .into(),
        };
        column = column.push(element);
    }
    column.into()
}

fn rich(spans: Vec<styling::Span<'_>>, outgoing: bool) -> Element<'_, Message> {
    let spans: Vec<_> = spans
        .into_iter()
        .map(|s| {
            let font = if s.emoji {
                theme::EMOJI
            } else if s.style.code {
                Font::MONOSPACE
            } else if s.style.strong {
                theme::UI_BOLD
            } else if s.style.emphasis {
                theme::UI_ITALIC
            } else {
                theme::UI
            };
            let mut out = span(s.text).font(font).strikethrough(s.style.strike);
            if let Some(link) = s.link {
                out = out.link(link.to_string()).underline(true);
            }
            out
        })
        .collect();
    let on_link = |link: String| Message::Link(link);
    let rich = rich_text(spans).on_link_click(on_link);
    if outgoing {
        rich.style(|theme: &Theme| iced::widget::text::Style {
            color: Some(theme.extended_palette().primary.base.text),
        })
        .into()
    } else {
        rich.into()
    }
}

/// Links of one message that its menu offers to open; more would crowd the menu.
const MENU_LINKS: usize = 2;

/// How the menu names a link: its host, or the address of a mail or xmpp link, shortened.
fn link_target(link: &str) -> String {
    let rest = link.split_once(':').map_or(link, |(_, rest)| rest);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let target = &rest[..end];
    let target = target
        .rsplit_once('@')
        .filter(|_| link.starts_with("http"))
        .map_or(target, |(_, host)| host);
    match target.char_indices().nth(LINK_TARGET_CHARS) {
        Some((cut, _)) => format!("{}…", &target[..cut]),
        None => target.to_string(),
    }
}

/// Characters of a link's name the menu shows.
const LINK_TARGET_CHARS: usize = 32;

/// Opens a link from a message with the system's handler. Only web, mail and xmpp links:
/// a message must never be able to start a local program.
fn open_link(url: &str) {
    let lower = url.to_ascii_lowercase();
    if !["https://", "http://", "mailto:", "xmpp:", "geo:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return;
    }
    crate::platform::open_url(url);
}

/// The first line of a message, at most `QUOTE_CHARS` long, with "…" when there is more.
/// A message's words as quotes and banners show them: a file by its name, never by its
/// address (an aesgcm:// one holds the file's key).
fn shown_text(m: &Stored) -> std::borrow::Cow<'_, str> {
    match &m.attachment {
        Some(a) => format!("📎 {}", a.name).into(),
        None => m.body.as_str().into(),
    }
}

fn first_line(body: &str) -> String {
    let line = body.lines().next().unwrap_or_default();
    let mut excerpt: String = line.chars().take(QUOTE_CHARS).collect();
    if line.chars().count() > QUOTE_CHARS || body.lines().nth(1).is_some() {
        excerpt.push('…');
    }
    excerpt
}

/// What a reply shows of the message it answers (None: not in the store).
fn quote(answered: Option<Stored>) -> Quote {
    let Some(m) = answered else {
        return Quote {
            message: None,
            sender: None,
            excerpt: fl!("chat-reply-missing"),
        };
    };
    let excerpt = if m.retracted {
        fl!("chat-retracted")
    } else {
        first_line(&shown_text(&m))
    };
    Quote {
        message: Some(m.id),
        sender: Some(m.sender),
        excerpt,
    }
}

/// A page of messages with their reactions and the messages their replies answer.
fn decorate(
    c: &crate::store::Connection,
    conversation: ConversationId,
    messages: Vec<Stored>,
    end: bool,
    me: &[BareJid],
) -> Result<Page, Error> {
    let mut reactions = HashMap::new();
    for m in &messages {
        let by = messages::reactions(c, m.id)?;
        if !by.is_empty() {
            reactions.insert(m.id, count_reactions(&by, me));
        }
    }
    let mut quotes = HashMap::new();
    for m in &messages {
        if let Some(reference) = &m.reply_to {
            let answered = messages::find_by_any_id(c, conversation, reference)?
                .map(|id| messages::get(c, id))
                .transpose()?;
            quotes.insert(m.id, quote(answered));
        }
    }
    Ok(Page {
        messages,
        reactions,
        quotes,
        end,
    })
}

fn count_reactions(by: &[(BareJid, Vec<String>)], me: &[BareJid]) -> Vec<Reaction> {
    let mut out: Vec<Reaction> = Vec::new();
    for (who, emojis) in by {
        for e in emojis {
            let mine = me.contains(who);
            match out.iter_mut().find(|r| r.emoji == *e) {
                Some(r) => {
                    r.count += 1;
                    r.mine |= mine;
                }
                None => out.push(Reaction {
                    emoji: e.clone(),
                    count: 1,
                    mine,
                }),
            }
        }
    }
    out
}

fn matches_filter(s: &Summary, needle: &str) -> bool {
    needle.is_empty()
        || s.title().to_lowercase().contains(needle)
        || s.peer.as_str().contains(needle)
}

/// A contact's address as typed or pasted: name@server, or an xmpp: link to them.
/// The password of an `xmpp:room?join;password=…` link.
fn join_password(input: &str) -> Option<String> {
    match crate::core::uri::parse(input.trim()).ok()?.action {
        crate::core::uri::UriAction::Join { password } => password,
        _ => None,
    }
}

fn parse_address(input: &str) -> Option<BareJid> {
    let input = input.trim();
    let jid = if input.to_ascii_lowercase().starts_with("xmpp:") {
        crate::core::uri::parse(input).ok()?.jid.to_bare()
    } else {
        input.parse::<BareJid>().ok()?
    };
    jid.node().is_some().then_some(jid)
}

/// Scrolls the message list so message `index` of `len` is roughly in view (the list is
/// anchored at the bottom, so offsets count from the newest).
fn snap_to_index(index: usize, len: usize) -> Task<Message> {
    let from_bottom = (len.saturating_sub(1 + index)) as f32 / len.max(1) as f32;
    iced::widget::operation::snap_to(
        messages_id(),
        scrollable::RelativeOffset {
            x: 0.0,
            y: from_bottom,
        },
    )
}

fn composer_id() -> iced::widget::Id {
    iced::widget::Id::new("composer")
}

fn messages_id() -> iced::widget::Id {
    iced::widget::Id::new("messages")
}

fn switcher_id() -> iced::widget::Id {
    iced::widget::Id::new("switcher")
}

fn new_chat_id() -> iced::widget::Id {
    iced::widget::Id::new("new-chat")
}

fn delivery_label(m: &Stored) -> String {
    match m.state {
        Delivery::Queued => fl!("state-queued"),
        Delivery::Sent => fl!("state-sent"),
        Delivery::Delivered => fl!("state-delivered"),
        Delivery::Read => fl!("state-read"),
        Delivery::Failed => fl!("state-failed", reason = m.error.clone().unwrap_or_default()),
        Delivery::Received => String::new(),
    }
}

/// "14:05" today, "Mon" this week, else the date.
pub fn short_time(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Local);
    let now = Local::now();
    if local.date_naive() == now.date_naive() {
        local.format("%H:%M").to_string()
    } else if (now - local).num_days() < 7 {
        local.format("%a").to_string()
    } else {
        local.format("%Y-%m-%d").to_string()
    }
}

/// "today at 14:05", "yesterday at 09:12", or the date and time.
pub fn long_time(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Local);
    let time = local.format("%H:%M").to_string();
    let day = local.date_naive();
    let today = Local::now().date_naive();
    if day == today {
        fl!("time-today-at", time = time)
    } else if today.pred_opt() == Some(day) {
        fl!("time-yesterday-at", time = time)
    } else {
        format!("{} {time}", day.format("%Y-%m-%d"))
    }
}

fn day_label(t: DateTime<Utc>) -> String {
    let day = t.with_timezone(&Local).date_naive();
    let today = Local::now().date_naive();
    if day == today {
        fl!("chat-today")
    } else if today.pred_opt() == Some(day) {
        fl!("chat-yesterday")
    } else {
        day.format("%Y-%m-%d").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(body: &str, retracted: bool) -> Stored {
        Stored {
            id: MessageId(7),
            account: AccountId(1),
            conversation: ConversationId(1),
            peer: "anna@example.org".parse().unwrap(),
            private: None,
            sender: "anna@example.org".parse().unwrap(),
            direction: Direction::In,
            body: body.into(),
            timestamp: Utc::now(),
            state: Delivery::Received,
            encrypted: false,
            namespaces: Default::default(),
            origin_id: Some("o7".into()),
            stanza_id: None,
            edited: false,
            retracted,
            reply_to: None,
            error: None,
            nick: None,
            attachment: None,
        }
    }

    #[test]
    fn a_message_menu_opens_the_links_of_its_text() {
        let m = stored(
            "see https://user@example.org/a?b=c and xmpp:room@muc.example.org?join, \
             then https://example.org/a?b=c again and mailto:x@y.org",
            false,
        );
        let mut ui = iced_test::simulator(message_menu(&m, false, false));
        ui.click("Open example.org")
            .expect("the first link has a button");
        ui.click("Open room@muc.example.org")
            .expect("the second one too");
        assert!(ui.find("Open x@y.org").is_err(), "two links at most");
        let opened: Vec<String> = ui
            .into_messages()
            .map(|message| match message {
                Message::Link(link) => link,
                other => panic!("{other:?} is no link"),
            })
            .collect();
        assert_eq!(
            opened,
            [
                "https://user@example.org/a?b=c",
                "xmpp:room@muc.example.org?join"
            ]
        );
        // A deleted message offers none of its old links.
        let removed = stored("https://example.org", true);
        let mut ui = iced_test::simulator(message_menu(&removed, false, false));
        assert!(ui.find("Open example.org").is_err());
    }

    #[test]
    fn a_link_is_named_by_its_host_or_address_and_kept_short() {
        assert_eq!(link_target("https://example.org/path?q#f"), "example.org");
        assert_eq!(
            link_target("http://me:pw@example.org:8080/"),
            "example.org:8080"
        );
        assert_eq!(
            link_target("xmpp:juliet@example.org?message"),
            "juliet@example.org"
        );
        assert_eq!(link_target("mailto:romeo@example.net"), "romeo@example.net");
        assert_eq!(link_target("geo:48.2,16.3"), "48.2,16.3");
        let long = format!("https://{}.example/", "a".repeat(40));
        assert_eq!(link_target(&long), format!("{}…", "a".repeat(32)));
    }

    #[test]
    fn page_keys_scroll_an_open_conversation_only() {
        let (_dir, mut chats) = fresh_chats();
        assert!(matches!(chats.shortcut(Shortcut::OlderPage), Action::None));
        open_with(&mut chats, &"anna@example.org".parse().unwrap());
        assert!(matches!(
            chats.shortcut(Shortcut::OlderPage),
            Action::Run(_)
        ));
        assert!(matches!(
            chats.shortcut(Shortcut::NewerPage),
            Action::Run(_)
        ));
    }

    /// A window's chats over a fresh store (kept as long as the directory).
    fn fresh_chats() -> (tempfile::TempDir, Chats) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Some("test passphrase".to_string().into())).unwrap();
        let (chats, _) = Chats::new(store, AccountId(1));
        (dir, chats)
    }

    /// Lists a conversation with `peer` (id 7, account 1) and opens it.
    fn open_with(chats: &mut Chats, peer: &BareJid) {
        let prefs = Preferences::default();
        let summary = Summary {
            id: ConversationId(7),
            account: AccountId(1),
            peer: peer.clone(),
            name: None,
            avatar: None,
            last_body: None,
            last_time: None,
            last_outgoing: false,
            last_retracted: false,
            unread: 0,
            pinned: false,
            muted: false,
            room: false,
            last_nick: None,
            subject: None,
            private: None,
        };
        chats.update(Message::Listed(Ok(vec![summary])), &prefs);
        chats.update(Message::Select(ConversationId(7)), &prefs);
    }

    /// A visitor's "Ask to speak" asks the room; a moderator's "Give voice" makes the visitor
    /// a participant and answers the request, as "Not now" does without a change.
    #[test]
    fn voices_are_asked_for_and_given() {
        use crate::core::Role;
        let (_dir, mut chats) = fresh_chats();
        let prefs = Preferences::default();
        let room: BareJid = "club@rooms.x.org".parse().unwrap();
        open_with(&mut chats, &room);
        let account = AccountId(1);
        let Action::Command(_, Command::Moderate { action, .. }) =
            chats.update(Message::AskToSpeak, &prefs)
        else {
            panic!("the room is asked");
        };
        assert_eq!(action, RoomAction::RequestVoice);
        assert!(chats.speaking.has_asked(account, &room));
        // Each new request is told once (a notification when the window is elsewhere).
        for nick in ["eve", "ann"] {
            let told = chats.voice_requested(account, room.clone(), nick.into());
            assert_eq!(told.map(|(c, _)| c), Some(ConversationId(7)));
        }
        assert_eq!(
            chats.voice_requested(account, room.clone(), "eve".into()),
            None
        );
        let Action::Command(_, Command::Moderate { action, .. }) =
            chats.update(Message::GiveVoice("eve".into()), &prefs)
        else {
            panic!("the role is set");
        };
        assert_eq!(
            action,
            RoomAction::Role {
                nick: "eve".into(),
                role: Role::Participant
            }
        );
        assert_eq!(chats.speaking.waiting(account, &room), ["ann"]);
        assert!(matches!(
            chats.update(Message::DismissVoiceRequest("ann".into()), &prefs),
            Action::None
        ));
        assert!(chats.speaking.waiting(account, &room).is_empty());
    }

    /// "Write privately" opens a conversation with the occupant that is not the room's: what
    /// is written or sent there goes to them alone, without typing notifications.
    #[test]
    fn a_private_conversation_through_a_room_writes_to_the_occupant_alone() {
        let (_dir, mut chats) = fresh_chats();
        let prefs = Preferences::default();
        let room: BareJid = "club@rooms.x.org".parse().unwrap();
        open_with(&mut chats, &room);
        chats.update(Message::WritePrivately("bob".into()), &prefs);
        let open = chats.open.as_ref().unwrap();
        assert_eq!(
            (open.conversation, &open.peer, open.private.as_deref()),
            (ConversationId(0), &room, Some("bob"))
        );
        chats.composer = text_editor::Content::with_text("psst");
        assert!(matches!(chats.typing(&prefs), Action::None));
        let Action::Commands { commands, .. } = chats.update(Message::Send, &prefs) else {
            panic!("the message is sent");
        };
        let [Command::SendText(sent)] = &commands[..] else {
            panic!("one message: {commands:?}");
        };
        let sent = sent.clone();
        assert_eq!(
            (sent.to, sent.private.as_deref(), sent.body.as_str()),
            (room.clone(), Some("bob"), "psst")
        );
        // A file goes to the occupant alone too, and shows only in this conversation.
        let Action::Command(_, Command::SendFile(file)) =
            chats.update(Message::FilePicked(Some("/tmp/notes.pdf".into())), &prefs)
        else {
            panic!("the file is sent");
        };
        assert_eq!((&file.to, file.private.as_deref()), (&room, Some("bob")));
        assert_eq!(chats.files.uploads_to(&room, Some("bob")).count(), 1);
        assert_eq!(chats.files.uploads_to(&room, None).count(), 0);
        // The room's encryption state is the room's, not this conversation's.
        let security = ChatSecurity {
            encryption: Encryption::On,
            devices: Vec::new(),
            own_devices: Vec::new(),
            sent_to: Vec::new(),
            room_nick: Some("alice".into()),
            members: Some(Vec::new()),
        };
        chats.update(Message::Security(AccountId(1), room, Ok(security)), &prefs);
        assert_eq!(chats.open.as_ref().unwrap().security, None);
    }

    /// An owner's new room picture is made small first, then asked of the room; a file that
    /// is no picture says so and asks nothing.
    #[test]
    fn a_room_picture_is_made_small_then_set() {
        let (dir, mut chats) = fresh_chats();
        let prefs = Preferences::default();
        let room: BareJid = "club@rooms.x.org".parse().unwrap();
        open_with(&mut chats, &room);
        let photo = dir.path().join("big.png");
        image::RgbImage::from_pixel(900, 600, image::Rgb([10, 120, 200]))
            .save(&photo)
            .unwrap();
        let image = room_picture(&photo).unwrap();
        assert_eq!(image.mime, "image/jpeg");
        assert!(image.data.len() < crate::session::avatar::MAX_BYTES);
        let Action::Command(
            _,
            Command::Moderate {
                room: asked,
                action,
            },
        ) = chats.update(Message::RoomPictureReady(Ok(image.clone())), &prefs)
        else {
            panic!("the picture is asked of the room");
        };
        assert_eq!((asked, action), (room, RoomAction::SetPicture(Some(image))));
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "not a picture").unwrap();
        let reason = room_picture(&text).unwrap_err();
        assert!(matches!(
            chats.update(Message::RoomPictureReady(Err(reason)), &prefs),
            Action::None
        ));
        assert!(chats.status.is_some());
    }

    /// A big room's people panel lays out at most a hundred, owners first, and finds the
    /// others by a part of their name or address.
    /// Typing in a room reads as one line however many type, and look-alike nicknames stay
    /// visibly different in it.
    #[test]
    fn who_types_in_a_room_is_one_line() {
        let nicks = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(typing_in_room(&[]), None);
        let one = typing_in_room(&nicks(&["bob"])).unwrap();
        assert!(one.contains("bob"), "{one}");
        let two = typing_in_room(&nicks(&["bob", "carol"])).unwrap();
        assert!(two.contains("bob") && two.contains("carol"), "{two}");
        let many = typing_in_room(&nicks(&["bob", "carol", "dave"])).unwrap();
        assert!(!many.contains("bob"), "{many}");
        let hidden = typing_in_room(&nicks(&["bob\u{200b}"])).unwrap();
        assert_ne!(hidden, one, "a zero-width character shows");
    }

    #[test]
    fn a_big_rooms_people_are_found_rather_than_all_laid_out() {
        use crate::core::{Affiliation, Occupant, Role};
        let person = |i: usize, affiliation| Occupant {
            jid: Some(format!("g{i}@x.org").parse().unwrap()),
            ..Occupant::new(format!("Guest{i:04}"), Role::Participant, affiliation)
        };
        let mut crowd: Vec<Occupant> = (0..1000).map(|i| person(i, Affiliation::None)).collect();
        crowd.push(person(5000, Affiliation::Owner));
        let (shown, more) = people_shown(&crowd, "");
        assert_eq!((shown.len(), more), (PEOPLE_SHOWN, 901));
        assert_eq!(shown[0].nick, "Guest5000", "the owner first");
        let (found, more) = people_shown(&crowd, "guest099");
        assert_eq!(more, 0);
        assert_eq!(
            found.iter().map(|o| o.nick.as_str()).collect::<Vec<_>>(),
            (990..1000)
                .map(|i| format!("Guest{i:04}"))
                .collect::<Vec<_>>()
        );
        assert_eq!(people_shown(&crowd, "G7@X.ORG").0.len(), 1);
    }

    /// In a private group, whoever loses membership must leave (XEP-0045 §9.4): that is
    /// asked first, and only the answer sends the change.
    #[test]
    fn revoking_membership_of_a_private_group_asks_first() {
        use crate::core::Affiliation;
        let (_dir, mut chats) = fresh_chats();
        let prefs = Preferences::default();
        let room: BareJid = "club@rooms.x.org".parse().unwrap();
        open_with(&mut chats, &room);
        let security = ChatSecurity {
            encryption: Encryption::On,
            devices: Vec::new(),
            own_devices: Vec::new(),
            sent_to: Vec::new(),
            room_nick: Some("anna".into()),
            members: Some(Vec::new()),
        };
        chats.update(Message::Security(AccountId(1), room, Ok(security)), &prefs);
        let bob: BareJid = "bob@x.org".parse().unwrap();
        let revoke = || Message::SetAffiliation(bob.clone(), Affiliation::None);
        assert!(matches!(chats.update(revoke(), &prefs), Action::None));
        assert_eq!(chats.open.as_ref().unwrap().revoking, Some(bob.clone()));
        chats.update(Message::CancelConfirm, &prefs);
        assert_eq!(chats.open.as_ref().unwrap().revoking, None);
        assert!(matches!(chats.update(revoke(), &prefs), Action::None));
        assert!(matches!(
            chats.update(revoke(), &prefs),
            Action::Command(_, Command::Moderate { .. })
        ));
        assert_eq!(chats.open.as_ref().unwrap().revoking, None);
        // Granting needs no question.
        assert!(matches!(
            chats.update(Message::SetAffiliation(bob, Affiliation::Member), &prefs),
            Action::Command(_, Command::Moderate { .. })
        ));
    }

    #[test]
    fn the_people_panel_offers_what_our_affiliation_allows() {
        use crate::core::{Affiliation, Occupant, Role};
        let person = |nick: &str, role, affiliation, jid: Option<&str>| Occupant {
            jid: jid.map(|j| j.parse().unwrap()),
            ..Occupant::new(nick, role, affiliation)
        };
        let labels = |o: &Occupant, ours: &Occupant| -> Vec<String> {
            occupant_actions(o, Some(ours))
                .into_iter()
                .map(|(label, _)| label)
                .collect()
        };
        let owner = person(
            "anna",
            Role::Moderator,
            Affiliation::Owner,
            Some("anna@x.org"),
        );
        let admin = person(
            "carl",
            Role::Moderator,
            Affiliation::Admin,
            Some("carl@x.org"),
        );
        let member = person(
            "bob",
            Role::Participant,
            Affiliation::Member,
            Some("bob@x.org"),
        );
        let guest = person(
            "dora",
            Role::Participant,
            Affiliation::None,
            Some("dora@x.org"),
        );
        let hidden = person("eve", Role::Participant, Affiliation::None, None);
        let moderator = person("finn", Role::Moderator, Affiliation::Member, None);

        assert_eq!(
            labels(&member, &owner),
            [
                fl!("chat-kick"),
                fl!("chat-take-voice"),
                fl!("chat-make-moderator"),
                fl!("chat-unmake-member"),
                fl!("chat-make-admin"),
                fl!("chat-ban"),
            ]
        );
        assert_eq!(
            labels(&admin, &owner),
            [
                fl!("chat-kick"),
                fl!("chat-unmake-moderator"),
                fl!("chat-unmake-admin"),
                fl!("chat-ban"),
            ]
        );
        // Admins grant membership but not adminship, and cannot touch each other or owners.
        assert_eq!(
            labels(&guest, &admin),
            [
                fl!("chat-kick"),
                fl!("chat-take-voice"),
                fl!("chat-make-moderator"),
                fl!("chat-make-member"),
                fl!("chat-ban"),
            ]
        );
        assert!(labels(&owner, &admin).is_empty());
        assert!(labels(&admin, &admin).is_empty());
        // Without their real address nothing can be given to them for good.
        assert_eq!(
            labels(&hidden, &admin),
            [
                fl!("chat-kick"),
                fl!("chat-take-voice"),
                fl!("chat-make-moderator")
            ]
        );
        // A visitor is given the voice back, and is not made moderator without it.
        let visitor = person("gil", Role::Visitor, Affiliation::None, None);
        assert_eq!(
            labels(&visitor, &admin),
            [fl!("chat-kick"), fl!("chat-give-voice")]
        );
        // A moderator who is only a member removes guests and takes or gives their voice.
        assert_eq!(
            labels(&guest, &moderator),
            [fl!("chat-kick"), fl!("chat-take-voice")]
        );
        assert!(labels(&member, &moderator).is_empty());

        let granted: Vec<_> = occupant_actions(&guest, Some(&owner))
            .into_iter()
            .filter_map(|(_, m)| match m {
                Message::SetAffiliation(jid, a) => Some((jid.to_string(), a)),
                _ => None,
            })
            .collect();
        assert_eq!(
            granted,
            [
                ("dora@x.org".to_string(), Affiliation::Member),
                ("dora@x.org".to_string(), Affiliation::Admin),
            ]
        );
        // Pressed, it asks the room (XEP-0045 §9.3) for that change.
        let (_dir, mut chats) = fresh_chats();
        let room: BareJid = "club@rooms.x.org".parse().unwrap();
        open_with(&mut chats, &room);
        let Action::Command(
            AccountId(1),
            Command::Moderate {
                room: asked,
                action,
            },
        ) = chats.update(
            Message::SetAffiliation("dora@x.org".parse().unwrap(), Affiliation::Member),
            &Preferences::default(),
        )
        else {
            panic!("granting membership asks the room");
        };
        assert_eq!(asked, room);
        assert!(matches!(
            action,
            RoomAction::Affiliation {
                affiliation: Affiliation::Member,
                ..
            }
        ));
    }

    #[test]
    fn a_chosen_file_is_sent_shown_while_it_goes_up_and_its_failure_said() {
        let (_dir, mut chats) = fresh_chats();
        let prefs = Preferences::default();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        // Nothing is open: a dropped file goes nowhere.
        let path = std::path::PathBuf::from("/home/me/holiday.pdf");
        assert!(matches!(
            chats.update(Message::Dropped(path.clone()), &prefs),
            Action::None
        ));
        open_with(&mut chats, &bob);
        let Action::Command(AccountId(1), Command::SendFile(file)) =
            chats.update(Message::FilePicked(Some(path.clone())), &prefs)
        else {
            panic!("a picked file is sent");
        };
        assert_eq!((&file.to, &file.path), (&bob, &path));
        let shown: Vec<_> = chats
            .files
            .uploads_to(&bob, None)
            .map(|t| t.name.clone())
            .collect();
        assert_eq!(shown, vec!["holiday.pdf".to_string()]);

        chats.transfer(crate::core::Transfer {
            id: file.id,
            direction: Direction::Out,
            peer: bob.clone(),
            private: None,
            name: "holiday.pdf".into(),
            message: None,
            state: crate::core::TransferState::Failed {
                reason: "your server does not offer file upload".into(),
            },
        });
        // The failure stays above the composer, with Retry, which sends the file again.
        let failed: Vec<_> = chats.files.uploads_to(&bob, None).map(|t| t.id).collect();
        assert_eq!(failed, vec![file.id]);
        let Action::Command(_, Command::SendFile(again)) =
            chats.update(Message::RetryUpload(file.id), &prefs)
        else {
            panic!("Retry sends the file again");
        };
        assert_eq!(again.path, path);
        assert_ne!(again.id, file.id);
        let shown: Vec<_> = chats.files.uploads_to(&bob, None).map(|t| t.id).collect();
        assert_eq!(shown, vec![again.id]);
        chats.update(Message::DismissUpload(again.id), &prefs);
        assert_eq!(chats.files.uploads_to(&bob, None).count(), 0);
        assert_eq!(chats.status, None);
    }

    #[test]
    fn without_a_file_chooser_attaching_says_to_drop_files_instead() {
        let (_dir, mut chats) = fresh_chats();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        open_with(&mut chats, &bob);
        let prefs = Preferences::default();
        assert!(matches!(
            chats.update(Message::AttachFile, &prefs),
            Action::Run(_)
        ));
        chats.no_chooser = true;
        assert!(matches!(
            chats.update(Message::AttachFile, &prefs),
            Action::None
        ));
        assert_eq!(chats.status, Some(fl!("no-file-chooser")));
    }

    #[test]
    fn a_voice_note_goes_from_memory_and_is_sent_again_from_memory() {
        let (_dir, mut chats) = fresh_chats();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        open_with(&mut chats, &bob);
        let prefs = Preferences::default();
        let note = crate::core::FileBytes(std::sync::Arc::new(b"OggS voice".to_vec()));
        let recorded = files::UploadFrom {
            path: std::path::PathBuf::from("Voice note 2026-12-02 10.00.00.ogg"),
            recorded: Some(note.clone()),
        };
        let Action::Command(_, Command::SendFile(file)) =
            chats.update(Message::VoiceEncoded(Ok(recorded)), &prefs)
        else {
            panic!("a recorded note is sent");
        };
        // Only a name: nothing was written anywhere for it.
        assert!(file.path.is_relative());
        assert_eq!(file.contents.as_ref(), Some(&note));
        chats.transfer(crate::core::Transfer {
            id: file.id,
            direction: Direction::Out,
            peer: bob.clone(),
            private: None,
            name: "Voice note 2026-12-02 10.00.00.ogg".into(),
            message: None,
            state: crate::core::TransferState::Failed {
                reason: "offline".into(),
            },
        });
        let Action::Command(_, Command::SendFile(again)) =
            chats.update(Message::RetryUpload(file.id), &prefs)
        else {
            panic!("Retry sends the note again");
        };
        assert_eq!(again.contents.as_ref(), Some(&note));
    }

    #[test]
    fn photos_go_through_the_reduction_unless_kept_whole() {
        let (_dir, mut chats) = fresh_chats();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        open_with(&mut chats, &bob);
        let photo = std::path::PathBuf::from("/home/me/beach.jpg");
        let prefs = Preferences::default();
        assert!(matches!(
            chats.update(Message::Dropped(photo.clone()), &prefs),
            Action::Run(_)
        ));
        // Kept with where and when it was taken: sent whole, at once.
        let keep = Preferences {
            keep_photo_metadata: true,
            ..Preferences::default()
        };
        let Action::Command(_, Command::SendFile(file)) =
            chats.update(Message::Dropped(photo.clone()), &keep)
        else {
            panic!("sent as it is");
        };
        assert!(file.keep_metadata && file.contents.is_none());
        let off = Preferences {
            reduce_photos: false,
            ..Preferences::default()
        };
        assert!(matches!(
            chats.update(Message::Dropped(photo), &off),
            Action::Command(_, Command::SendFile(_))
        ));
    }

    #[test]
    fn no_microphone_or_speakers_is_said_and_nothing_else_happens() {
        let (_dir, mut chats) = fresh_chats();
        let prefs = Preferences::default();
        // Nothing open: nothing to record for.
        assert!(matches!(
            chats.update(Message::Record, &prefs),
            Action::None
        ));
        let reason = "no microphone: the system has no input device".to_string();
        chats.update(Message::RecordingStarted(Err(reason.clone())), &prefs);
        assert!(chats.voice.recording.is_none());
        assert!(chats.status.as_deref().unwrap().contains(&reason));
        assert!(matches!(
            chats.update(Message::StopRecording(true), &prefs),
            Action::None
        ));
        let reason = "no speakers: the system has no output device".to_string();
        chats.update(
            Message::PlayerStarted(MessageId(3), Err(reason.clone())),
            &prefs,
        );
        assert!(chats.voice.playing.is_none() && !chats.voice.ticking());
        assert!(chats.status.as_deref().unwrap().contains(&reason));
    }

    #[test]
    fn a_full_size_picture_closes_with_its_button_or_escape() {
        let (_dir, mut chats) = fresh_chats();
        let prefs = Preferences::default();
        let pixels = || iced::widget::image::Handle::from_rgba(1, 1, vec![0; 4]);
        chats.update(Message::PictureOpened(MessageId(4), Ok(pixels())), &prefs);
        assert!(chats.files.viewer.is_some());
        chats.shortcut(Shortcut::Escape);
        assert!(chats.files.viewer.is_none());
        chats.update(Message::PictureOpened(MessageId(4), Ok(pixels())), &prefs);
        chats.update(Message::ClosePicture, &prefs);
        assert!(chats.files.viewer.is_none());
        // A picture that does not decode opens nothing.
        chats.update(
            Message::PictureOpened(MessageId(4), Err("truncated".into())),
            &prefs,
        );
        assert!(chats.files.viewer.is_none());
    }

    #[test]
    fn encryption_goes_off_only_after_the_question() {
        let (_dir, mut chats) = fresh_chats();
        let prefs = Preferences::default();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        open_with(&mut chats, &bob);
        let security = ChatSecurity {
            encryption: Encryption::Automatic,
            devices: Vec::new(),
            own_devices: Vec::new(),
            sent_to: Vec::new(),
            room_nick: None,
            members: None,
        };
        // An answer for another contact is not this conversation's.
        let carol: BareJid = "carol@example.org".parse().unwrap();
        chats.update(
            Message::Security(AccountId(1), carol, Ok(security.clone())),
            &prefs,
        );
        assert_eq!(chats.open.as_ref().unwrap().security, None);
        chats.update(
            Message::Security(AccountId(1), bob, Ok(security.clone())),
            &prefs,
        );
        assert_eq!(chats.open.as_ref().unwrap().security, Some(security));
        let panel = |c: &Chats| c.open.as_ref().unwrap().panel;

        chats.update(Message::EncryptionPanel, &prefs);
        assert_eq!(panel(&chats), Panel::Open);
        // Off without the question writes nothing.
        assert!(matches!(
            chats.update(Message::ConfirmOff, &prefs),
            Action::None
        ));
        assert!(matches!(
            chats.update(Message::EncryptionOff, &prefs),
            Action::None
        ));
        assert_eq!(panel(&chats), Panel::ConfirmOff);
        chats.update(Message::CancelOff, &prefs);
        assert_eq!(panel(&chats), Panel::Open);
        chats.update(Message::EncryptionOff, &prefs);
        assert!(matches!(
            chats.update(Message::ConfirmOff, &prefs),
            Action::Run(_)
        ));
        assert_eq!(panel(&chats), Panel::Closed);
        // Turning it on needs no question; the keys are one click away.
        assert!(matches!(
            chats.update(Message::EncryptionOn, &prefs),
            Action::Run(_)
        ));
        assert!(matches!(
            chats.update(Message::ShowKeys, &prefs),
            Action::ShowContact {
                account: AccountId(1),
                ..
            }
        ));
    }

    #[test]
    fn a_quote_shows_the_first_line_or_says_what_is_missing() {
        let q = quote(Some(stored("lunch?\nor later", false)));
        assert_eq!(q.excerpt, "lunch?…");
        assert_eq!(q.message, Some(MessageId(7)));
        assert_eq!(
            quote(Some(stored("x", true))).excerpt,
            fl!("chat-retracted")
        );
        let long = quote(Some(stored(&"a".repeat(500), false)));
        assert_eq!(long.excerpt.chars().count(), QUOTE_CHARS + 1);
        let missing = quote(None);
        assert_eq!(missing.message, None);
        assert_eq!(missing.excerpt, fl!("chat-reply-missing"));
    }

    #[test]
    fn reactions_are_counted_with_our_own_marked() {
        let me: BareJid = "me@example.org".parse().unwrap();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        let by = vec![
            (me.clone(), vec!["👍".to_string()]),
            (bob, vec!["👍".to_string(), "😂".to_string()]),
        ];
        let counted = count_reactions(&by, &[me]);
        assert_eq!(
            counted,
            vec![
                Reaction {
                    emoji: "👍".into(),
                    count: 2,
                    mine: true
                },
                Reaction {
                    emoji: "😂".into(),
                    count: 1,
                    mine: false
                },
            ]
        );
    }

    #[test]
    fn addresses_are_plain_or_xmpp_links() {
        assert_eq!(
            parse_address(" bob@example.org ").unwrap().as_str(),
            "bob@example.org"
        );
        assert_eq!(
            parse_address("xmpp:bob@example.org?message")
                .unwrap()
                .as_str(),
            "bob@example.org"
        );
        assert!(parse_address("example.org").is_none());
        assert!(parse_address("xmpp:?").is_none());
    }
}
