//! Contacts: everyone on the contact lists of all accounts, requests to approve, adding by
//! address or xmpp: link, and one contact's details with what can be done about them.

use std::collections::HashMap;

use iced::widget::{Column, button, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use super::Directory;
use super::theme;
use crate::core::uri::{self, UriAction};
use crate::core::{Account, AccountId, BareJid, Command, Error, Profile, RosterItem, Subscription};
use crate::fl;
use crate::store::{Store, blocklist, profiles, roster};

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
}

pub enum Action {
    None,
    Command(AccountId, Command),
    /// Open (or start) the conversation with this contact.
    OpenChat(AccountId, BareJid),
}

struct Selected {
    account: AccountId,
    jid: BareJid,
    name: String,
    confirm_remove: bool,
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
                });
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
        container(page.max_width(520))
            .center_x(Length::Fill)
            .padding(32)
            .into()
    }
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
