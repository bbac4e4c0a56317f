//! Contacts: everyone on the contact lists of all accounts, requests to approve, adding by
//! address or xmpp: link, and one contact's details with what can be done about them.

use std::collections::HashMap;

use iced::widget::{Column, column, container, row, scrollable, text, text_input};

use crate::app::button::{self, button};
use iced::{Alignment, Element, Length, Task};

use super::Directory;
use super::security::{self, TrustWrite};
use super::theme;
use crate::core::uri::{self, UriAction};
use crate::core::{
    Account, AccountId, BareJid, Command, Device, Error, Profile, RosterItem, Subscription, Trust,
};
use crate::fl;
use crate::store::{Store, blocklist, omemo, profiles, roster};

/// One account's people, read from the store together.
#[derive(Debug, Clone)]
pub struct People {
    pub account: AccountId,
    pub items: Vec<RosterItem>,
    pub blocked: Vec<BareJid>,
    pub profiles: HashMap<BareJid, Profile>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Result<Vec<People>, Error>),
    Filter(String),
    Select(AccountId, BareJid),
    /// The add form: an address or an xmpp: link, and an optional name.
    AddAddress(String),
    AddName(String),
    Add,
    Approve(AccountId, BareJid),
    Deny(AccountId, BareJid),
    Rename(String),
    SaveName,
    Remove,
    ConfirmRemove,
    Block,
    Unblock,
    Chat,
    /// The selected contact's OMEMO devices, read from the store.
    Devices(AccountId, BareJid, Result<Vec<Device>, Error>),
    /// A trust button: this key of the selected contact gets this trust.
    SetTrust(String, Trust),
    /// The verification field: a pasted `xmpp:` link with keys.
    Code(String),
    Verify,
    PickQrImage,
    /// Read a code from the clipboard: an `xmpp:` link as text, or a QR code in an image.
    ClipboardQr,
    /// The text of the QR code read from the picked image or the clipboard (None: nothing
    /// picked).
    QrRead(Option<Result<String, String>>),
}

pub enum Action {
    None,
    Run(Task<Message>),
    Command(AccountId, Command),
    /// Open (or start) the conversation with this contact.
    OpenChat(AccountId, BareJid),
    /// Write these trust decisions, then re-read the devices (`Contacts::reload_devices`).
    Trust(AccountId, Vec<TrustWrite>),
}

struct Selected {
    account: AccountId,
    jid: BareJid,
    name: String,
    confirm_remove: bool,
    devices: Vec<Device>,
    code: String,
    /// The outcome of the last verification: good news, or why nothing changed.
    verify_notice: Option<(bool, String)>,
}

pub struct Contacts {
    store: Store,
    people: Vec<People>,
    filter: String,
    add_address: String,
    add_name: String,
    pub error: Option<String>,
    selected: Option<Selected>,
}

impl Contacts {
    pub fn new(store: Store) -> Contacts {
        Contacts {
            store,
            people: Vec::new(),
            filter: String::new(),
            add_address: String::new(),
            add_name: String::new(),
            error: None,
            selected: None,
        }
    }

    /// Re-reads every account's contacts, requests, block list and profiles.
    pub fn reload(&self, accounts: &[Account]) -> Task<Message> {
        let readers = self.store.readers.clone();
        let ids: Vec<AccountId> = accounts.iter().map(|a| a.id).collect();
        Task::perform(
            async move {
                readers
                    .read(move |c| {
                        ids.iter()
                            .map(|&account| {
                                let profiles = profiles::all(c, account)?
                                    .into_iter()
                                    .filter_map(|p| Some((p.jid.clone()?, p)))
                                    .collect();
                                Ok(People {
                                    account,
                                    items: roster::all(c, account)?,
                                    blocked: blocklist::all(c, account)?,
                                    profiles,
                                })
                            })
                            .collect()
                    })
                    .await
            },
            Message::Loaded,
        )
    }

    /// Re-reads the selected contact's devices and trust.
    pub fn reload_devices(&self) -> Task<Message> {
        let Some(s) = &self.selected else {
            return Task::none();
        };
        let readers = self.store.readers.clone();
        let (account, jid) = (s.account, s.jid.clone());
        Task::perform(
            async move {
                let of = jid.clone();
                let found = readers.read(move |c| omemo::devices(c, account, &of)).await;
                (jid, found)
            },
            move |(jid, found)| Message::Devices(account, jid, found),
        )
    }

    /// Subscription requests waiting for an answer, over all accounts.
    pub fn requests(&self) -> usize {
        self.people
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| i.pending_in)
            .count()
    }

    fn item(&self, account: AccountId, jid: &BareJid) -> Option<(&People, &RosterItem)> {
        let people = self.people.iter().find(|p| p.account == account)?;
        Some((people, people.items.iter().find(|i| &i.jid == jid)?))
    }

    pub fn update(&mut self, message: Message, default_account: AccountId) -> Action {
        match message {
            Message::Loaded(Ok(people)) => self.people = people,
            Message::Loaded(Err(e)) => tracing::error!("cannot read contacts: {e}"),
            Message::Filter(f) => self.filter = f,
            Message::Select(account, jid) => {
                let name = self
                    .item(account, &jid)
                    .and_then(|(_, i)| i.name.clone())
                    .unwrap_or_default();
                self.selected = Some(Selected {
                    account,
                    jid,
                    name,
                    confirm_remove: false,
                    devices: Vec::new(),
                    code: String::new(),
                    verify_notice: None,
                });
                return Action::Run(self.reload_devices());
            }
            Message::Devices(account, jid, found) => match (&mut self.selected, found) {
                (Some(s), Ok(devices)) if s.account == account && s.jid == jid => {
                    s.devices = devices;
                }
                (_, Err(e)) => tracing::error!("cannot read devices: {e}"),
                _ => {}
            },
            Message::SetTrust(fingerprint, trust) => {
                let Some(s) = &self.selected else {
                    return Action::None;
                };
                if let Some(write) = security::trust_write(&s.jid, &s.devices, &fingerprint, trust)
                {
                    return Action::Trust(s.account, vec![write]);
                }
            }
            Message::Code(code) => {
                if let Some(s) = &mut self.selected {
                    s.code = code;
                    s.verify_notice = None;
                }
            }
            Message::Verify => {
                let Some(s) = &self.selected else {
                    return Action::None;
                };
                let code = s.code.clone();
                return self.verify(&code);
            }
            Message::PickQrImage => return Action::Run(pick_qr_image()),
            Message::ClipboardQr => return Action::Run(read_clipboard_qr()),
            Message::QrRead(None) => {}
            Message::QrRead(Some(Ok(code))) => return self.verify(&code),
            Message::QrRead(Some(Err(reason))) => {
                if let Some(s) = &mut self.selected {
                    s.verify_notice = Some((false, reason));
                }
            }
            Message::AddAddress(a) => {
                self.add_address = a;
                self.error = None;
            }
            Message::AddName(n) => self.add_name = n,
            Message::Add => return self.add(default_account),
            Message::Approve(account, jid) => {
                return Action::Command(account, Command::ApproveContact { jid });
            }
            Message::Deny(account, jid) => {
                return Action::Command(account, Command::DenyContact { jid });
            }
            Message::Rename(name) => {
                if let Some(s) = &mut self.selected {
                    s.name = name;
                }
            }
            Message::SaveName => {
                let Some(s) = &self.selected else {
                    return Action::None;
                };
                let name = s.name.trim();
                return Action::Command(
                    s.account,
                    Command::AddContact {
                        jid: s.jid.clone(),
                        name: (!name.is_empty()).then(|| name.to_string()),
                    },
                );
            }
            Message::Remove => {
                if let Some(s) = &mut self.selected {
                    s.confirm_remove = true;
                }
            }
            Message::ConfirmRemove => {
                let Some(s) = self.selected.take() else {
                    return Action::None;
                };
                return Action::Command(s.account, Command::RemoveContact { jid: s.jid });
            }
            Message::Block | Message::Unblock => {
                let Some(s) = &self.selected else {
                    return Action::None;
                };
                let jid = s.jid.clone();
                let command = if matches!(message, Message::Block) {
                    Command::Block { jid }
                } else {
                    Command::Unblock { jid }
                };
                return Action::Command(s.account, command);
            }
            Message::Chat => {
                if let Some(s) = &self.selected {
                    return Action::OpenChat(s.account, s.jid.clone());
                }
            }
        }
        Action::None
    }

    /// Checks a verification code against the selected contact's keys: the keys it matches
    /// are written as verified; anything else changes nothing and says why.
    fn verify(&mut self, code: &str) -> Action {
        let Some(s) = &self.selected else {
            return Action::None;
        };
        let name = match self.item(s.account, &s.jid) {
            Some((people, item)) => display_name(people, item),
            None => s.jid.to_string(),
        };
        let Some(s) = &mut self.selected else {
            return Action::None;
        };
        match security::verify_code(code, &s.jid, &s.devices) {
            Ok(verified) => {
                let mut notice = fl!("security-verified", name = name);
                if verified.unknown > 0 {
                    notice = format!("{notice} {}", fl!("security-verified-unknown"));
                }
                s.verify_notice = Some((true, notice));
                s.code.clear();
                Action::Trust(s.account, verified.writes)
            }
            Err(refused) => {
                s.verify_notice = Some((false, security::refused_text(&refused, &name)));
                Action::None
            }
        }
    }

    /// Adds the address typed or pasted: a bare address or an xmpp: link (?roster, ?subscribe
    /// or no action), whose name fills in the name when none was typed.
    fn add(&mut self, account: AccountId) -> Action {
        let input = self.add_address.trim();
        let (jid, link_name) = if input.to_ascii_lowercase().starts_with("xmpp:") {
            match uri::parse(input) {
                Ok(link) => {
                    let name = match link.action {
                        UriAction::Roster { name, .. } => name,
                        _ => None,
                    };
                    (Some(link.jid.to_bare()), name)
                }
                Err(e) => {
                    self.error = Some(e.to_string());
                    return Action::None;
                }
            }
        } else {
            (input.parse::<BareJid>().ok(), None)
        };
        let Some(jid) = jid.filter(|j| j.node().is_some()) else {
            self.error = Some(fl!("contacts-bad-address"));
            return Action::None;
        };
        let typed = self.add_name.trim();
        let name = if typed.is_empty() {
            link_name
        } else {
            Some(typed.to_string())
        };
        self.add_address.clear();
        self.add_name.clear();
        self.error = None;
        Action::Command(account, Command::AddContact { jid, name })
    }

    pub fn view<'a>(&'a self, directory: &'a Directory) -> Element<'a, Message> {
        let mut list = column![
            text(fl!("contacts-title")).size(20).font(theme::UI_BOLD),
            row![
                text_input(&fl!("contacts-add-address"), &self.add_address)
                    .on_input(Message::AddAddress)
                    .on_submit(Message::Add)
                    .padding(8),
            ],
            row![
                text_input(&fl!("contacts-add-name"), &self.add_name)
                    .on_input(Message::AddName)
                    .on_submit(Message::Add)
                    .padding(8),
                button(text(fl!("contacts-add")))
                    .on_press(Message::Add)
                    .padding([8, 14]),
            ]
            .spacing(8),
        ]
        .spacing(10)
        .padding(12);
        if let Some(error) = &self.error {
            list = list.push(text(error.clone()).size(13).style(text::danger));
        }

        let requests: Vec<Element<'a, Message>> = self
            .people
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p.account, i)))
            .filter(|(_, i)| i.pending_in)
            .map(|(account, i)| request_view(account, &i.jid))
            .collect();
        if !requests.is_empty() {
            list = list.push(text(fl!("contacts-requests")).font(theme::UI_BOLD));
            list = list.push(Column::with_children(requests).spacing(6));
        }

        list = list.push(
            text_input(&fl!("contacts-filter"), &self.filter)
                .on_input(Message::Filter)
                .padding(8),
        );
        let needle = self.filter.to_lowercase();
        let mut entries: Vec<(&People, &RosterItem)> = self
            .people
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p, i)))
            .filter(|(_, i)| !i.pending_in || i.subscription != Subscription::None)
            .filter(|(p, i)| {
                needle.is_empty()
                    || i.jid.as_str().contains(&needle)
                    || display_name(p, i).to_lowercase().contains(&needle)
            })
            .collect();
        entries.sort_by_key(|(p, i)| display_name(p, i).to_lowercase());
        if entries.is_empty() {
            list = list.push(text(fl!("contacts-empty")).style(text::secondary));
        }
        let rows = entries
            .into_iter()
            .map(|(p, i)| self.contact_row(p, i, directory));
        list = list.push(scrollable(Column::with_children(rows).spacing(2)).height(Length::Fill));

        let details: Element<'a, Message> = match &self.selected {
            Some(s) => self.details(s, directory),
            None => container(text(fl!("contacts-pick")).style(text::secondary))
                .center(Length::Fill)
                .into(),
        };
        row![
            container(list)
                .width(340)
                .height(Length::Fill)
                .style(container::bordered_box),
            details
        ]
        .into()
    }

    fn contact_row<'a>(
        &'a self,
        people: &'a People,
        item: &'a RosterItem,
        directory: &'a Directory,
    ) -> Element<'a, Message> {
        let name = display_name(people, item);
        let picture = picture(people, &item.jid, directory);
        let presence = directory.presence(people.account, &item.jid);
        let mut line = row![theme::avatar(item.jid.as_str(), &name, picture, 32.0)]
            .spacing(10)
            .align_y(Alignment::Center);
        let mut words = column![text(name.clone())].spacing(1);
        let sub = match presence.and_then(|p| p.status.clone()) {
            Some(status) => status,
            None => item.jid.to_string(),
        };
        let selected = self
            .selected
            .as_ref()
            .is_some_and(|s| s.account == people.account && s.jid == item.jid);
        // As in the chat list: the selected row is primary, its second line stays readable.
        let sub = text(sub).size(12);
        words = words.push(if selected {
            sub.style(theme::on_primary)
        } else {
            sub.style(text::secondary)
        });
        line = line.push(words.width(Length::Fill));
        if let Some(dot) = theme::presence_dot(presence.and_then(|p| p.show)) {
            line = line.push(dot);
        }
        button(line)
            .width(Length::Fill)
            .padding([6, 8])
            .style(if selected {
                button::primary
            } else {
                button::text
            })
            .on_press(Message::Select(people.account, item.jid.clone()))
            .into()
    }

    fn details<'a>(&'a self, s: &'a Selected, directory: &'a Directory) -> Element<'a, Message> {
        let Some((people, item)) = self.item(s.account, &s.jid) else {
            return container(text(fl!("contacts-pick")))
                .center(Length::Fill)
                .into();
        };
        let name = display_name(people, item);
        let picture = picture(people, &item.jid, directory);
        let presence = directory.presence(s.account, &s.jid);
        let blocked = people.blocked.contains(&s.jid);
        let mut page = column![
            theme::avatar(item.jid.as_str(), &name, picture, 96.0),
            text(name.clone()).size(22).font(theme::UI_BOLD),
            text(item.jid.to_string()).style(text::secondary),
        ]
        .spacing(10)
        .align_x(Alignment::Center);
        let status = match presence {
            Some(p) if p.show.is_some() => {
                let mut line = super::show_text(p.show);
                if let Some(status) = &p.status {
                    line = format!("{line}: {status}");
                }
                line
            }
            _ => match directory.last_seen(
                s.account,
                &s.jid,
                people.profiles.get(&s.jid).and_then(|p| p.last_seen),
            ) {
                Some(seen) => fl!("contacts-last-seen", when = super::chats::long_time(seen)),
                None => fl!("presence-offline"),
            },
        };
        page = page.push(text(status));
        if let Some(p) = presence
            && !p.devices.is_empty()
        {
            let mut devices = column![text(fl!("contacts-devices")).size(13).font(theme::UI_BOLD)]
                .spacing(4)
                .align_x(Alignment::Center);
            for d in &p.devices {
                let mut line = format!("{} · {}", d.resource, super::show_text(Some(d.show)));
                if let Some(client) = &d.client {
                    line = format!("{line} · {client}");
                }
                if let Some(status) = &d.status {
                    line = format!("{line} · {status}");
                }
                devices = devices.push(text(line).size(13).style(text::secondary));
            }
            page = page.push(devices);
        }
        page = page.push(
            text(subscription_text(item))
                .size(13)
                .style(text::secondary),
        );
        if blocked {
            page = page.push(text(fl!("contacts-blocked")).style(text::danger));
        }
        page = page.push(
            row![
                button(text(fl!("contacts-message"))).on_press(Message::Chat),
                if blocked {
                    button(text(fl!("contacts-unblock")))
                        .style(button::secondary)
                        .on_press(Message::Unblock)
                } else {
                    button(text(fl!("contacts-block")))
                        .style(button::secondary)
                        .on_press(Message::Block)
                },
                button(text(fl!("contacts-remove")))
                    .style(button::danger)
                    .on_press(Message::Remove),
            ]
            .spacing(10),
        );
        if s.confirm_remove {
            page = page.push(
                row![
                    text(fl!("contacts-remove-confirm", name = name.clone())),
                    button(text(fl!("contacts-remove")))
                        .style(button::danger)
                        .on_press(Message::ConfirmRemove),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        page = page.push(
            row![
                text_input(&fl!("contacts-rename"), &s.name)
                    .on_input(Message::Rename)
                    .on_submit(Message::SaveName)
                    .padding(8)
                    .width(260),
                button(text(fl!("settings-save"))).on_press(Message::SaveName),
            ]
            .spacing(8),
        );
        page = page.push(security_view(s, &name));
        scrollable(
            container(page.max_width(520))
                .center_x(Length::Fill)
                .padding(32),
        )
        .height(Length::Fill)
        .into()
    }
}

/// The contact's keys with their trust, and verification by code.
fn security_view<'a>(s: &'a Selected, name: &str) -> Element<'a, Message> {
    let mut section = column![
        text(fl!("security-title")).size(16).font(theme::UI_BOLD),
        iced::widget::rule::horizontal(1),
    ]
    .spacing(10)
    .width(Length::Fill);
    let keys = security::keys(&s.devices);
    if keys.is_empty() {
        section = section.push(
            text(fl!("security-no-keys"))
                .size(13)
                .style(text::secondary),
        );
    } else {
        section = section.push(text(fl!("security-explain", name = name)).size(13));
    }
    // Namespaces are worth naming only when the contact uses both.
    let both = keys.iter().any(|k| k.legacy) && keys.iter().any(|k| k.v2);
    for key in &keys {
        // A device no longer used gets nothing encrypted to it: nothing to decide.
        let actions = key.fingerprint.as_ref().filter(|_| key.active).map(|fp| {
            let mut buttons = row![].spacing(8);
            if key.trust != Trust::Verified {
                buttons = buttons.push(
                    button(text(fl!("security-mark-verified")).size(13))
                        .padding([4, 10])
                        .style(button::success)
                        .on_press(Message::SetTrust(fp.clone(), Trust::Verified)),
                );
            }
            if key.trust != Trust::Distrusted {
                buttons = buttons.push(
                    button(text(fl!("security-distrust")).size(13))
                        .padding([4, 10])
                        .style(button::secondary)
                        .on_press(Message::SetTrust(fp.clone(), Trust::Distrusted)),
                );
            }
            buttons.into()
        });
        section = section.push(security::key_view(key, both, actions));
    }
    section = section.push(text(fl!("security-verify-title")).font(theme::UI_BOLD));
    section = section.push(
        row![
            text_input(&fl!("security-verify-paste"), &s.code)
                .on_input(Message::Code)
                .on_submit(Message::Verify)
                .padding(8),
            button(text(fl!("security-verify"))).on_press(Message::Verify),
        ]
        .spacing(8),
    );
    section = section.push(
        row![
            button(text(fl!("security-verify-image")))
                .style(button::secondary)
                .on_press(Message::PickQrImage),
            button(text(fl!("security-verify-clipboard")))
                .style(button::secondary)
                .on_press(Message::ClipboardQr),
        ]
        .spacing(8),
    );
    if let Some((good, notice)) = &s.verify_notice {
        let line = text(notice.clone()).size(13);
        section = section.push(if *good {
            line.style(security::success_text)
        } else {
            line.style(text::danger)
        });
    }
    container(section)
        .padding([12, 0])
        .width(Length::Fill)
        .into()
}

/// Asks for an image file and reads the QR code in it, off the interface thread.
fn pick_qr_image() -> Task<Message> {
    Task::perform(
        async {
            let picked = rfd::AsyncFileDialog::new()
                .add_filter(
                    fl!("security-images"),
                    &["png", "jpg", "jpeg", "gif", "webp"],
                )
                .pick_file()
                .await?;
            let path = picked.path().to_path_buf();
            let read = tokio::task::spawn_blocking(move || security::read_qr_file(&path))
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
            Some(read)
        },
        Message::QrRead,
    )
}

/// Reads a code from the clipboard (a link, or a QR code in an image), off the interface
/// thread: the clipboard answers slowly, and decoding an image takes a while.
fn read_clipboard_qr() -> Task<Message> {
    Task::perform(
        async {
            let read = tokio::task::spawn_blocking(security::read_clipboard_code)
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
            Some(read)
        },
        Message::QrRead,
    )
}

fn request_view<'a>(account: AccountId, jid: &BareJid) -> Element<'a, Message> {
    container(
        column![
            text(fl!("contacts-request", address = jid.to_string())).size(14),
            row![
                button(text(fl!("contacts-approve")))
                    .on_press(Message::Approve(account, jid.clone())),
                button(text(fl!("contacts-deny")))
                    .style(button::secondary)
                    .on_press(Message::Deny(account, jid.clone())),
            ]
            .spacing(8),
        ]
        .spacing(6),
    )
    .padding(10)
    .width(Length::Fill)
    .style(container::rounded_box)
    .into()
}

/// The contact's own picture, once it is loaded.
fn picture<'a>(
    people: &People,
    jid: &BareJid,
    directory: &'a Directory,
) -> Option<&'a iced::widget::image::Handle> {
    let hash = people.profiles.get(jid)?.avatar.as_ref()?;
    directory.avatars.get(hash)
}

/// The name the user gave, else the contact's own nickname, else the address.
fn display_name(people: &People, item: &RosterItem) -> String {
    item.name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| people.profiles.get(&item.jid).and_then(|p| p.nick.clone()))
        .unwrap_or_else(|| item.jid.to_string())
}

fn subscription_text(item: &RosterItem) -> String {
    match (item.subscription, item.pending_out) {
        (Subscription::Both, _) => fl!("contacts-sub-both"),
        (Subscription::To, _) => fl!("contacts-sub-to"),
        (Subscription::From, true) | (Subscription::None, true) => fl!("contacts-sub-pending"),
        (Subscription::From, false) => fl!("contacts-sub-from"),
        (Subscription::None, false) => fl!("contacts-sub-none"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contacts() -> Contacts {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Some("test passphrase".to_string().into())).unwrap();
        // The store keeps its files open; the directory may go.
        Contacts::new(store)
    }

    fn added(c: &mut Contacts, address: &str, name: &str) -> Option<(BareJid, Option<String>)> {
        c.update(Message::AddAddress(address.into()), AccountId(1));
        c.update(Message::AddName(name.into()), AccountId(1));
        match c.update(Message::Add, AccountId(1)) {
            Action::Command(AccountId(1), Command::AddContact { jid, name }) => Some((jid, name)),
            _ => None,
        }
    }

    #[test]
    fn adds_by_address_or_link_and_refuses_anything_else() {
        let mut c = contacts();
        let (jid, name) = added(&mut c, " bob@example.org ", "").unwrap();
        assert_eq!((jid.as_str(), name), ("bob@example.org", None));
        let (jid, name) = added(&mut c, "xmpp:carol@example.org?roster;name=Carol", "").unwrap();
        assert_eq!(
            (jid.as_str(), name.as_deref()),
            ("carol@example.org", Some("Carol"))
        );
        let (_, name) = added(&mut c, "xmpp:carol@example.org?roster;name=Carol", "C.").unwrap();
        assert_eq!(name.as_deref(), Some("C."));
        assert!(added(&mut c, "example.org", "").is_none());
        assert!(c.error.is_some());
        assert!(added(&mut c, "xmpp:%zz@example.org", "").is_none());
        assert!(c.error.is_some());
    }

    const FP_A: &str = "2a2f3b1c0d4e5f60718293a4b5c6d7e8f9011223344556677889aabbccddeeff";
    const FP_B: &str = "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
    const FP_C: &str = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

    /// Bob selected, with two devices whose keys are known.
    fn with_bob() -> (Contacts, BareJid) {
        let mut c = contacts();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        let device = |id, fp: &str| Device {
            jid: bob.clone(),
            namespace: crate::core::OmemoNamespace::Legacy,
            id,
            label: None,
            active: true,
            fingerprint: Some(fp.into()),
            trust: Trust::Blind,
            first_seen: chrono::DateTime::UNIX_EPOCH,
        };
        let devices = vec![device(1, FP_A), device(2, FP_B)];
        c.update(Message::Select(AccountId(2), bob.clone()), AccountId(1));
        c.update(
            Message::Devices(AccountId(2), bob.clone(), Ok(devices)),
            AccountId(1),
        );
        (c, bob)
    }

    fn writes(action: Action) -> Option<Vec<TrustWrite>> {
        match action {
            Action::Trust(AccountId(2), writes) => Some(writes),
            _ => None,
        }
    }

    fn notice(c: &Contacts) -> Option<(bool, String)> {
        c.selected.as_ref()?.verify_notice.clone()
    }

    #[test]
    fn trust_buttons_write_the_contacts_key() {
        let (mut c, bob) = with_bob();
        let written = writes(c.update(
            Message::SetTrust(FP_B.into(), Trust::Distrusted),
            AccountId(1),
        ));
        assert_eq!(
            written,
            Some(vec![TrustWrite {
                jid: bob.clone(),
                fingerprint: FP_B.into(),
                trust: Trust::Distrusted
            }])
        );
        assert!(matches!(
            c.update(
                Message::SetTrust(FP_C.into(), Trust::Verified),
                AccountId(1)
            ),
            Action::None
        ));
        // Devices read for someone no longer selected are not shown as Bob's.
        c.update(
            Message::Devices(AccountId(2), "eve@example.org".parse().unwrap(), Ok(vec![])),
            AccountId(1),
        );
        assert_eq!(c.selected.as_ref().unwrap().devices.len(), 2);
    }

    #[test]
    fn a_pasted_code_verifies_matching_keys_and_refuses_the_rest() {
        let (mut c, bob) = with_bob();
        let paste = |c: &mut Contacts, code: String| {
            c.update(Message::Code(code), AccountId(1));
            c.update(Message::Verify, AccountId(1))
        };
        let written = writes(paste(
            &mut c,
            format!("xmpp:bob@example.org?omemo-sid-1={FP_A}"),
        ));
        assert_eq!(
            written,
            Some(vec![TrustWrite {
                jid: bob.clone(),
                fingerprint: FP_A.into(),
                trust: Trust::Verified
            }])
        );
        assert!(matches!(notice(&c), Some((true, _))));
        assert_eq!(c.selected.as_ref().unwrap().code, "");

        // Device 2's key is FP_B here: a code claiming FP_C for it changes nothing at all.
        let refused = paste(
            &mut c,
            format!("xmpp:bob@example.org?omemo-sid-1={FP_A};omemo-sid-2={FP_C}"),
        );
        assert!(matches!(refused, Action::None));
        let (good, text) = notice(&c).unwrap();
        assert!(!good && text.contains('2'), "{text}");

        // Someone else's code, even with Bob's key in it.
        let refused = paste(&mut c, format!("xmpp:eve@example.org?omemo-sid-1={FP_A}"));
        assert!(matches!(refused, Action::None));
        let (good, text) = notice(&c).unwrap();
        assert!(!good && text.contains("eve@example.org"), "{text}");

        // A code read from an image goes through the same check.
        let scanned = c.update(
            Message::QrRead(Some(Ok(format!("xmpp:bob@example.org?omemo-sid-2={FP_B}")))),
            AccountId(1),
        );
        assert_eq!(writes(scanned).map(|w| w.len()), Some(1));
        c.update(Message::QrRead(Some(Err("no code".into()))), AccountId(1));
        assert_eq!(notice(&c), Some((false, "no code".into())));

        // So does one from the clipboard: reading it is a task, never done in update.
        assert!(matches!(
            c.update(Message::ClipboardQr, AccountId(1)),
            Action::Run(_)
        ));
    }

    #[test]
    fn removing_asks_first() {
        let mut c = contacts();
        let bob: BareJid = "bob@example.org".parse().unwrap();
        c.update(Message::Select(AccountId(2), bob.clone()), AccountId(1));
        assert!(matches!(
            c.update(Message::Remove, AccountId(1)),
            Action::None
        ));
        match c.update(Message::ConfirmRemove, AccountId(1)) {
            Action::Command(AccountId(2), Command::RemoveContact { jid }) => assert_eq!(jid, bob),
            _ => panic!("should remove"),
        }
    }
}
