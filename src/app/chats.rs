//! The main window: the conversation list beside the open conversation and its composer.

use chrono::{DateTime, Local, Utc};
use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length, Task};

use crate::core::{AccountId, BareJid, Command, ConversationId, Delivery, Direction, OutgoingText};
use crate::fl;
use crate::store::conversations::{self, Summary};
use crate::store::{Store, messages};

/// How many of the newest messages an open conversation shows.
const PAGE: usize = 200;

#[derive(Debug, Clone)]
pub enum Message {
    Listed(Result<Vec<Summary>, crate::core::Error>),
    Filter(String),
    Select(ConversationId),
    Loaded(
        ConversationId,
        Result<Vec<crate::core::Message>, crate::core::Error>,
    ),
    Compose(String),
    Send,
    NewChat,
    NewAddress(String),
    Start,
}

pub enum Action {
    None,
    Run(Task<Message>),
    /// Hand a command to the account's session service.
    Command(AccountId, Command),
}

struct Open {
    conversation: ConversationId,
    account: AccountId,
    peer: BareJid,
    messages: Vec<crate::core::Message>,
}

pub struct Chats {
    store: Store,
    /// The account new conversations start from.
    account: AccountId,
    list: Vec<Summary>,
    filter: String,
    open: Option<Open>,
    composer: String,
    new_chat: Option<String>,
    pub status: Option<String>,
}

impl Chats {
    pub fn new(store: Store, account: AccountId) -> (Chats, Task<Message>) {
        let chats = Chats {
            store,
            account,
            list: Vec::new(),
            filter: String::new(),
            open: None,
            composer: String::new(),
            new_chat: None,
            status: None,
        };
        let task = chats.reload_list();
        (chats, task)
    }

    /// Unread messages over all conversations, for the window title.
    pub fn unread(&self) -> i64 {
        self.list
            .iter()
            .filter(|s| !s.muted)
            .map(|s| s.unread)
            .sum()
    }

    fn reload_list(&self) -> Task<Message> {
        let readers = self.store.readers.clone();
        Task::perform(
            async move { readers.read(conversations::list).await },
            Message::Listed,
        )
    }

    fn load(&self, conversation: ConversationId) -> Task<Message> {
        let readers = self.store.readers.clone();
        Task::perform(
            async move {
                readers
                    .read(move |c| messages::page(c, conversation, None, PAGE))
                    .await
            },
            move |page| Message::Loaded(conversation, page),
        )
    }

    /// The store changed for these conversations: re-read what is on screen.
    pub fn refresh(&self, changed: &[ConversationId]) -> Task<Message> {
        let mut tasks = vec![self.reload_list()];
        if let Some(open) = &self.open
            && (changed.is_empty() || changed.contains(&open.conversation))
        {
            tasks.push(self.load(open.conversation));
        }
        Task::batch(tasks)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Listed(Ok(list)) => {
                self.list = list;
                // A new chat's conversation exists once its first message is stored.
                if let (Some(open), None) = (&self.open, self.new_chat.as_ref())
                    && open.conversation.0 == 0
                    && let Some(found) = self.list.iter().find(|s| s.peer == open.peer)
                {
                    let id = found.id;
                    return self.select(id);
                }
                Action::None
            }
            Message::Listed(Err(e)) | Message::Loaded(_, Err(e)) => {
                tracing::error!("cannot read the store: {e}");
                Action::None
            }
            Message::Filter(f) => {
                self.filter = f;
                Action::None
            }
            Message::Select(id) => self.select(id),
            Message::Loaded(id, Ok(page)) => {
                let Some(open) = self.open.as_mut().filter(|o| o.conversation == id) else {
                    return Action::None;
                };
                let has_unread = self.list.iter().any(|s| s.id == id && s.unread > 0);
                open.messages = page;
                if has_unread {
                    return Action::Command(
                        open.account,
                        Command::MarkDisplayed { conversation: id },
                    );
                }
                Action::None
            }
            Message::Compose(text) => {
                self.composer = text;
                Action::None
            }
            Message::Send => {
                let Some(open) = &self.open else {
                    return Action::None;
                };
                if self.composer.trim().is_empty() {
                    return Action::None;
                }
                let body = std::mem::take(&mut self.composer);
                let text = OutgoingText {
                    to: open.peer.clone(),
                    body,
                };
                Action::Command(open.account, Command::SendText(text))
            }
            Message::NewChat => {
                self.new_chat = Some(String::new());
                Action::None
            }
            Message::NewAddress(a) => {
                self.new_chat = Some(a);
                Action::None
            }
            Message::Start => {
                let Some(address) = self.new_chat.as_deref() else {
                    return Action::None;
                };
                let Ok(peer) = address.trim().parse::<BareJid>() else {
                    return Action::None;
                };
                self.new_chat = None;
                if let Some(existing) = self.list.iter().find(|s| s.peer == peer) {
                    let id = existing.id;
                    return self.select(id);
                }
                // Not stored yet: the conversation appears with its first message.
                self.open = Some(Open {
                    conversation: ConversationId(0),
                    account: self.account,
                    peer,
                    messages: Vec::new(),
                });
                Action::None
            }
        }
    }

    fn select(&mut self, id: ConversationId) -> Action {
        let Some(summary) = self.list.iter().find(|s| s.id == id) else {
            return Action::None;
        };
        self.open = Some(Open {
            conversation: id,
            account: summary.account,
            peer: summary.peer.clone(),
            messages: Vec::new(),
        });
        self.composer.clear();
        Action::Run(self.load(id))
    }

    pub fn view(&self) -> Element<'_, Message> {
        let list = self.list_view();
        let conversation = match &self.open {
            Some(open) => self.conversation_view(open),
            None => container(text(fl!("chats-pick")))
                .center(Length::Fill)
                .into(),
        };
        row![list, conversation].height(Length::Fill).into()
    }

    fn list_view(&self) -> Element<'_, Message> {
        let needle = self.filter.to_lowercase();
        let items = self
            .list
            .iter()
            .filter(|s| {
                needle.is_empty()
                    || s.title().to_lowercase().contains(&needle)
                    || s.peer.as_str().contains(&needle)
            })
            .map(|s| self.list_item(s));
        let mut column = column![
            row![
                text_input(&fl!("chats-search"), &self.filter)
                    .on_input(Message::Filter)
                    .padding(8),
                button(text("+"))
                    .on_press(Message::NewChat)
                    .padding([8, 14]),
            ]
            .spacing(8),
        ]
        .spacing(8)
        .padding(10);
        if let Some(status) = &self.status {
            column = column.push(text(status.clone()).size(13).style(text::secondary));
        }
        if let Some(address) = &self.new_chat {
            column = column.push(
                row![
                    text_input(&fl!("chats-new-address"), address)
                        .on_input(Message::NewAddress)
                        .on_submit(Message::Start)
                        .padding(8),
                    button(text(fl!("chats-start"))).on_press(Message::Start),
                ]
                .spacing(8),
            );
        }
        if self.list.is_empty() {
            column = column.push(text(fl!("chats-empty")).style(text::secondary));
        }
        column = column.push(scrollable(
            iced::widget::Column::with_children(items).spacing(2),
        ));
        container(column)
            .width(320)
            .height(Length::Fill)
            .style(container::bordered_box)
            .into()
    }

    fn list_item<'a>(&self, s: &'a Summary) -> Element<'a, Message> {
        let preview = s.last_body.clone().unwrap_or_default();
        let preview: String = preview
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        let preview = if s.last_outgoing {
            fl!("chats-you", text = preview)
        } else {
            preview
        };
        let time = s.last_time.map(short_time).unwrap_or_default();
        let mut top = row![
            text(s.title()).size(15).width(Length::Fill),
            text(time).size(12)
        ]
        .spacing(6)
        .align_y(Alignment::Center);
        if s.unread > 0 {
            top = top.push(
                container(text(s.unread.to_string()).size(12))
                    .padding([1, 7])
                    .style(container::primary),
            );
        }
        let selected = self.open.as_ref().is_some_and(|o| o.conversation == s.id);
        let preview = text(preview).size(13);
        let preview = if selected {
            preview.style(on_primary)
        } else {
            preview.style(text::secondary)
        };
        button(column![top, preview].spacing(3))
            .width(Length::Fill)
            .padding(10)
            .style(if selected {
                button::primary
            } else {
                button::text
            })
            .on_press(Message::Select(s.id))
            .into()
    }

    fn conversation_view<'a>(&'a self, open: &'a Open) -> Element<'a, Message> {
        let title = self
            .list
            .iter()
            .find(|s| s.id == open.conversation)
            .map(|s| s.title().to_string())
            .unwrap_or_else(|| open.peer.to_string());
        let header = container(text(title).size(18)).padding(12);
        let mut body = column![].spacing(6).padding(12);
        let mut last_day = None;
        for m in &open.messages {
            let day = m.timestamp.with_timezone(&Local).date_naive();
            if last_day != Some(day) {
                last_day = Some(day);
                body = body.push(
                    container(text(day_label(m.timestamp)).size(12).style(text::secondary))
                        .center_x(Length::Fill),
                );
            }
            body = body.push(bubble(m));
        }
        let messages = scrollable(body).anchor_bottom().height(Length::Fill);
        let composer = row![
            text_input(&fl!("chat-composer"), &self.composer)
                .on_input(Message::Compose)
                .on_submit(Message::Send)
                .padding(10),
            button(text(fl!("chat-send")))
                .on_press(Message::Send)
                .padding([10, 16]),
        ]
        .spacing(8)
        .padding(10);
        column![header, messages, composer]
            .width(Length::Fill)
            .height(Length::Fill)
            .into()
    }
}

fn bubble(m: &crate::core::Message) -> Element<'_, Message> {
    let outgoing = m.direction == Direction::Out;
    let body = if m.retracted {
        text(fl!("chat-retracted")).style(text::secondary)
    } else {
        text(m.body.as_str())
    };
    let mut meta = short_time(m.timestamp);
    if m.edited {
        meta = format!("{meta} · {}", fl!("chat-edited"));
    }
    if outgoing {
        meta = format!("{meta} · {}", delivery_label(m));
    }
    let meta = text(meta).size(11);
    let meta = if outgoing {
        meta.style(on_primary)
    } else {
        meta.style(text::secondary)
    };
    let content = column![body, meta].spacing(4);
    let bubble = container(content)
        .padding([8, 12])
        .max_width(520)
        .style(if outgoing {
            container::primary
        } else {
            container::rounded_box
        });
    let aligned = container(bubble).width(Length::Fill);
    if outgoing {
        aligned.align_right(Length::Fill).into()
    } else {
        aligned.into()
    }
}

/// Secondary text on a primary-coloured background (own bubbles, the selected chat).
fn on_primary(theme: &iced::Theme) -> text::Style {
    let on = theme.extended_palette().primary.base.text;
    text::Style {
        color: Some(on.scale_alpha(0.8)),
    }
}

fn delivery_label(m: &crate::core::Message) -> String {
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
fn short_time(t: DateTime<Utc>) -> String {
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

fn day_label(t: DateTime<Utc>) -> String {
    let day = t.with_timezone(&Local).date_naive();
    let today = Local::now().date_naive();
    if day == today {
        fl!("chat-today")
    } else if today.pred_opt() == Some(day) {
        fl!("chat-yesterday")
    } else {
        day.format("%A, %Y-%m-%d").to_string()
    }
}
