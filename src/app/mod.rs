//! The desktop interface: all iced code lives here (docs/architecture.md). The App owns the
//! screens; each screen takes its Message and returns an Action for the App. The session
//! service is reached only through `service::subscription` and the Handles it hands over.

mod chats;
mod service;
mod setup;
mod unlock;

use std::collections::HashMap;
use std::path::PathBuf;

use iced::{Element, Subscription, Task, Theme};
use zeroize::Zeroizing;

use crate::core::{
    Account, AccountId, ConnectionState, DisconnectReason, Error, ErrorKind, Event, RegisterFailure,
};
use crate::fl;
use crate::session::{self, Handle, Options};
use crate::store::{DATABASE_FILE, Store, accounts};

/// Starts the window. `passphrase` (from --passphrase-file or the environment) skips the
/// unlock screen.
pub fn run(profile: PathBuf, passphrase: Option<Zeroizing<String>>) -> iced::Result {
    iced::application(
        move || App::boot(profile.clone(), passphrase.clone()),
        App::update,
        App::view,
    )
    .title(App::title)
    .theme(App::theme)
    .subscription(App::subscription)
    .window_size((1000.0, 700.0))
    .run()
}

#[derive(Debug, Clone)]
pub enum Message {
    Opened(Result<Store, Error>),
    Accounts(Result<Vec<Account>, Error>),
    Registered(Result<accounts::NewAccount, RegisterFailure>),
    Unlock(unlock::Message),
    Setup(setup::Message),
    Chats(chats::Message),
    Session(AccountId, service::Update),
    /// A command reached (or could not reach) the service; nothing to show.
    Delivered,
}

enum Screen {
    Opening,
    Unlock(unlock::Unlock),
    Setup(setup::Setup),
    Chats(chats::Chats),
}

pub struct App {
    profile: PathBuf,
    screen: Screen,
    store: Option<Store>,
    accounts: Vec<Account>,
    handles: HashMap<AccountId, Handle>,
    states: HashMap<AccountId, ConnectionState>,
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

impl App {
    fn boot(profile: PathBuf, passphrase: Option<Zeroizing<String>>) -> (App, Task<Message>) {
        let app = App {
            profile: profile.clone(),
            screen: Screen::Opening,
            store: None,
            accounts: Vec::new(),
            handles: HashMap::new(),
            states: HashMap::new(),
        };
        (app, open(profile, passphrase))
    }

    fn title(&self) -> String {
        let unread: i64 = match &self.screen {
            Screen::Chats(c) => c.unread(),
            _ => 0,
        };
        if unread > 0 {
            format!("({unread}) {}", fl!("app-name"))
        } else {
            fl!("app-name")
        }
    }

    fn theme(&self) -> Theme {
        match dark_light() {
            true => Theme::Dark,
            false => Theme::Light,
        }
    }

    fn subscription(&self) -> Subscription<Message> {
        let Some(store) = &self.store else {
            return Subscription::none();
        };
        Subscription::batch(self.accounts.iter().map(|a| {
            service::subscription(service::Link {
                account: a.id,
                store: store.clone(),
            })
            .map(|(account, update)| Message::Session(account, update))
        }))
    }

    fn update(&mut self, message: Message) -> Task<Message> {
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
            Message::Accounts(Ok(list)) => {
                self.accounts = list;
                match (&self.store, self.accounts.first()) {
                    (Some(store), Some(first)) => {
                        let (chats, task) = chats::Chats::new(store.clone(), first.id);
                        self.screen = Screen::Chats(chats);
                        task.map(Message::Chats)
                    }
                    _ => {
                        self.screen = Screen::Setup(setup::Setup::default());
                        Task::none()
                    }
                }
            }
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
            Message::Setup(m) => {
                let Screen::Setup(screen) = &mut self.screen else {
                    return Task::none();
                };
                match screen.update(m) {
                    setup::Action::None => Task::none(),
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
                let Screen::Chats(screen) = &mut self.screen else {
                    return Task::none();
                };
                match screen.update(m) {
                    chats::Action::None => Task::none(),
                    chats::Action::Run(task) => task.map(Message::Chats),
                    chats::Action::Command(account, command) => {
                        let Some(handle) = self.handles.get(&account).cloned() else {
                            return Task::none();
                        };
                        Task::perform(
                            async move {
                                let _ = handle.send(command).await;
                            },
                            |()| Message::Delivered,
                        )
                    }
                }
            }
            Message::Session(account, update) => self.on_session(account, update),
            Message::Delivered => Task::none(),
        }
    }

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

    fn on_session(&mut self, account: AccountId, update: service::Update) -> Task<Message> {
        match update {
            service::Update::Ready(handle) => {
                self.handles.insert(account, handle);
                Task::none()
            }
            service::Update::Stopped(reason) => {
                self.handles.remove(&account);
                tracing::warn!("session stopped: {reason}");
                Task::none()
            }
            service::Update::Event(event) => {
                let Screen::Chats(chats) = &mut self.screen else {
                    return Task::none();
                };
                match event {
                    Event::Connection { state, .. } => {
                        chats.status = match &state {
                            ConnectionState::Online { .. } => None,
                            other => Some(state_sentence(other)),
                        };
                        self.states.insert(account, state);
                        Task::none()
                    }
                    Event::Messages { changed, .. } => {
                        chats.refresh(&changed.conversations).map(Message::Chats)
                    }
                    Event::Delivery { .. }
                    | Event::CaughtUp { .. }
                    | Event::RosterChanged { .. } => chats.refresh(&[]).map(Message::Chats),
                    _ => Task::none(),
                }
            }
        }
    }

    fn view(&self) -> Element<'_, Message> {
        match &self.screen {
            Screen::Opening => iced::widget::container(iced::widget::text(fl!("unlock-working")))
                .center(iced::Length::Fill)
                .into(),
            Screen::Unlock(u) => u.view().map(Message::Unlock),
            Screen::Setup(s) => s.view().map(Message::Setup),
            Screen::Chats(c) => c.view().map(Message::Chats),
        }
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
        ConnectionState::CertificateUntrusted { sha256, .. } => {
            fl!("state-certificate", fingerprint = sha256.clone())
        }
        ConnectionState::NoTls => fl!("state-no-tls"),
    }
}

fn reason_text(reason: &DisconnectReason) -> String {
    match reason {
        DisconnectReason::ConnectionLost(why) | DisconnectReason::Unreachable(why) => why.clone(),
        DisconnectReason::Shutdown => String::new(),
    }
}

/// Whether the system prefers dark (read once; the settings screen will offer a choice).
fn dark_light() -> bool {
    std::env::var("TIDINGS_THEME").is_ok_and(|t| t == "dark")
}
