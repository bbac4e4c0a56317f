//! Settings: accounts (state, password, certificate, encryption key), appearance, language,
//! notifications, privacy, downloads and about. Choices are applied at once and saved by the
//! App.

use std::collections::HashMap;

use iced::widget::{
    column, container, pick_list, qr_code, row, rule, scrollable, text, text_input, toggler,
};

use crate::app::button::{self, button};
use crate::app::focus::focusable;
use iced::{Alignment, Element, Length, Task};

use super::preferences::{Appearance, Preferences};
use super::{security, theme};
use crate::core::{Account, AccountId, ConnectionState, Device, Secret};
use crate::fl;
use crate::i18n;
use crate::session;
use crate::store::{Store, omemo};

#[derive(Debug, Clone)]
pub enum Message {
    Appearance(AppearanceChoice),
    Language(LanguageChoice),
    Notifications(bool),
    Previews(bool),
    Sound(bool),
    SendTyping(bool),
    SendReadMarkers(bool),
    AutoDownload(DownloadLimit),
    ReducePhotos(bool),
    KeepPhotoMetadata(bool),
    /// Choose where downloads go (the system's folder picker); `DownloadFolder` sets it.
    ChooseDownloadFolder,
    DownloadFolder(Option<std::path::PathBuf>),
    /// Open the password form for this account.
    EditPassword(AccountId),
    Password(String),
    SavePassword,
    CancelPassword,
    TrustCertificate(AccountId, String),
    AddAccount,
    /// The account's own OMEMO key (None: not made yet, it is at the first sign-in).
    Key(AccountId, Result<Option<OwnKey>, String>),
    CopyLink(AccountId),
    /// Ask before taking one of our other devices out of the device lists.
    AskRemoveDevice(AccountId, u32),
    RemoveDevice(AccountId, u32),
    CancelRemoveDevice,
    /// The switch: start Tidings at login or not.
    StartAtLogin(bool),
    /// Whether it does, as read from the system or after a change (or why it could not change).
    StartsAtLogin(Result<bool, String>),
    StartMinimised(bool),
    CloseToTray(bool),
}

/// Our OMEMO device as contacts see it, with our other devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnKey {
    pub device: u32,
    pub fingerprint: String,
    /// The verification link others scan or paste.
    pub link: String,
    pub others: Vec<Device>,
}

/// What the key section shows for one account.
enum KeyState {
    NotYet,
    Failed(String),
    Ready {
        key: OwnKey,
        /// Boxed: the code's cells and cache make it large.
        qr: Option<Box<qr_code::Data>>,
        copied: bool,
    },
}

pub enum Action {
    None,
    /// Preferences changed: apply and save them.
    Changed,
    /// Change the password on the server (the account is online).
    ChangePassword(AccountId, Secret),
    /// The server refused the old password: store this one and try again.
    ReplacePassword(AccountId, Secret),
    /// Accept this certificate (SHA-256, hex) for the account from now on.
    PinCertificate(AccountId, String),
    AddAccount,
    /// Put this text on the clipboard.
    Copy(String),
    /// Take this other device out of the account's OMEMO device lists.
    RemoveOwnDevice(AccountId, u32),
    /// Ask the system for a folder; the answer comes back as `DownloadFolder`.
    ChooseFolder,
    /// Add or remove the login entry; the outcome comes back as `StartsAtLogin`.
    StartAtLogin(bool),
}

/// What the password form is for.
struct PasswordForm {
    account: AccountId,
    value: String,
}

#[derive(Default)]
pub struct Settings {
    password: Option<PasswordForm>,
    /// The other device whose removal waits for a confirmation.
    removing: Option<(AccountId, u32)>,
    /// The result of the last password change, shown under the account.
    pub notice: Option<String>,
    keys: HashMap<AccountId, KeyState>,
    /// Whether the login entry is there (None until read).
    starts_at_login: Option<bool>,
    /// Why the login entry could not be changed.
    login_problem: Option<String>,
    /// A tray icon is shown: closing the window can leave Tidings there.
    pub tray: bool,
    /// The desktop shows no tray icons (said under Starting and closing).
    pub tray_missing: bool,
    /// No notification service answered (said under Notifications).
    pub notifications_missing: bool,
    /// Why the download folder could not be chosen (no file chooser here).
    pub folder_problem: Option<String>,
}

/// Reads each account's own key. A device is never made here: the session makes it at the
/// first sign-in, and two made at once would race.
pub fn load_keys(store: &Store, accounts: &[Account]) -> Task<Message> {
    Task::batch(accounts.iter().map(|a| {
        let (store, id, jid) = (store.clone(), a.id, a.jid.clone());
        Task::perform(
            async move {
                let fail = |e: crate::core::Error| e.to_string();
                let made = store.readers.read(move |c| omemo::own(c, id)).await;
                if made.map_err(fail)?.is_none() {
                    return Ok(None);
                }
                let own = session::own_omemo_device(&store, id).await.map_err(fail)?;
                let of = jid.clone();
                let devices = store
                    .readers
                    .read(move |c| omemo::devices(c, id, &of))
                    .await
                    .map_err(fail)?;
                Ok(Some(OwnKey {
                    device: own.device,
                    link: security::own_link(&jid, own.device, &own.fingerprint),
                    fingerprint: own.fingerprint,
                    others: devices.into_iter().filter(|d| d.id != own.device).collect(),
                }))
            },
            move |read| Message::Key(id, read),
        )
    }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppearanceChoice(pub Appearance);

impl std::fmt::Display for AppearanceChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self.0 {
            Appearance::System => fl!("settings-theme-system"),
            Appearance::Light => fl!("settings-theme-light"),
            Appearance::Dark => fl!("settings-theme-dark"),
        })
    }
}

/// A language by its directory name, or None for the system's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageChoice(pub Option<String>);

impl std::fmt::Display for LanguageChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            None => f.write_str(&fl!("settings-language-system")),
            Some(code) => f.write_str(i18n::native_name(code)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadLimit(pub u32);

impl DownloadLimit {
    const ALL: [DownloadLimit; 5] = [
        DownloadLimit(0),
        DownloadLimit(1),
        DownloadLimit(5),
        DownloadLimit(10),
        DownloadLimit(25),
    ];
}

impl std::fmt::Display for DownloadLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 == 0 {
            f.write_str(&fl!("settings-download-never"))
        } else {
            f.write_str(&fl!("settings-download-up-to", mib = self.0))
        }
    }
}

impl Settings {
    pub fn update(
        &mut self,
        prefs: &mut Preferences,
        accounts: &[Account],
        message: Message,
    ) -> Action {
        match message {
            Message::Appearance(a) => prefs.appearance = a.0,
            Message::Language(l) => prefs.language = l.0,
            Message::Notifications(on) => prefs.notifications = on,
            Message::Previews(on) => prefs.previews = on,
            Message::Sound(on) => prefs.sound = on,
            Message::SendTyping(on) => prefs.send_typing = on,
            Message::SendReadMarkers(on) => prefs.send_read_markers = on,
            Message::AutoDownload(limit) => prefs.auto_download_mib = limit.0,
            Message::ReducePhotos(on) => prefs.reduce_photos = on,
            Message::KeepPhotoMetadata(on) => prefs.keep_photo_metadata = on,
            Message::StartMinimised(on) => prefs.start_minimised = on,
            Message::CloseToTray(on) => prefs.close_to_tray = on,
            Message::StartAtLogin(on) => {
                self.login_problem = None;
                return Action::StartAtLogin(on);
            }
            Message::StartsAtLogin(read) => {
                match read {
                    Ok(on) => self.starts_at_login = Some(on),
                    Err(why) => self.login_problem = Some(why),
                }
                return Action::None;
            }
            Message::ChooseDownloadFolder => return Action::ChooseFolder,
            Message::DownloadFolder(None) => return Action::None,
            Message::DownloadFolder(Some(folder)) => prefs.download_folder = Some(folder),
            Message::EditPassword(account) => {
                self.notice = None;
                self.password = Some(PasswordForm {
                    account,
                    value: String::new(),
                });
                return Action::None;
            }
            Message::Password(value) => {
                if let Some(form) = &mut self.password {
                    form.value = value;
                }
                return Action::None;
            }
            Message::CancelPassword => {
                self.password = None;
                return Action::None;
            }
            Message::SavePassword => return self.save_password(accounts),
            Message::TrustCertificate(account, sha256) => {
                return Action::PinCertificate(account, sha256);
            }
            Message::AddAccount => return Action::AddAccount,
            Message::Key(account, read) => {
                let state = match read {
                    Ok(None) => KeyState::NotYet,
                    Err(reason) => KeyState::Failed(reason),
                    Ok(Some(key)) => {
                        let copied = matches!(
                            self.keys.get(&account),
                            Some(KeyState::Ready { key: old, copied: true, .. }) if old.link == key.link
                        );
                        KeyState::Ready {
                            qr: qr_code::Data::new(&key.link).ok().map(Box::new),
                            key,
                            copied,
                        }
                    }
                };
                self.keys.insert(account, state);
                return Action::None;
            }
            Message::CopyLink(account) => {
                if let Some(KeyState::Ready { key, copied, .. }) = self.keys.get_mut(&account) {
                    *copied = true;
                    return Action::Copy(key.link.clone());
                }
                return Action::None;
            }
            Message::AskRemoveDevice(account, device) => {
                self.removing = Some((account, device));
                return Action::None;
            }
            Message::CancelRemoveDevice => {
                self.removing = None;
                return Action::None;
            }
            Message::RemoveDevice(account, device) => {
                self.removing = None;
                return Action::RemoveOwnDevice(account, device);
            }
        }
        Action::Changed
    }

    /// Saving the password form: a refused password is replaced locally, an accepted one is
    /// changed on the server (which needs the account online).
    fn save_password(&mut self, accounts: &[Account]) -> Action {
        let Some(form) = self.password.take_if(|f| !f.value.is_empty()) else {
            return Action::None;
        };
        let secret = Secret::new(form.value);
        match accounts.iter().find(|a| a.id == form.account) {
            Some(a) if a.auth_failed => Action::ReplacePassword(a.id, secret),
            Some(a) => {
                self.notice = Some(fl!("settings-password-working"));
                Action::ChangePassword(a.id, secret)
            }
            None => Action::None,
        }
    }

    pub fn view<'a>(
        &'a self,
        prefs: &'a Preferences,
        accounts: &'a [Account],
        states: &'a HashMap<AccountId, ConnectionState>,
    ) -> Element<'a, Message> {
        let mut page = column![text(fl!("settings-title")).size(24).font(theme::UI_BOLD)]
            .spacing(18)
            .padding(24)
            .max_width(640);

        page = page.push(section(fl!("settings-accounts")));
        for account in accounts {
            page = page.push(self.account_view(account, states.get(&account.id)));
        }
        page = page.push(
            button(text(fl!("settings-add-account")))
                .style(button::secondary)
                .on_press(Message::AddAccount),
        );

        let languages: Vec<LanguageChoice> = std::iter::once(LanguageChoice(None))
            .chain(
                i18n::available()
                    .into_iter()
                    .map(|l| LanguageChoice(Some(l.to_string()))),
            )
            .collect();
        page = page.push(section(fl!("settings-appearance")));
        page = page.push(labelled(
            fl!("settings-theme"),
            choice(
                [Appearance::System, Appearance::Light, Appearance::Dark]
                    .map(AppearanceChoice)
                    .to_vec(),
                AppearanceChoice(prefs.appearance),
                Message::Appearance,
            ),
        ));
        page = page.push(labelled(
            fl!("settings-language"),
            choice(
                languages,
                LanguageChoice(prefs.language.clone()),
                Message::Language,
            ),
        ));

        page = page.push(section(fl!("settings-notifications")));
        page = page.push(switch(
            fl!("settings-notify"),
            prefs.notifications,
            Message::Notifications,
        ));
        page = page.push(switch(
            fl!("settings-previews"),
            prefs.previews,
            Message::Previews,
        ));
        page = page.push(switch(fl!("settings-sound"), prefs.sound, Message::Sound));
        if self.notifications_missing {
            page = page.push(note(fl!("settings-no-notifications")));
        }

        page = page.push(section(fl!("settings-privacy")));
        page = page.push(switch(
            fl!("settings-send-typing"),
            prefs.send_typing,
            Message::SendTyping,
        ));
        page = page.push(switch(
            fl!("settings-send-read"),
            prefs.send_read_markers,
            Message::SendReadMarkers,
        ));

        page = page.push(section(fl!("settings-downloads")));
        page = page.push(labelled(
            fl!("settings-auto-download"),
            choice(
                DownloadLimit::ALL.to_vec(),
                DownloadLimit(prefs.auto_download_mib),
                Message::AutoDownload,
            ),
        ));
        // The path below its label: a long one wraps instead of squeezing the label.
        page = page.push(
            column![
                labelled(
                    fl!("settings-download-folder"),
                    button(text(fl!("settings-change")).size(13))
                        .style(button::secondary)
                        .on_press(Message::ChooseDownloadFolder),
                ),
                text(prefs.downloads_dir().display().to_string())
                    .size(13)
                    .style(text::secondary),
            ]
            .spacing(4),
        );
        if let Some(problem) = &self.folder_problem {
            page = page.push(note(problem.clone()));
        }

        page = page.push(section(fl!("settings-photos")));
        // A photo with its metadata goes as it is: making it smaller would drop them.
        page = page.push(
            focusable(
                toggler(prefs.reduce_photos && !prefs.keep_photo_metadata)
                    .label(fl!("settings-reduce-photos"))
                    .on_toggle_maybe((!prefs.keep_photo_metadata).then_some(Message::ReducePhotos))
                    .text_size(14)
                    .width(Length::Fill),
            )
            .enabled(!prefs.keep_photo_metadata),
        );
        page = page.push(switch(
            fl!("settings-keep-metadata"),
            prefs.keep_photo_metadata,
            Message::KeepPhotoMetadata,
        ));

        page = page.push(section(fl!("settings-startup")));
        page = page.push(
            focusable(
                toggler(self.starts_at_login.unwrap_or(false))
                    .label(fl!("settings-start-at-login"))
                    .on_toggle_maybe(self.starts_at_login.map(|_| Message::StartAtLogin))
                    .text_size(14)
                    .width(Length::Fill),
            )
            .enabled(self.starts_at_login.is_some()),
        );
        if let Some(problem) = &self.login_problem {
            page = page.push(text(problem.as_str()).size(13).style(text::danger));
        }
        page = page.push(switch(
            fl!("settings-start-minimised"),
            prefs.start_minimised,
            Message::StartMinimised,
        ));
        if self.tray_missing {
            page = page.push(note(fl!("settings-no-tray")));
        }
        // Only where a tray icon shows: elsewhere closing the window must end Tidings.
        if self.tray {
            page = page.push(switch(
                fl!("settings-close-to-tray"),
                prefs.close_to_tray,
                Message::CloseToTray,
            ));
        }

        page = page.push(section(fl!("settings-about")));
        page = page.push(text(fl!(
            "settings-version",
            version = env!("CARGO_PKG_VERSION")
        )));
        page = page.push(
            text(fl!("settings-licences"))
                .size(13)
                .style(text::secondary),
        );
        page = page.push(
            text(fl!("settings-licences-data"))
                .size(13)
                .style(text::secondary),
        );

        scrollable(container(page).center_x(Length::Fill))
            .height(Length::Fill)
            .into()
    }

    fn account_view<'a>(
        &'a self,
        account: &'a Account,
        state: Option<&'a ConnectionState>,
    ) -> Element<'a, Message> {
        let status = state.map(super::state_sentence).unwrap_or_default();
        let mut card = column![
            row![
                theme::avatar(account.jid.as_str(), account.jid.as_str(), None, 36.0),
                column![
                    text(account.jid.as_str()).font(theme::UI_BOLD),
                    text(status).size(13).style(text::secondary),
                ]
                .spacing(2),
            ]
            .spacing(12)
            .align_y(Alignment::Center),
        ]
        .spacing(10);
        if let Some(ConnectionState::CertificateUntrusted { sha256, .. }) = state {
            card = card.push(text(fl!("settings-certificate-explain")).size(13));
            card = card.push(text(grouped(sha256)).font(iced::Font::MONOSPACE).size(13));
            card = card.push(
                button(text(fl!("settings-certificate-trust")))
                    .style(button::danger)
                    .on_press(Message::TrustCertificate(account.id, sha256.clone())),
            );
        }
        match &self.password {
            Some(form) if form.account == account.id => {
                let label = if account.auth_failed {
                    fl!("settings-password-again")
                } else {
                    fl!("settings-password-new")
                };
                card = card.push(
                    row![
                        text_input(&label, &form.value)
                            .secure(true)
                            .on_input(Message::Password)
                            .on_submit(Message::SavePassword)
                            .padding(8),
                        button(text(fl!("settings-save"))).on_press(Message::SavePassword),
                        button(text(fl!("settings-cancel")))
                            .style(button::secondary)
                            .on_press(Message::CancelPassword),
                    ]
                    .spacing(8),
                );
            }
            _ => {
                let label = if account.auth_failed {
                    fl!("settings-password-enter")
                } else {
                    fl!("settings-password-change")
                };
                card = card.push(
                    button(text(label))
                        .style(button::secondary)
                        .on_press(Message::EditPassword(account.id)),
                );
            }
        }
        if let Some(notice) = &self.notice {
            card = card.push(text(notice.clone()).size(13));
        }
        if let Some(state) = self.keys.get(&account.id) {
            let removing = self
                .removing
                .filter(|(a, _)| *a == account.id)
                .map(|(_, d)| d);
            card = card.push(key_view(account.id, state, removing));
        }
        container(card)
            .padding(14)
            .width(Length::Fill)
            .style(container::rounded_box)
            .into()
    }
}

/// "Your encryption key": our device's key as a QR code and in blocks, and our other devices.
fn key_view(account: AccountId, state: &KeyState, removing: Option<u32>) -> Element<'_, Message> {
    let mut part = column![
        rule::horizontal(1),
        text(fl!("settings-key-title")).font(theme::UI_BOLD),
    ]
    .spacing(8);
    let (key, qr, copied) = match state {
        KeyState::NotYet => {
            return part
                .push(
                    text(fl!("settings-key-none"))
                        .size(13)
                        .style(text::secondary),
                )
                .into();
        }
        KeyState::Failed(reason) => {
            return part
                .push(
                    text(fl!("settings-key-failed", reason = reason.clone()))
                        .size(13)
                        .style(text::danger),
                )
                .into();
        }
        KeyState::Ready { key, qr, copied } => (key, qr, *copied),
    };
    part = part.push(
        text(fl!("settings-key-explain"))
            .size(13)
            .style(text::secondary),
    );
    let mut about = column![
        text(fl!("settings-key-device", id = key.device.to_string())).size(13),
        security::fingerprint(&key.fingerprint, 14.0),
    ]
    .spacing(8);
    let mut copy = row![
        button(text(fl!("settings-key-copy")).size(13))
            .style(button::secondary)
            .on_press(Message::CopyLink(account)),
    ]
    .spacing(8)
    .align_y(Alignment::Center);
    if copied {
        copy = copy.push(
            text(fl!("settings-key-copied"))
                .size(13)
                .style(security::success_text),
        );
    }
    about = about.push(copy);
    let mut line = row![].spacing(16).align_y(Alignment::Center);
    if let Some(qr) = qr {
        line = line.push(security::qr(qr));
    }
    part = part.push(line.push(about.width(Length::Fill)));
    let others = security::keys(&key.others);
    if !others.is_empty() {
        part = part.push(
            text(fl!("settings-key-others"))
                .size(13)
                .font(theme::UI_BOLD),
        );
        let both = others.iter().any(|k| k.legacy) && others.iter().any(|k| k.v2);
        for other in &others {
            // Only listed devices can be taken out of the lists.
            let actions = other
                .active
                .then(|| remove_device_actions(account, other.id, removing == Some(other.id)));
            part = part.push(security::key_view(other, both, actions));
        }
    }
    part.into()
}

/// "Remove" under one of our other devices, or the question once it was pressed.
fn remove_device_actions<'a>(
    account: AccountId,
    device: u32,
    asking: bool,
) -> Element<'a, Message> {
    if !asking {
        return row![
            button(text(fl!("settings-device-remove")).size(13))
                .style(button::secondary)
                .on_press(Message::AskRemoveDevice(account, device)),
        ]
        .into();
    }
    column![
        text(fl!(
            "settings-device-remove-confirm",
            id = device.to_string()
        ))
        .size(13)
        .style(text::secondary),
        row![
            button(text(fl!("settings-device-remove")).size(13))
                .style(button::danger)
                .on_press(Message::RemoveDevice(account, device)),
            button(text(fl!("settings-cancel")).size(13))
                .style(button::secondary)
                .on_press(Message::CancelRemoveDevice),
        ]
        .spacing(8),
    ]
    .spacing(6)
    .into()
}

fn section<'a>(title: String) -> Element<'a, Message> {
    column![
        text(title).size(16).font(theme::UI_BOLD),
        rule::horizontal(1)
    ]
    .spacing(6)
    .into()
}

/// A quiet line explaining what the system does not offer.
fn note<'a>(words: String) -> Element<'a, Message> {
    text(words).size(13).style(text::secondary).into()
}

fn labelled<'a>(label: String, control: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    row![text(label).width(Length::Fill), control.into()]
        .spacing(12)
        .align_y(Alignment::Center)
        .into()
}

fn switch<'a>(label: String, on: bool, message: fn(bool) -> Message) -> Element<'a, Message> {
    focusable(
        toggler(on)
            .label(label)
            .on_toggle(message)
            .text_size(14)
            .width(Length::Fill),
    )
    .into()
}

/// A pick list the keyboard reaches: Enter opens it, the arrow keys step through its options.
fn choice<'a, T>(options: Vec<T>, selected: T, on_select: fn(T) -> Message) -> Element<'a, Message>
where
    T: ToString + PartialEq + Clone + 'a,
{
    let (back, forward) = neighbours(&options, &selected);
    focusable(pick_list(options, Some(selected), on_select))
        .stepping(back.map(on_select), forward.map(on_select))
        .into()
}

/// The options before and after `selected`, where there are such.
fn neighbours<T: PartialEq + Clone>(options: &[T], selected: &T) -> (Option<T>, Option<T>) {
    let Some(at) = options.iter().position(|option| option == selected) else {
        return (None, None);
    };
    let back = at.checked_sub(1).map(|i| options[i].clone());
    (back, options.get(at + 1).cloned())
}

/// A fingerprint in blocks of eight, as people compare them aloud (anything else dropped).
pub fn grouped(hex: &str) -> String {
    let clean: String = hex.chars().filter(char::is_ascii_hexdigit).collect();
    crate::core::fingerprint_blocks(&clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_step_to_the_neighbouring_option_and_stop_at_the_ends() {
        let options = ["system", "light", "dark"];
        assert_eq!(
            neighbours(&options, &"light"),
            (Some("system"), Some("dark"))
        );
        assert_eq!(neighbours(&options, &"system"), (None, Some("light")));
        assert_eq!(neighbours(&options, &"dark"), (Some("light"), None));
        assert_eq!(neighbours(&options, &"sepia"), (None, None));
    }

    #[test]
    fn choices_change_the_preferences() {
        let mut s = Settings::default();
        let mut prefs = Preferences::default();
        assert!(matches!(
            s.update(
                &mut prefs,
                &[],
                Message::Appearance(AppearanceChoice(Appearance::Dark))
            ),
            Action::Changed
        ));
        s.update(&mut prefs, &[], Message::SendTyping(false));
        s.update(
            &mut prefs,
            &[],
            Message::Language(LanguageChoice(Some("de".into()))),
        );
        assert_eq!(prefs.appearance, Appearance::Dark);
        assert!(!prefs.send_typing);
        assert_eq!(prefs.language.as_deref(), Some("de"));

        // The download folder: asked of the system, then kept; a cancelled dialog keeps it.
        assert!(prefs.downloads_dir().ends_with("Tidings"));
        assert!(matches!(
            s.update(&mut prefs, &[], Message::ChooseDownloadFolder),
            Action::ChooseFolder
        ));
        let chosen = std::path::PathBuf::from("/home/me/Received");
        assert!(matches!(
            s.update(
                &mut prefs,
                &[],
                Message::DownloadFolder(Some(chosen.clone()))
            ),
            Action::Changed
        ));
        assert!(matches!(
            s.update(&mut prefs, &[], Message::DownloadFolder(None)),
            Action::None
        ));
        assert_eq!(prefs.downloads_dir(), chosen);
    }

    #[test]
    fn a_refused_password_is_replaced_and_an_accepted_one_changed() {
        let jid: crate::core::BareJid = "me@example.org".parse().unwrap();
        let mut account = Account {
            id: AccountId(1),
            jid,
            password: "old".into(),
            resource: "r".into(),
            settings: Default::default(),
            auth_failed: true,
        };
        let mut s = Settings::default();
        let mut prefs = Preferences::default();
        s.update(&mut prefs, &[], Message::EditPassword(AccountId(1)));
        let one = std::slice::from_ref(&account);
        assert!(matches!(
            s.update(&mut prefs, one, Message::SavePassword),
            Action::None
        ));
        s.update(&mut prefs, &[], Message::EditPassword(AccountId(1)));
        s.update(&mut prefs, &[], Message::Password("new".into()));
        assert!(matches!(
            s.update(&mut prefs, one, Message::SavePassword),
            Action::ReplacePassword(AccountId(1), _)
        ));
        account.auth_failed = false;
        s.update(&mut prefs, &[], Message::EditPassword(AccountId(1)));
        s.update(&mut prefs, &[], Message::Password("newer".into()));
        let one = std::slice::from_ref(&account);
        assert!(matches!(
            s.update(&mut prefs, one, Message::SavePassword),
            Action::ChangePassword(AccountId(1), _)
        ));
    }

    #[test]
    fn fingerprints_are_grouped_by_eight() {
        assert_eq!(grouped("0123456789abcdef01"), "01234567 89abcdef 01");
        assert_eq!(grouped("01:23:45"), "012345");
    }
}
