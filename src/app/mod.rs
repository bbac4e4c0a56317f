//! The desktop interface: all iced code lives here (docs/architecture.md). The App owns the
//! screens; each screen takes its Message and returns an Action for the App. The session
//! service is reached only through `service::subscription` and the Handles it hands over.

mod button;
mod chats;
mod contacts;
mod emoji;
pub mod focus;
mod groups;
mod nick;
mod preferences;
mod search;
mod security;
mod service;
pub mod settings;
mod setup;
pub mod styling;
mod theme;
pub mod tray;
mod unlock;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use iced::keyboard::{self, Key, key::Named};
use iced::widget::{column, container, image, row, svg, text, tooltip};

use button::button;
use iced::{Alignment, Element, Length, Size, Subscription, Task, Theme, window};
use zeroize::Zeroizing;

use crate::core::uri::{self, UriAction};
use crate::core::{
    Account, AccountId, BareJid, Command, ConnectionState, ContactPresence, ConversationId,
    DisconnectReason, Error, ErrorKind, Event, RegisterFailure, Show,
};
use crate::fl;
use crate::platform::tray::{Shown, Tray, TrayEvent};
use crate::platform::{autostart, instance, notify};
use crate::session::{self, Handle, Options};
use crate::store::{DATABASE_FILE, Store, accounts, messages, omemo, profiles};
use preferences::{Appearance, Preferences};

/// Opens the window. `passphrase` (from --passphrase-file or the environment) skips the
/// unlock screen; `link` (an xmpp: link, checked) is followed once the profile is open.
/// `desktop` says how the window lives on the desktop.
pub fn run(
    profile: PathBuf,
    passphrase: Option<Zeroizing<String>>,
    link: Option<String>,
    desktop: Desktop,
) -> iced::Result {
    program(profile, passphrase, link, desktop).run()
}

/// How the window lives on the desktop; tests drive it without any of this.
#[derive(Debug, Default)]
pub struct Desktop {
    /// This launch's hold on the profile: later launches' requests come through it.
    pub owner: Option<instance::Owner>,
    /// Put an icon in the tray (where the desktop has one).
    pub tray: bool,
    /// Start minimised (--minimised), whatever the preference says.
    pub minimised: bool,
}

/// The whole interface as an iced program, for tests that drive it headless.
pub fn application(
    profile: PathBuf,
    passphrase: Option<Zeroizing<String>>,
) -> iced::Application<impl iced::Program<State = App, Message = Message, Theme = Theme>> {
    program(profile, passphrase, None, Desktop::default())
}

fn program(
    profile: PathBuf,
    passphrase: Option<Zeroizing<String>>,
    link: Option<String>,
    desktop: Desktop,
) -> iced::Application<impl iced::Program<State = App, Message = Message, Theme = Theme>> {
    let prefs = preferences::load(&profile);
    crate::i18n::select(prefs.language.as_deref());
    let size = Size::new(prefs.window.width, prefs.window.height);
    // A minimised start waits hidden until it knows whether a tray icon can bring it back.
    let minimised = desktop.minimised || prefs.start_minimised;
    let with_tray = desktop.tray;
    // Boot runs once; the hold on the profile moves into the task that serves later launches.
    let owner = std::sync::Mutex::new(desktop.owner);
    let mut app = iced::application(
        move || {
            let (mut app, task) = App::boot(profile.clone(), prefs.clone(), passphrase.clone());
            app.link = link.clone();
            app.window_visible = !minimised;
            app.hidden_at_start = minimised;
            let later = match owner.lock().ok().and_then(|mut o| o.take()) {
                Some(owner) => Task::run(owner.requests(), Message::Launched),
                None => Task::none(),
            };
            let tray = if with_tray {
                Task::run(tray::start(app.tray_state()), Message::Tray)
            } else {
                Task::none()
            };
            (app, Task::batch([task, later, tray]))
        },
        App::update,
        App::view,
    )
    .title(App::title)
    .theme(App::theme)
    .subscription(App::subscription)
    .default_font(theme::UI)
    .window(window::Settings {
        size,
        min_size: Some(Size::new(360.0, 420.0)),
        exit_on_close_request: false,
        visible: !minimised,
        icon: window_icon(),
        platform_specific: crate::platform::window::specific(),
        ..window::Settings::default()
    });
    for font in theme::fonts() {
        app = app.font(font);
    }
    app
}

/// The application's icon (packaging/linux/icons), for the title bar and the task bar.
fn window_icon() -> Option<window::Icon> {
    const PNG: &[u8] =
        include_bytes!("../../packaging/linux/icons/hicolor/64x64/apps/im.tidings.Tidings.png");
    let picture = ::image::load_from_memory_with_format(PNG, ::image::ImageFormat::Png)
        .ok()?
        .to_rgba8();
    let (width, height) = picture.dimensions();
    window::icon::from_rgba(picture.into_raw(), width, height).ok()
}

#[derive(Debug, Clone)]
pub enum Message {
    Opened(Result<Store, Error>),
    Accounts(Result<Vec<Account>, Error>),
    Registered(Result<accounts::NewAccount, RegisterFailure>),
    Unlock(unlock::Message),
    Setup(setup::Message),
    Chats(chats::Message),
    Contacts(contacts::Message),
    Search(search::Message),
    Groups(groups::Message),
    Settings(settings::Message),
    Go(Page),
    Session(AccountId, service::Update),
    Shortcut(Shortcut),
    Window(WindowEvent),
    /// Avatars read from the store, by hash.
    Avatars(Vec<(String, image::Handle)>),
    /// Tidings was started again with this profile: show the window, follow the link.
    Launched(instance::Request),
    /// The tray icon started (or cannot), or was clicked.
    Tray(tray::Update),
    /// Whether the system can show a file chooser (checked once at start).
    Chooser(bool),
    /// A notification was clicked: show this conversation.
    Notified(ConversationId, notify::Outcome),
    /// A file dropped onto the window: sent to the open conversation.
    Dropped(std::path::PathBuf),
    /// What became of a command.
    Handed(Handed),
    /// The preferences were written (or could not be: logged).
    Saved,
    /// Trust decisions were written (or could not be).
    TrustSaved(Result<(), Error>),
    /// An xmpp: link to follow (the command line, the desktop's link handler).
    Link(String),
}

/// What became of a command for the session service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handed {
    Sent,
    /// No service ran: kept in the store for the next login.
    Queued,
    NeedsConnection,
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Chats,
    Contacts,
    Groups,
    Search,
    Settings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    QuickSwitch,
    Find,
    NewChat,
    Next,
    Previous,
    Escape,
    /// Tab and Shift+Tab: the next or previous field, on every screen.
    FocusNext,
    FocusPrevious,
    /// Page Up and Page Down: the open conversation's messages, a screen older or newer.
    OlderPage,
    NewerPage,
    /// Ctrl+V: text goes into the field that has focus; a picture on the clipboard is sent
    /// to the open conversation.
    Paste,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WindowEvent {
    Resized(Size),
    Focused(bool),
    CloseRequested(window::Id),
}

enum Screen {
    Opening,
    Unlock(unlock::Unlock),
    Setup(setup::Setup),
    Home,
}

/// The pages of the main window, alive for as long as the profile is open.
struct Home {
    page: Page,
    chats: chats::Chats,
    contacts: contacts::Contacts,
    search: search::Search,
    groups: groups::Groups,
    settings: settings::Settings,
}

/// What the service told us about people, for every page to show.
#[derive(Default)]
pub struct Directory {
    presence: HashMap<(AccountId, BareJid), ContactPresence>,
    pub avatars: HashMap<String, image::Handle>,
    typing: HashSet<(AccountId, BareJid)>,
    /// Who is typing in each room, in the order they started.
    room_typing: HashMap<(AccountId, BareJid), Vec<String>>,
    /// Who is in each room we are in, as the session last said.
    occupants: HashMap<(AccountId, BareJid), Vec<crate::core::Occupant>>,
}

impl Directory {
    pub fn occupants(&self, account: AccountId, room: &BareJid) -> &[crate::core::Occupant] {
        self.occupants
            .get(&(account, room.clone()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn presence(&self, account: AccountId, jid: &BareJid) -> Option<&ContactPresence> {
        self.presence.get(&(account, jid.clone()))
    }

    pub fn typing(&self, account: AccountId, jid: &BareJid) -> bool {
        self.typing.contains(&(account, jid.clone()))
    }

    /// The nicknames typing in a room, first to start first.
    pub fn typing_in(&self, account: AccountId, room: &BareJid) -> &[String] {
        self.room_typing
            .get(&(account, room.clone()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Notes a typing change the session reported.
    fn note_typing(&mut self, account: AccountId, from: BareJid, nick: Option<String>, on: bool) {
        match nick {
            None if on => {
                self.typing.insert((account, from));
            }
            None => {
                self.typing.remove(&(account, from));
            }
            Some(nick) => {
                let typists = self.room_typing.entry((account, from)).or_default();
                if !on {
                    typists.retain(|n| *n != nick);
                } else if !typists.contains(&nick) {
                    typists.push(nick);
                }
            }
        }
    }

    /// The account went offline: nobody is seen typing there any more.
    fn forget_typing(&mut self, account: AccountId) {
        self.typing.retain(|(a, _)| *a != account);
        self.room_typing.retain(|(a, _), _| *a != account);
    }

    /// When a contact was last online: from this session, else from the store.
    pub fn last_seen(
        &self,
        account: AccountId,
        jid: &BareJid,
        stored: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        self.presence(account, jid)
            .and_then(|p| p.last_seen)
            .or(stored)
    }
}

pub struct App {
    profile: PathBuf,
    prefs: Preferences,
    screen: Screen,
    store: Option<Store>,
    accounts: Vec<Account>,
    handles: HashMap<AccountId, Handle>,
    /// Messages a `tidings send` queued while the account's session was still starting: its
    /// catch-up may have read the outbox before they were there, so they are named to it once
    /// it is ready.
    queued_elsewhere: HashMap<AccountId, Vec<crate::core::MessageId>>,
    states: HashMap<AccountId, ConnectionState>,
    /// Bumped to restart an account's service (new password, pinned certificate).
    generations: HashMap<AccountId, u32>,
    directory: Directory,
    home: Option<Home>,
    focused: bool,
    width: f32,
    /// An xmpp: link waiting for the main window (the profile still opening).
    link: Option<String>,
    tray: Option<Tray>,
    /// What the tray icon shows now (pushed again only when it changes).
    tray_shown: Shown,
    /// The window is on screen (not hidden in the tray).
    window_visible: bool,
    /// Started minimised and still hidden, until the tray says whether it can show it.
    hidden_at_start: bool,
    /// The tray icon could not start (no tray on this desktop).
    tray_missing: bool,
    /// No file chooser can open (no desktop portal, no zenity): dropping files still works.
    no_chooser: bool,
}

/// Opens the profile off the interface thread (the passphrase takes ~100 ms to stretch).
fn open(profile: PathBuf, passphrase: Option<Zeroizing<String>>) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || Store::open(&profile, passphrase))
                .await
                .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?
        },
        Message::Opened,
    )
}

/// Below this width the list and the conversation share one pane.
const NARROW: f32 = 720.0;
/// The side avatars are cut round at: the largest one shown (96) on a display of scale 2.
const AVATAR_PIXELS: u32 = 192;

impl App {
    fn boot(
        profile: PathBuf,
        prefs: Preferences,
        passphrase: Option<Zeroizing<String>>,
    ) -> (App, Task<Message>) {
        let width = prefs.window.width;
        let app = App {
            profile: profile.clone(),
            prefs,
            screen: Screen::Opening,
            store: None,
            accounts: Vec::new(),
            handles: HashMap::new(),
            states: HashMap::new(),
            generations: HashMap::new(),
            directory: Directory::default(),
            home: None,
            focused: true,
            width,
            link: None,
            queued_elsewhere: HashMap::new(),
            tray: None,
            tray_shown: Shown::default(),
            window_visible: true,
            hidden_at_start: false,
            tray_missing: false,
            no_chooser: false,
        };
        let chooser = Task::perform(
            async {
                tokio::task::spawn_blocking(crate::platform::chooser::available)
                    .await
                    .unwrap_or(true)
            },
            Message::Chooser,
        );
        (app, Task::batch([open(profile, passphrase), chooser]))
    }

    fn title(&self) -> String {
        let unread = self.home.as_ref().map_or(0, |h| h.chats.unread());
        if unread > 0 {
            format!("({unread}) {}", fl!("app-name"))
        } else {
            fl!("app-name")
        }
    }

    fn theme(&self) -> Option<Theme> {
        match self.prefs.appearance {
            Appearance::System => None,
            Appearance::Light => Some(Theme::Light),
            Appearance::Dark => Some(Theme::Dark),
        }
    }

    fn subscription(&self) -> Subscription<Message> {
        let mut subscriptions = vec![iced::event::listen_with(interface_event)];
        if let Some(store) = &self.store {
            if let Some(home) = &self.home {
                subscriptions.push(home.chats.subscription().map(Message::Chats));
            }
            subscriptions.extend(self.accounts.iter().map(|a| {
                service::subscription(service::Link {
                    account: a.id,
                    generation: self.generations.get(&a.id).copied().unwrap_or(0),
                    store: store.clone(),
                })
                .map(|(account, update)| Message::Session(account, update))
            }));
        }
        Subscription::batch(subscriptions)
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        let task = self.handle(message);
        // The tray icon follows the unread count and the mute switch, told only of changes.
        let shown = self.tray_state();
        match &self.tray {
            Some(icon) if shown != self.tray_shown => {
                self.tray_shown = shown;
                let icon = icon.clone();
                Task::batch([
                    task,
                    Task::perform(async move { icon.show(shown).await }, |()| Message::Saved),
                ])
            }
            _ => task,
        }
    }

    /// What the tray icon should show.
    fn tray_state(&self) -> Shown {
        Shown {
            unread: self
                .home
                .as_ref()
                .map_or(0, |h| usize::try_from(h.chats.unread()).unwrap_or(0)),
            muted: !self.prefs.notifications,
            window_visible: self.window_visible,
        }
    }

    fn handle(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Opened(Ok(store)) => {
                let readers = store.readers.clone();
                self.store = Some(store);
                Task::perform(
                    async move { readers.read(accounts::all).await },
                    Message::Accounts,
                )
            }
            Message::Opened(Err(e)) => {
                let creating = !self.profile.join(DATABASE_FILE).exists();
                let mut screen = match std::mem::replace(&mut self.screen, Screen::Opening) {
                    Screen::Unlock(u) => u,
                    _ => unlock::Unlock::new(creating),
                };
                match e.kind {
                    // No keyring and no passphrase yet: ask, without an error.
                    ErrorKind::NoKeySource => {}
                    ErrorKind::WrongKey => screen.failed(fl!("unlock-wrong")),
                    _ => screen.failed(fl!("unlock-failed", reason = e.to_string())),
                }
                self.screen = Screen::Unlock(screen);
                Task::none()
            }
            Message::Accounts(Ok(list)) => self.on_accounts(list),
            Message::Accounts(Err(e)) => {
                tracing::error!("cannot read accounts: {e}");
                Task::none()
            }
            Message::Unlock(m) => {
                let Screen::Unlock(screen) = &mut self.screen else {
                    return Task::none();
                };
                match screen.update(m) {
                    unlock::Action::None => Task::none(),
                    unlock::Action::Open(secret) => open(self.profile.clone(), Some(secret)),
                }
            }
            Message::Setup(m) => self.on_setup(m),
            Message::Registered(Ok(account)) => self.add_account(account),
            Message::Registered(Err(failure)) => {
                if let Screen::Setup(screen) = &mut self.screen {
                    let sentence = match failure {
                        RegisterFailure::Taken => fl!("setup-taken"),
                        RegisterFailure::Connection(state) => state_sentence(&state),
                        other => fl!("setup-register-failed", reason = other.to_string()),
                    };
                    screen.failed(sentence);
                }
                Task::none()
            }
            Message::Chats(m) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                let action = home.chats.update(m, &self.prefs);
                self.on_chats(action)
            }
            Message::Dropped(path) => self.update(Message::Chats(chats::Message::Dropped(path))),
            Message::Contacts(m) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                let default = home.chats.default_account();
                match home.contacts.update(m, default) {
                    contacts::Action::None => Task::none(),
                    contacts::Action::Run(task) => task.map(Message::Contacts),
                    contacts::Action::Trust(account, writes) => self.write_trust(account, writes),
                    contacts::Action::Command(account, command) => self.command(account, command),
                    contacts::Action::OpenChat(account, jid) => {
                        home.page = Page::Chats;
                        let action = home.chats.open_with(account, jid);
                        self.on_chats(action)
                    }
                }
            }
            Message::Search(m) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                match home.search.update(m) {
                    search::Action::None => Task::none(),
                    search::Action::Run(task) => task.map(Message::Search),
                    search::Action::Open(conversation, id) => {
                        home.page = Page::Chats;
                        let action = home.chats.open_at(conversation, Some(id));
                        self.on_chats(action)
                    }
                }
            }
            Message::Groups(m) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                let action = home.groups.update(m);
                self.on_groups(action)
            }
            Message::Settings(m) => self.on_settings(m),
            Message::Go(page) => self.go(page),
            Message::Link(link) => {
                self.link = Some(link);
                self.follow_link()
            }
            Message::Launched(request) => {
                let follow = match request {
                    instance::Request::Show => Task::none(),
                    // Checked again here: the sender is another process.
                    instance::Request::Link(link) => match crate::core::uri::parse(&link) {
                        Ok(_) => {
                            self.link = Some(link);
                            self.follow_link()
                        }
                        Err(e) => {
                            tracing::warn!("a later launch handed a link that is not one: {e}");
                            Task::none()
                        }
                    },
                    // A script's messages: sent by our session, the window stays as it is.
                    instance::Request::Queued { account, messages } => {
                        if !self.handles.contains_key(&account) {
                            self.queued_elsewhere
                                .entry(account)
                                .or_default()
                                .extend(messages);
                            return Task::none();
                        }
                        return self.command(account, Command::Queued(messages));
                    }
                };
                Task::batch([follow, self.show_window()])
            }
            Message::Tray(update) => self.on_tray(update),
            Message::Chooser(available) => {
                self.no_chooser = !available;
                if let Some(home) = &mut self.home {
                    home.chats.no_chooser = self.no_chooser;
                }
                Task::none()
            }
            Message::Session(account, update) => self.on_session(account, update),
            Message::Shortcut(shortcut) => self.on_shortcut(shortcut),
            Message::Window(event) => self.on_window(event),
            Message::Avatars(loaded) => {
                self.directory.avatars.extend(loaded);
                Task::none()
            }
            Message::Notified(conversation, notify::Outcome::Clicked) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                home.page = Page::Chats;
                let action = home.chats.open_at(conversation, None);
                Task::batch([
                    self.on_chats(action),
                    window::latest().and_then(window::gain_focus),
                ])
            }
            // Read, or answered, from the notification, without opening the window.
            Message::Notified(conversation, notify::Outcome::MarkRead) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                let action = home.chats.mark_read_of(conversation);
                self.on_chats(action)
            }
            Message::Notified(conversation, notify::Outcome::Replied(text)) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                let action = home.chats.reply_from_notification(conversation, text);
                self.on_chats(action)
            }
            Message::Handed(handed) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                match handed {
                    Handed::Sent => Task::none(),
                    Handed::Queued => home.chats.refresh(&[]).map(Message::Chats),
                    Handed::NeedsConnection => {
                        home.chats.status = Some(fl!("command-offline"));
                        Task::none()
                    }
                    Handed::Failed(reason) => {
                        home.chats.status = Some(reason);
                        Task::none()
                    }
                }
            }
            Message::TrustSaved(saved) => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                if let Err(e) = saved {
                    tracing::error!("cannot store trust: {e}");
                    home.contacts.error = Some(e.to_string());
                }
                Task::batch([
                    home.contacts.reload_devices().map(Message::Contacts),
                    home.chats.reload_security().map(Message::Chats),
                ])
            }
            // Said in Settings, where notifications are turned on, rather than nowhere.
            Message::Notified(_, notify::Outcome::Unavailable) => {
                if let Some(home) = &mut self.home {
                    home.settings.notifications_missing = true;
                }
                Task::none()
            }
            Message::Notified(..) | Message::Saved => Task::none(),
        }
    }

    /// Writes trust decisions in one transaction; the pages showing them re-read after.
    fn write_trust(&self, account: AccountId, writes: Vec<security::TrustWrite>) -> Task<Message> {
        let Some(store) = &self.store else {
            return Task::none();
        };
        let writer = store.writer.clone();
        Task::perform(
            async move {
                writer
                    .write(move |tx| {
                        for w in &writes {
                            omemo::set_trust(tx, account, &w.jid, &w.fingerprint, w.trust)?;
                        }
                        Ok(())
                    })
                    .await
            },
            Message::TrustSaved,
        )
    }

    fn on_accounts(&mut self, list: Vec<Account>) -> Task<Message> {
        self.accounts = list;
        let Some(store) = self.store.clone() else {
            return Task::none();
        };
        let Some(first) = self.accounts.first() else {
            self.screen = Screen::Setup(setup::Setup::default());
            return setup::Setup::focus().map(Message::Setup);
        };
        let first = first.id;
        let mut tasks = Vec::new();
        if self.home.is_none() {
            let (chats, task) = chats::Chats::new(store.clone(), first);
            tasks.push(task.map(Message::Chats));
            self.home = Some(Home {
                page: Page::Chats,
                chats,
                contacts: contacts::Contacts::new(store.clone()),
                search: search::Search::new(store.clone()),
                groups: groups::Groups::new(first),
                settings: settings::Settings::default(),
            });
            if let Some(home) = &mut self.home {
                home.settings.tray = self.tray.is_some();
                home.settings.tray_missing = self.tray_missing;
                home.chats.no_chooser = self.no_chooser;
            }
            tasks.push(self.load_avatars());
            tasks.push(Task::perform(
                async {
                    tokio::task::spawn_blocking(autostart::is_set)
                        .await
                        .map_err(|e| e.to_string())
                },
                |read| Message::Settings(settings::Message::StartsAtLogin(read)),
            ));
        }
        if let Some(home) = &mut self.home {
            home.chats.set_accounts(&self.accounts);
            tasks.push(home.contacts.reload(&self.accounts).map(Message::Contacts));
        }
        self.screen = Screen::Home;
        tasks.push(self.follow_link());
        Task::batch(tasks)
    }

    /// Follows the waiting xmpp: link once the main window is there. It fills in and shows
    /// what the link names; nothing is added, joined or trusted until the user says so,
    /// since a link can come from anyone. A chat opens at once (with the link's text in the
    /// composer, unsent).
    fn follow_link(&mut self) -> Task<Message> {
        let (true, Some(account)) = (self.home.is_some(), self.accounts.first()) else {
            return Task::none();
        };
        let Some(text) = self.link.take() else {
            return Task::none();
        };
        let link = match uri::parse(&text) {
            Ok(link) => link,
            Err(e) => {
                tracing::warn!("not a link Tidings can open: {e}");
                return Task::none();
            }
        };
        let (account, jid) = (account.id, link.jid.to_bare());
        let steps: Vec<Message> = match link.action {
            UriAction::Open | UriAction::Message { .. } => vec![
                Message::Go(Page::Chats),
                Message::Chats(chats::Message::NewAddress(text.clone())),
                Message::Chats(chats::Message::Start),
            ],
            UriAction::Join { .. } => vec![
                Message::Go(Page::Chats),
                Message::Chats(chats::Message::NewAddress(text.clone())),
            ],
            UriAction::Roster { .. } | UriAction::Subscribe => vec![
                Message::Go(Page::Contacts),
                Message::Contacts(contacts::Message::AddAddress(text.clone())),
            ],
            UriAction::Verify(_) => vec![
                Message::Go(Page::Contacts),
                Message::Contacts(contacts::Message::Select(account, jid)),
                Message::Contacts(contacts::Message::Code(text.clone())),
            ],
            UriAction::Unsubscribe | UriAction::Remove => vec![
                Message::Go(Page::Contacts),
                Message::Contacts(contacts::Message::Select(account, jid)),
            ],
        };
        let mut tasks: Vec<Task<Message>> = steps.into_iter().map(|m| self.update(m)).collect();
        if let UriAction::Message {
            body: Some(body), ..
        } = link.action
            && let Some(home) = &mut self.home
        {
            tasks.push(home.chats.draft(&body).map(Message::Chats));
        }
        Task::batch(tasks)
    }

    fn on_setup(&mut self, m: setup::Message) -> Task<Message> {
        let Screen::Setup(screen) = &mut self.screen else {
            return Task::none();
        };
        match screen.update(m) {
            setup::Action::None => Task::none(),
            setup::Action::Run(task) => task.map(Message::Setup),
            setup::Action::Cancel if self.home.is_some() => {
                self.screen = Screen::Home;
                Task::none()
            }
            setup::Action::Cancel => Task::none(),
            setup::Action::SignIn(account) => self.add_account(account),
            setup::Action::Register(account) => Task::perform(
                async move {
                    session::register(&account, Options::default().timeouts)
                        .await
                        .map(|()| account)
                },
                Message::Registered,
            ),
        }
    }

    fn on_chats(&mut self, action: chats::Action) -> Task<Message> {
        match action {
            chats::Action::None => Task::none(),
            chats::Action::Run(task) => task.map(Message::Chats),
            chats::Action::Command(account, command) => self.command(account, command),
            chats::Action::Commands {
                account,
                commands,
                then,
            } => Task::batch(
                commands
                    .into_iter()
                    .map(|c| self.command(account, c))
                    .chain([then.map(Message::Chats)]),
            ),
            chats::Action::JoinRoom {
                account,
                room,
                password,
                then,
            } => Task::batch([
                self.join_room(account, room, password),
                then.map(Message::Chats),
            ]),
            chats::Action::ShowContact { account, jid, then } => {
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                home.page = Page::Contacts;
                let default = home.chats.default_account();
                let select = match home
                    .contacts
                    .update(contacts::Message::Select(account, jid), default)
                {
                    contacts::Action::Run(task) => task.map(Message::Contacts),
                    _ => Task::none(),
                };
                Task::batch([
                    then.map(Message::Chats),
                    select,
                    home.contacts.reload(&self.accounts).map(Message::Contacts),
                ])
            }
        }
    }

    /// Our nickname in rooms of this account: the name part of its address.
    fn nick(&self, account: AccountId) -> Option<String> {
        self.accounts
            .iter()
            .find(|a| a.id == account)
            .map(|a| crate::core::default_nick(&a.jid))
    }

    fn join_room(
        &self,
        account: AccountId,
        room: BareJid,
        password: Option<String>,
    ) -> Task<Message> {
        let Some(nick) = self.nick(account) else {
            return Task::none();
        };
        let join = Command::JoinRoom {
            room,
            nick,
            password,
        };
        self.command(account, join)
    }

    fn on_groups(&mut self, action: groups::Action) -> Task<Message> {
        match action {
            groups::Action::None => Task::none(),
            groups::Action::Run(task) => task.map(Message::Groups),
            groups::Action::List(account) => {
                self.command(account, Command::ListPublicRooms { service: None })
            }
            // Joined or made, the group opens among the chats.
            groups::Action::Join {
                account,
                room,
                password,
            } => {
                if let Some(home) = &mut self.home {
                    home.page = Page::Chats;
                    home.chats.status = Some(fl!("chats-joining", room = room.to_string()));
                }
                self.join_room(account, room, password)
            }
            groups::Action::Create {
                account,
                room,
                setup,
            } => {
                let Some(nick) = self.nick(account) else {
                    return Task::none();
                };
                if let Some(home) = &mut self.home {
                    home.page = Page::Chats;
                    home.chats.status = Some(fl!("chats-joining", room = room.to_string()));
                }
                let create = Command::CreateRoom { room, nick, setup };
                self.command(account, create)
            }
        }
    }

    fn on_settings(&mut self, m: settings::Message) -> Task<Message> {
        let Some(home) = &mut self.home else {
            return Task::none();
        };
        let language = self.prefs.language.clone();
        match home.settings.update(&mut self.prefs, &self.accounts, m) {
            settings::Action::None => Task::none(),
            settings::Action::Changed => {
                if self.prefs.language != language {
                    crate::i18n::select(self.prefs.language.as_deref());
                }
                self.save_preferences()
            }
            settings::Action::ChangePassword(account, secret) => {
                self.command(account, Command::ChangePassword { password: secret })
            }
            settings::Action::ReplacePassword(account, secret) => {
                self.update_account(account, move |a| a.password = secret.expose().to_string())
            }
            settings::Action::PinCertificate(account, sha256) => {
                self.update_account(account, move |a| a.settings.pinned_cert = Some(sha256))
            }
            settings::Action::AddAccount => {
                self.screen = Screen::Setup(setup::Setup::adding());
                setup::Setup::focus().map(Message::Setup)
            }
            settings::Action::Copy(link) => iced::clipboard::write(link),
            settings::Action::StartAtLogin(on) => {
                let profile = self.profile.clone();
                Task::perform(
                    async move {
                        tokio::task::spawn_blocking(move || {
                            let launch = autostart::Launch::this(&profile).map_err(|e| {
                                fl!("settings-login-failed", reason = e.to_string())
                            })?;
                            autostart::set(&launch, on)
                                .map(|()| on)
                                .map_err(|e| fl!("settings-login-failed", reason = e.to_string()))
                        })
                        .await
                        .map_err(|e| e.to_string())?
                    },
                    |done| Message::Settings(settings::Message::StartsAtLogin(done)),
                )
            }
            settings::Action::ChooseFolder if self.no_chooser => {
                home.settings.folder_problem = Some(fl!("no-file-chooser"));
                Task::none()
            }
            settings::Action::ChooseFolder => Task::perform(
                async {
                    let picked = rfd::AsyncFileDialog::new().pick_folder().await?;
                    Some(picked.path().to_path_buf())
                },
                |folder| Message::Settings(settings::Message::DownloadFolder(folder)),
            ),
            settings::Action::RemoveOwnDevice(account, device) => {
                self.command(account, Command::RemoveOwnDevice { device })
            }
        }
    }

    /// Changes a stored account and restarts its service with it.
    fn update_account(
        &mut self,
        id: AccountId,
        change: impl FnOnce(&mut accounts::NewAccount) + Send + 'static,
    ) -> Task<Message> {
        let Some(account) = self.accounts.iter().find(|a| a.id == id) else {
            return Task::none();
        };
        let mut changed = accounts::NewAccount {
            jid: account.jid.clone(),
            password: account.password.clone(),
            settings: account.settings.clone(),
        };
        change(&mut changed);
        *self.generations.entry(id).or_default() += 1;
        self.handles.remove(&id);
        self.add_account(changed)
    }

    fn go(&mut self, page: Page) -> Task<Message> {
        let Some(home) = &mut self.home else {
            return Task::none();
        };
        home.page = page;
        match page {
            Page::Search => iced::widget::operation::focus(search::Search::input_id()),
            Page::Contacts => home.contacts.reload(&self.accounts).map(Message::Contacts),
            Page::Groups => {
                home.groups.set_account(home.chats.default_account());
                let action = home.groups.shown();
                self.on_groups(action)
            }
            Page::Settings => match &self.store {
                Some(store) => settings::load_keys(store, &self.accounts).map(Message::Settings),
                None => Task::none(),
            },
            Page::Chats => Task::none(),
        }
    }

    /// Hands a command to the account's service. Without a running service, what can wait
    /// (messages and changes to them) is queued in the store for the next login, so nothing
    /// written is ever lost; anything else is reported as needing the connection.
    fn command(&self, account: AccountId, command: Command) -> Task<Message> {
        let handle = self.handles.get(&account).cloned();
        let store = self.store.clone();
        Task::perform(
            async move {
                if let Some(handle) = handle
                    && handle.send(command.clone()).await.is_ok()
                {
                    return Handed::Sent;
                }
                // Typing notifications mean nothing later: without a link they just lapse.
                if matches!(command, Command::SendChatState { .. }) {
                    return Handed::Sent;
                }
                let Some(store) = store else {
                    return Handed::NeedsConnection;
                };
                match session::queue_offline(&store, account, command).await {
                    Ok(true) => Handed::Queued,
                    Ok(false) => Handed::NeedsConnection,
                    Err(e) => Handed::Failed(e.to_string()),
                }
            },
            Message::Handed,
        )
    }

    /// Stores an account (new, or changed: upsert by address) and re-reads the list.
    fn add_account(&mut self, account: accounts::NewAccount) -> Task<Message> {
        let Some(store) = self.store.clone() else {
            return Task::none();
        };
        Task::perform(
            async move {
                store
                    .writer
                    .write(move |tx| accounts::upsert(tx, &account))
                    .await?;
                store.readers.read(accounts::all).await
            },
            Message::Accounts,
        )
    }

    fn save_preferences(&self) -> Task<Message> {
        let profile = self.profile.clone();
        let snapshot = preferences::Snapshot::of(&self.prefs);
        Task::perform(
            async move {
                let saved =
                    tokio::task::spawn_blocking(move || preferences::save(&profile, &snapshot))
                        .await;
                if let Ok(Err(e)) = saved {
                    tracing::warn!("cannot save preferences: {e}");
                }
            },
            |()| Message::Saved,
        )
    }

    /// Reads every stored avatar of a profile not yet in memory (they are small: 256 KiB at
    /// most).
    fn load_avatars(&self) -> Task<Message> {
        let ids: Vec<AccountId> = self.accounts.iter().map(|a| a.id).collect();
        self.read_avatars(move |c| {
            let mut hashes = Vec::new();
            for account in ids {
                hashes.extend(
                    profiles::all(c, account)?
                        .into_iter()
                        .filter_map(|p| p.avatar),
                );
            }
            Ok(hashes)
        })
    }

    /// Reads the pictures of a room's occupants not yet in memory.
    fn load_occupant_avatars(&self, occupants: &[crate::core::Occupant]) -> Task<Message> {
        let hashes: Vec<String> = occupants
            .iter()
            .filter_map(|o| o.avatar.clone())
            .filter(|h| !self.directory.avatars.contains_key(h))
            .collect();
        if hashes.is_empty() {
            return Task::none();
        }
        self.read_avatars(move |_| Ok(hashes))
    }

    /// Reads the avatars `wanted` names, skipping those in memory already.
    fn read_avatars(
        &self,
        wanted: impl FnOnce(&crate::store::Connection) -> Result<Vec<String>, crate::core::Error>
        + Send
        + 'static,
    ) -> Task<Message> {
        let Some(store) = &self.store else {
            return Task::none();
        };
        let readers = store.readers.clone();
        let known: HashSet<String> = self.directory.avatars.keys().cloned().collect();
        Task::perform(
            async move {
                let stored = readers
                    .read(move |c| {
                        let mut stored = Vec::new();
                        let mut seen = HashSet::new();
                        for hash in wanted(c)? {
                            if known.contains(&hash) || !seen.insert(hash.clone()) {
                                continue;
                            }
                            if let Some(picture) = profiles::avatar(c, &hash)? {
                                stored.push((hash, picture.data));
                            }
                        }
                        Ok(stored)
                    })
                    .await
                    .unwrap_or_else(|e| {
                        tracing::warn!("cannot read avatars: {e}");
                        Vec::new()
                    });
                // Cut round here once (tiny-skia draws no image border radius), off the
                // interface thread.
                tokio::task::spawn_blocking(move || {
                    stored
                        .into_iter()
                        .filter_map(|(hash, data)| {
                            match crate::media::picture::round(&data, AVATAR_PIXELS) {
                                Ok(p) => Some((
                                    hash,
                                    image::Handle::from_rgba(p.width, p.height, p.rgba),
                                )),
                                Err(e) => {
                                    tracing::debug!(%hash, "an avatar we cannot show: {e}");
                                    None
                                }
                            }
                        })
                        .collect()
                })
                .await
                .unwrap_or_default()
            },
            Message::Avatars,
        )
    }

    fn on_session(&mut self, account: AccountId, update: service::Update) -> Task<Message> {
        match update {
            service::Update::Ready(handle) => {
                self.handles.insert(account, handle);
                match self.queued_elsewhere.remove(&account) {
                    Some(messages) => self.command(account, Command::Queued(messages)),
                    None => Task::none(),
                }
            }
            service::Update::Stopped(reason) => {
                self.handles.remove(&account);
                tracing::warn!("session stopped: {reason}");
                Task::none()
            }
            service::Update::Event(event) => self.on_event(account, event),
        }
    }

    fn on_event(&mut self, account: AccountId, event: Event) -> Task<Message> {
        if let Event::Connection { state, .. } = event {
            let refused = matches!(state, ConnectionState::AuthFailed(_));
            let online = matches!(state, ConnectionState::Online { .. });
            if !online {
                self.directory.forget_typing(account);
            }
            self.states.insert(account, state);
            let status = self.status_line();
            if let Some(home) = &mut self.home {
                home.chats.status = status;
            }
            if refused {
                // The store now marks the account; Settings offers to fix it.
                return self.reload_accounts();
            }
            let mut tasks = Vec::new();
            // A directory asked for before the account was online is asked for again.
            if online && let Some(home) = &mut self.home {
                let action = home.groups.online(account);
                tasks.push(self.on_groups(action));
            }
            // The first sign-in makes our OMEMO device: Settings shows it once it exists.
            if online
                && let (Some(home), Some(store)) = (&self.home, &self.store)
                && home.page == Page::Settings
            {
                tasks.push(settings::load_keys(store, &self.accounts).map(Message::Settings));
            }
            return Task::batch(tasks);
        }
        let avatars = match event {
            Event::ProfilesChanged { .. } => self.load_avatars(),
            _ => Task::none(),
        };
        // A room that refuses our nickname is offered another (our default with a mark).
        let default_nick = self.nick(account);
        let Some(home) = &mut self.home else {
            return Task::none();
        };
        match event {
            Event::Connection { .. } => Task::none(),
            Event::Messages { changed, .. } => {
                let notify = self.notify(&changed.new_incoming);
                let home = self.home.as_mut().expect("home exists above");
                Task::batch([
                    home.chats
                        .refresh(&changed.conversations)
                        .map(Message::Chats),
                    home.chats
                        .new_files(&changed.new_incoming, &self.prefs)
                        .map(Message::Chats),
                    // A key exchange in the batch may have brought a contact's key.
                    home.contacts.reload_devices().map(Message::Contacts),
                    notify,
                ])
            }
            Event::Delivery { .. } | Event::CaughtUp { .. } => {
                home.chats.refresh(&[]).map(Message::Chats)
            }
            Event::RosterChanged { .. }
            | Event::SubscriptionRequest { .. }
            | Event::BlocklistChanged { .. } => Task::batch([
                home.chats.refresh(&[]).map(Message::Chats),
                home.contacts.reload(&self.accounts).map(Message::Contacts),
            ]),
            Event::ProfilesChanged { .. } => Task::batch([
                avatars,
                home.contacts.reload(&self.accounts).map(Message::Contacts),
                home.contacts.reload_devices().map(Message::Contacts),
                home.chats.refresh(&[]).map(Message::Chats),
            ]),
            Event::Presence { updates, .. } => {
                for u in updates {
                    self.directory.presence.insert((account, u.jid), u.presence);
                }
                Task::none()
            }
            Event::Occupants {
                room, occupants, ..
            } => {
                home.chats.set_occupants(account, room.clone(), &occupants);
                let pictures = self.load_occupant_avatars(&occupants);
                self.directory.occupants.insert((account, room), occupants);
                pictures
            }
            Event::ChatState {
                from,
                nick,
                composing,
                ..
            } => {
                self.directory.note_typing(account, from, nick, composing);
                Task::none()
            }
            Event::VoiceRequest { room, nick, .. } => {
                let shown = nick::visible(&nick);
                match home.chats.voice_requested(account, room, nick) {
                    Some((conversation, title)) => {
                        self.notify_voice_request(conversation, title, shown)
                    }
                    None => Task::none(),
                }
            }
            Event::PasswordChanged { result, .. } => {
                home.settings.notice = Some(match result {
                    Ok(()) => fl!("settings-password-changed"),
                    Err(reason) => fl!("settings-password-failed", reason = reason),
                });
                self.reload_accounts()
            }
            Event::Room { room, state, .. } => {
                use crate::core::RoomState;
                if let RoomState::Joined { nick, .. } = &state {
                    home.groups.entered(account, &room);
                    home.chats.entered(account, &room, nick);
                }
                if matches!(state, RoomState::Refused(crate::core::Refusal::NickInUse))
                    && let Some(nick) = default_nick
                {
                    home.chats.nick_taken(account, room.clone(), nick);
                }
                home.chats.status = match state {
                    RoomState::Joining => home.chats.status.take(),
                    RoomState::Joined { .. } => None,
                    RoomState::Refused(why) => Some(fl!(
                        "chats-room-refused",
                        room = room.to_string(),
                        reason = refusal_text(&why)
                    )),
                    RoomState::Left(why) => Some(fl!(
                        "chats-room-left",
                        room = room.to_string(),
                        reason = exit_text(&why)
                    )),
                };
                home.chats.refresh(&[]).map(Message::Chats)
            }
            // A private group's members decide whom its lock counts.
            Event::RoomHistory { .. } | Event::RoomMembers { .. } => {
                home.chats.refresh(&[]).map(Message::Chats)
            }
            Event::DevicesChanged { .. } => {
                let mut tasks = vec![home.contacts.reload_devices().map(Message::Contacts)];
                if home.page == Page::Settings
                    && let Some(store) = &self.store
                {
                    tasks.push(settings::load_keys(store, &self.accounts).map(Message::Settings));
                }
                Task::batch(tasks)
            }
            Event::Transfer { transfer, .. } => {
                home.chats.transfer(transfer);
                Task::none()
            }
            Event::CommandFailed { reason, .. } => {
                home.chats.status = Some(reason);
                Task::none()
            }
            Event::PublicRooms { service, rooms, .. } => {
                home.groups.public_rooms(account, service, rooms);
                Task::none()
            }
            Event::RoomInvitation {
                room,
                from,
                reason,
                password,
                ..
            } => {
                home.groups.invited(groups::Invitation {
                    account,
                    room,
                    from,
                    reason,
                    password,
                });
                Task::none()
            }
            Event::Invited { jid, .. } => {
                home.chats.status = Some(fl!("chat-invited", jid = jid.to_string()));
                Task::none()
            }
            _ => Task::none(),
        }
    }

    /// Re-reads the accounts (their flags changed in the store).
    fn reload_accounts(&self) -> Task<Message> {
        let Some(store) = &self.store else {
            return Task::none();
        };
        let readers = store.readers.clone();
        Task::perform(
            async move { readers.read(accounts::all).await },
            Message::Accounts,
        )
    }

    /// One line about accounts that are not online, or None when all are.
    fn status_line(&self) -> Option<String> {
        let several = self.accounts.len() > 1;
        self.accounts.iter().find_map(|a| {
            let state = self.states.get(&a.id)?;
            if matches!(state, ConnectionState::Online { .. }) {
                return None;
            }
            let sentence = state_sentence(state);
            Some(if several {
                format!("{}: {sentence}", a.jid)
            } else {
                sentence
            })
        })
    }

    /// Notifies about new messages when the window is not in front (one notification per
    /// batch and conversation, never for muted ones).
    fn notify(&self, new: &[crate::core::MessageId]) -> Task<Message> {
        if self.focused || new.is_empty() || !self.prefs.notifications {
            return Task::none();
        }
        let Some(store) = &self.store else {
            return Task::none();
        };
        let readers = store.readers.clone();
        let ids = new.to_vec();
        let previews = self.prefs.previews;
        let sound = self.prefs.sound;
        let muted: HashSet<ConversationId> = self
            .home
            .as_ref()
            .map(|h| h.chats.muted())
            .unwrap_or_default();
        Task::future(async move {
            // In rooms, only messages that mention us notify.
            let found = readers
                .read(move |c| {
                    let mut shown = Vec::new();
                    for &id in &ids {
                        let m = messages::get(c, id)?;
                        if m.nick.is_some() {
                            let ours = crate::store::rooms::find(c, m.account, &m.peer)?;
                            if !ours.is_some_and(|r| nick::mentions(&m.body, &r.nick)) {
                                continue;
                            }
                        }
                        shown.push(m);
                    }
                    Ok(shown)
                })
                .await;
            let Ok(found) = found else {
                return Vec::new();
            };
            let mut by_conversation: Vec<(ConversationId, notify::Note)> = Vec::new();
            for m in found
                .into_iter()
                .filter(|m| !muted.contains(&m.conversation))
            {
                let body = if let Some(a) = m.attachment.as_ref().filter(|_| previews) {
                    // The name, never the address (an aesgcm:// one holds the file's key).
                    format!("📎 {}", a.name)
                } else if previews {
                    m.body.chars().take(200).collect()
                } else {
                    fl!("notify-hidden")
                };
                match by_conversation
                    .iter_mut()
                    .find(|(c, _)| *c == m.conversation)
                {
                    Some((_, note)) if previews => note.body = format!("{}\n{body}", note.body),
                    Some(_) => {}
                    None => by_conversation.push((
                        m.conversation,
                        notify::Note {
                            title: match (&m.private, &m.nick) {
                                (Some(nick), _) => fl!(
                                    "notify-private",
                                    nick = nick::visible(nick),
                                    room = m.peer.to_string()
                                ),
                                (None, Some(nick)) => {
                                    format!("{} · {}", nick::visible(nick), m.peer)
                                }
                                (None, None) => m.peer.to_string(),
                            },
                            body,
                            sound,
                            group: Some(format!("conversation {}", m.conversation.0)),
                            mark_read: Some(fl!("notify-mark-read")),
                            reply: Some(fl!("notify-reply")),
                        },
                    )),
                }
            }
            by_conversation
        })
        .then(|notes| {
            Task::batch(
                notes
                    .into_iter()
                    .map(|(conversation, note)| show_note(conversation, note)),
            )
        })
    }

    /// A visitor asks us, as a moderator, for a voice while the window is elsewhere: the
    /// notification opens the room, where the answer is.
    fn notify_voice_request(
        &self,
        conversation: ConversationId,
        room: String,
        nick: String,
    ) -> Task<Message> {
        if self.focused || !self.prefs.notifications {
            return Task::none();
        }
        let note = notify::Note {
            title: room,
            body: fl!("chat-voice-request", nick = nick),
            sound: self.prefs.sound,
            group: Some(format!("conversation {}", conversation.0)),
            mark_read: None,
            reply: None,
        };
        show_note(conversation, note)
    }

    fn on_shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        match shortcut {
            Shortcut::FocusNext => return focus::next(),
            Shortcut::FocusPrevious => return focus::previous(),
            _ => {}
        }
        let Some(home) = &mut self.home else {
            return Task::none();
        };
        if !matches!(self.screen, Screen::Home) {
            return Task::none();
        }
        match shortcut {
            Shortcut::Find => self.go(Page::Search),
            Shortcut::QuickSwitch | Shortcut::NewChat | Shortcut::Next | Shortcut::Previous => {
                home.page = Page::Chats;
                let action = home.chats.shortcut(shortcut);
                self.on_chats(action)
            }
            Shortcut::OlderPage | Shortcut::NewerPage if home.page == Page::Chats => {
                let action = home.chats.shortcut(shortcut);
                self.on_chats(action)
            }
            Shortcut::OlderPage | Shortcut::NewerPage => Task::none(),
            Shortcut::FocusNext | Shortcut::FocusPrevious => Task::none(),
            Shortcut::Paste if home.page == Page::Chats => {
                let action = home.chats.paste(&self.prefs);
                self.on_chats(action)
            }
            Shortcut::Paste => Task::none(),
            Shortcut::Escape => {
                if home.page != Page::Chats {
                    home.page = Page::Chats;
                    return Task::none();
                }
                let action = home.chats.shortcut(shortcut);
                self.on_chats(action)
            }
        }
    }

    fn on_window(&mut self, event: WindowEvent) -> Task<Message> {
        match event {
            WindowEvent::Resized(size) => {
                self.width = size.width;
                self.prefs.window = preferences::WindowSize {
                    width: size.width,
                    height: size.height,
                };
                Task::none()
            }
            WindowEvent::Focused(focused) => {
                self.focused = focused;
                let Some(home) = &mut self.home else {
                    return Task::none();
                };
                // Coming back to an open conversation reads it.
                let action = home.chats.focus_changed(focused);
                self.on_chats(action)
            }
            WindowEvent::CloseRequested(id) if self.tray.is_some() && self.prefs.close_to_tray => {
                self.window_visible = false;
                let hide = window::set_mode(id, window::Mode::Hidden);
                if self.prefs.tray_explained {
                    return hide;
                }
                // Said once, so nobody wonders why Tidings still notifies them.
                self.prefs.tray_explained = true;
                let note = notify::Note {
                    title: fl!("tray-still-running"),
                    body: fl!("tray-still-running-body"),
                    sound: false,
                    group: None,
                    mark_read: None,
                    reply: None,
                };
                Task::batch([
                    hide,
                    self.save_preferences(),
                    Task::perform(
                        async move {
                            let _ = tokio::task::spawn_blocking(move || notify::show(&note)).await;
                        },
                        |()| Message::Saved,
                    ),
                ])
            }
            WindowEvent::CloseRequested(id) => {
                // The size is saved once, on the way out, not on every resize.
                self.save_preferences().chain(window::close(id))
            }
        }
    }

    /// Brings the window back from the tray or the task bar, in front.
    fn show_window(&mut self) -> Task<Message> {
        self.window_visible = true;
        self.hidden_at_start = false;
        window::latest().and_then(|id| {
            Task::batch([
                window::set_mode(id, window::Mode::Windowed),
                window::minimize(id, false),
                window::gain_focus(id),
            ])
        })
    }

    fn on_tray(&mut self, update: tray::Update) -> Task<Message> {
        match update {
            tray::Update::Started(Ok(icon)) => {
                self.tray = Some(icon);
                self.tray_shown = Shown::default();
                self.tray_missing = false;
                if let Some(home) = &mut self.home {
                    home.settings.tray = true;
                    home.settings.tray_missing = false;
                }
                // A minimised start stays in the tray.
                self.hidden_at_start = false;
                Task::none()
            }
            tray::Update::Started(Err(why)) => {
                tracing::info!("no tray icon: {why}");
                self.tray_missing = true;
                if let Some(home) = &mut self.home {
                    home.settings.tray_missing = true;
                }
                // Without a tray a hidden window could not be found again: minimise it instead.
                if std::mem::take(&mut self.hidden_at_start) {
                    self.window_visible = true;
                    return window::latest().and_then(|id| {
                        Task::batch([
                            window::set_mode(id, window::Mode::Windowed),
                            window::minimize(id, true),
                        ])
                    });
                }
                Task::none()
            }
            // The menu's item says what it does; a click on the icon also brings a window
            // that is behind others forward.
            tray::Update::Event(event @ (TrayEvent::Activate | TrayEvent::ToggleWindow)) => {
                let in_front = self.focused || event == TrayEvent::ToggleWindow;
                if self.window_visible && in_front {
                    self.window_visible = false;
                    window::latest().and_then(|id| window::set_mode(id, window::Mode::Hidden))
                } else {
                    self.show_window()
                }
            }
            tray::Update::Event(TrayEvent::ToggleMute) => {
                self.prefs.notifications = !self.prefs.notifications;
                self.save_preferences()
            }
            tray::Update::Event(TrayEvent::Quit) => self.save_preferences().chain(iced::exit()),
        }
    }

    fn view(&self) -> Element<'_, Message> {
        match &self.screen {
            Screen::Opening => container(text(fl!("unlock-working")))
                .center(Length::Fill)
                .into(),
            Screen::Unlock(u) => u.view().map(Message::Unlock),
            Screen::Setup(s) => s.view(self.home.is_some()).map(Message::Setup),
            Screen::Home => match &self.home {
                Some(home) => self.home_view(home),
                None => container(text(fl!("unlock-working")))
                    .center(Length::Fill)
                    .into(),
            },
        }
    }

    fn home_view<'a>(&'a self, home: &'a Home) -> Element<'a, Message> {
        let page: Element<'a, Message> = match home.page {
            Page::Chats => home
                .chats
                .view(&self.directory, self.width < NARROW)
                .map(Message::Chats),
            Page::Contacts => home.contacts.view(&self.directory).map(Message::Contacts),
            Page::Search => home.search.view().map(Message::Search),
            Page::Groups => home.groups.view().map(Message::Groups),
            Page::Settings => home
                .settings
                .view(&self.prefs, &self.accounts, &self.states)
                .map(Message::Settings),
        };
        row![self.rail(home), page].height(Length::Fill).into()
    }

    /// The narrow bar of page buttons at the window's left edge.
    fn rail<'a>(&'a self, home: &'a Home) -> Element<'a, Message> {
        let unread = home.chats.unread();
        let requests = home.contacts.requests();
        let item = |page: Page, icon: &'static [u8], label: String, hint: String, badge: usize| {
            let mut content = column![
                svg(svg::Handle::from_memory(icon))
                    .width(22)
                    .height(22)
                    .style(icon_style),
                text(label).size(10),
            ]
            .spacing(2)
            .width(Length::Fill)
            .align_x(Alignment::Center);
            if badge > 0 {
                content = content.push(
                    container(text(badge.to_string()).size(10))
                        .padding([0, 5])
                        .style(container::primary),
                );
            }
            let b = button(content)
                .padding([8, 2])
                .width(Length::Fill)
                .style(if home.page == page {
                    button::secondary
                } else {
                    button::text
                })
                .on_press(Message::Go(page));
            tooltip(b, text(hint).size(13), tooltip::Position::Right).style(container::rounded_box)
        };
        container(
            column![
                item(
                    Page::Chats,
                    include_bytes!("../../resources/icons/chats.svg"),
                    fl!("nav-chats"),
                    fl!("nav-chats-hint"),
                    usize::try_from(unread).unwrap_or(0),
                ),
                item(
                    Page::Contacts,
                    include_bytes!("../../resources/icons/contacts.svg"),
                    fl!("nav-contacts"),
                    fl!("nav-contacts-hint"),
                    requests,
                ),
                item(
                    Page::Groups,
                    include_bytes!("../../resources/icons/groups.svg"),
                    fl!("nav-groups"),
                    fl!("nav-groups-hint"),
                    home.groups.waiting(),
                ),
                item(
                    Page::Search,
                    include_bytes!("../../resources/icons/search.svg"),
                    fl!("nav-search"),
                    fl!("nav-search-hint"),
                    0,
                ),
                iced::widget::space().height(Length::Fill),
                item(
                    Page::Settings,
                    include_bytes!("../../resources/icons/settings.svg"),
                    fl!("nav-settings"),
                    fl!("nav-settings-hint"),
                    0,
                ),
            ]
            .spacing(6)
            .padding([10, 4]),
        )
        .width(76)
        .height(Length::Fill)
        .style(container::bordered_box)
        .into()
    }
}

/// Shows a notification off the interface thread (the desktop's service may be slow or
/// missing); what the user did with it comes back for its conversation.
fn show_note(conversation: ConversationId, note: notify::Note) -> Task<Message> {
    Task::perform(
        async move {
            tokio::task::spawn_blocking(move || notify::show(&note))
                .await
                .unwrap_or(notify::Outcome::Unavailable)
        },
        move |outcome| Message::Notified(conversation, outcome),
    )
}

fn icon_style(theme: &Theme, _status: svg::Status) -> svg::Style {
    svg::Style {
        color: Some(theme.palette().text),
    }
}

/// Keyboard shortcuts and window events, whoever has focus.
fn interface_event(
    event: iced::Event,
    status: iced::event::Status,
    id: window::Id,
) -> Option<Message> {
    match event {
        iced::Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) => {
            match shortcut(&key, modifiers) {
                // Tab moves on only when no widget took it (a text editor may).
                Some(Shortcut::FocusNext | Shortcut::FocusPrevious)
                    if status == iced::event::Status::Captured =>
                {
                    None
                }
                found => found.map(Message::Shortcut),
            }
        }
        iced::Event::Window(window::Event::Resized(size)) => {
            Some(Message::Window(WindowEvent::Resized(size)))
        }
        iced::Event::Window(window::Event::Focused) => {
            Some(Message::Window(WindowEvent::Focused(true)))
        }
        iced::Event::Window(window::Event::Unfocused) => {
            Some(Message::Window(WindowEvent::Focused(false)))
        }
        iced::Event::Window(window::Event::FileDropped(path)) => Some(Message::Dropped(path)),
        iced::Event::Window(window::Event::CloseRequested) => {
            Some(Message::Window(WindowEvent::CloseRequested(id)))
        }
        _ => None,
    }
}

/// Ctrl (Cmd on macOS) + K, F, N; Alt + Up/Down; Escape; Tab and Shift+Tab; Page Up/Down.
fn shortcut(key: &Key, modifiers: keyboard::Modifiers) -> Option<Shortcut> {
    match key.as_ref() {
        Key::Named(Named::Escape) => Some(Shortcut::Escape),
        Key::Named(Named::Tab) if modifiers.shift() => Some(Shortcut::FocusPrevious),
        Key::Named(Named::Tab) if modifiers.is_empty() => Some(Shortcut::FocusNext),
        Key::Named(Named::ArrowUp) if modifiers.alt() => Some(Shortcut::Previous),
        Key::Named(Named::PageUp) if modifiers.is_empty() => Some(Shortcut::OlderPage),
        Key::Named(Named::PageDown) if modifiers.is_empty() => Some(Shortcut::NewerPage),
        Key::Named(Named::ArrowDown) if modifiers.alt() => Some(Shortcut::Next),
        Key::Character(c) if modifiers.command() && !modifiers.alt() => {
            match c.to_lowercase().as_str() {
                "k" => Some(Shortcut::QuickSwitch),
                "f" => Some(Shortcut::Find),
                "n" => Some(Shortcut::NewChat),
                "v" => Some(Shortcut::Paste),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A connection state in words a user understands.
fn state_sentence(state: &ConnectionState) -> String {
    match state {
        ConnectionState::Connecting => fl!("state-connecting"),
        ConnectionState::Online { .. } => fl!("state-online"),
        ConnectionState::Disconnected(reason) => fl!("state-offline", reason = reason_text(reason)),
        ConnectionState::Retrying { seconds, .. } => {
            fl!("state-retrying", seconds = seconds.to_string())
        }
        ConnectionState::AuthFailed(_) => fl!("state-auth-failed"),
        ConnectionState::CertificateUntrusted { .. } => fl!("state-certificate"),
        ConnectionState::NoTls => fl!("state-no-tls"),
    }
}

fn reason_text(reason: &DisconnectReason) -> String {
    match reason {
        DisconnectReason::ConnectionLost(why) | DisconnectReason::Unreachable(why) => why.clone(),
        DisconnectReason::Shutdown => String::new(),
    }
}

/// A contact's availability in words.
fn show_text(show: Option<Show>) -> String {
    match show {
        None => fl!("presence-offline"),
        Some(Show::Chat | Show::Available) => fl!("presence-available"),
        Some(Show::Away) => fl!("presence-away"),
        Some(Show::ExtendedAway) => fl!("presence-xa"),
        Some(Show::DoNotDisturb) => fl!("presence-dnd"),
    }
}

/// Why a room did not let us in, in the interface's language.
fn refusal_text(why: &crate::core::Refusal) -> String {
    use crate::core::Refusal;
    match why {
        Refusal::NickInUse => fl!("room-refused-nick"),
        Refusal::PasswordNeeded => fl!("room-refused-password"),
        Refusal::MembersOnly => fl!("room-refused-members"),
        Refusal::Banned => fl!("room-refused-banned"),
        Refusal::Full => fl!("room-refused-full"),
        Refusal::Other(reason) => fl!("room-refused-other", reason = reason.clone()),
    }
}

/// Why we are no longer in a room, with the moderator's reason when one was given.
fn exit_text(why: &crate::core::Exit) -> String {
    use crate::core::Exit;
    let (text, reason) = match why {
        Exit::Left => (fl!("room-left"), None),
        Exit::Kicked { reason } => (fl!("room-kicked"), reason.as_ref()),
        Exit::Banned { reason } => (fl!("room-banned"), reason.as_ref()),
        Exit::Destroyed { reason } => (fl!("room-destroyed"), reason.as_ref()),
        Exit::NoLongerMember => (fl!("room-no-member"), None),
        Exit::Shutdown => (fl!("room-shutdown"), None),
    };
    match reason {
        Some(r) => format!("{text} ({r})"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_has_its_icon() {
        assert!(super::window_icon().is_some());
    }

    use super::*;

    #[test]
    fn shortcuts_need_their_modifiers() {
        let ctrl = keyboard::Modifiers::COMMAND;
        let none = keyboard::Modifiers::empty();
        let k = Key::Character("k".into());
        assert_eq!(shortcut(&k, ctrl), Some(Shortcut::QuickSwitch));
        assert_eq!(shortcut(&k, none), None);
        assert_eq!(
            shortcut(&Key::Character("F".into()), ctrl),
            Some(Shortcut::Find)
        );
        let up = Key::Named(Named::ArrowUp);
        assert_eq!(
            shortcut(&up, keyboard::Modifiers::ALT),
            Some(Shortcut::Previous)
        );
        assert_eq!(shortcut(&up, none), None);
        assert_eq!(
            shortcut(&Key::Named(Named::Escape), none),
            Some(Shortcut::Escape)
        );
        let tab = Key::Named(Named::Tab);
        assert_eq!(shortcut(&tab, none), Some(Shortcut::FocusNext));
        assert_eq!(
            shortcut(&tab, keyboard::Modifiers::SHIFT),
            Some(Shortcut::FocusPrevious)
        );
        assert_eq!(shortcut(&tab, ctrl), None);
        let (page_up, page_down) = (Key::Named(Named::PageUp), Key::Named(Named::PageDown));
        assert_eq!(shortcut(&page_up, none), Some(Shortcut::OlderPage));
        assert_eq!(shortcut(&page_down, none), Some(Shortcut::NewerPage));
        assert_eq!(shortcut(&page_up, ctrl), None);
    }

    /// A room's typists are kept in the order they started; a contact's typing is their own;
    /// going offline forgets the account's.
    #[test]
    fn who_is_typing_follows_the_session() {
        let mut directory = Directory::default();
        let (one, two) = (AccountId(1), AccountId(2));
        let room: BareJid = "team@muc.example.org".parse().unwrap();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        directory.note_typing(one, room.clone(), Some("carol".into()), true);
        directory.note_typing(one, room.clone(), Some("bob".into()), true);
        directory.note_typing(one, room.clone(), Some("carol".into()), true);
        directory.note_typing(one, bob.clone(), None, true);
        directory.note_typing(two, bob.clone(), None, true);
        assert_eq!(directory.typing_in(one, &room), ["carol", "bob"]);
        assert!(
            !directory.typing(one, &room),
            "a room is not a contact typing"
        );
        assert!(directory.typing(one, &bob));
        directory.note_typing(one, room.clone(), Some("carol".into()), false);
        assert_eq!(directory.typing_in(one, &room), ["bob"]);
        directory.forget_typing(one);
        assert!(directory.typing_in(one, &room).is_empty());
        assert!(!directory.typing(one, &bob));
        assert!(
            directory.typing(two, &bob),
            "another account is still online"
        );
    }
}
