//! The one link between the interface and the session service: a subscription per account,
//! identified by the account id only, that starts the service and forwards its events.

use std::hash::{Hash, Hasher};

use futures::SinkExt;
use iced::Subscription;

use crate::core::{AccountId, Event};
use crate::session::{self, Handle, Options};
use crate::store::Store;

/// What the subscription reports.
#[derive(Debug, Clone)]
pub enum Update {
    /// The service runs; commands go to this handle.
    Ready(Handle),
    Event(Event),
    /// The service could not start or stopped; the text says why.
    Stopped(String),
}

/// Which account to run, with the store it reads. Hashed by the account and a generation
/// only: an unrelated change never restarts a connection, and bumping the generation (a new
/// password, a pinned certificate) starts a fresh one.
#[derive(Clone)]
pub struct Link {
    pub account: AccountId,
    pub generation: u32,
    pub store: Store,
}

impl Hash for Link {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.account.hash(state);
        self.generation.hash(state);
    }
}

pub fn subscription(link: Link) -> Subscription<(AccountId, Update)> {
    Subscription::run_with(link, |link| {
        let link = link.clone();
        iced::stream::channel(64, async move |mut output| {
            let account = link.account;
            let started = session::start(link.store, account, Options::default()).await;
            let (handle, mut events) = match started {
                Ok(started) => started,
                Err(e) => {
                    let _ = output.send((account, Update::Stopped(e.to_string()))).await;
                    return;
                }
            };
            let _ = output.send((account, Update::Ready(handle))).await;
            while let Some(event) = events.recv().await {
                if output.send((account, Update::Event(event))).await.is_err() {
                    return;
                }
            }
            let _ = output
                .send((account, Update::Stopped("the session ended".into())))
                .await;
        })
    })
}
