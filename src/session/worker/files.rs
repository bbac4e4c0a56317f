//! Files through the session (XEP-0363, XEP-0454): the upload service, found once per
//! session; a slot per file; the PUT and the GET in tasks of their own, so the stream never
//! waits for HTTP; the message, sent once its file is on the server. An encrypted download
//! is checked (its GCM tag) in memory before its plain text touches the disk; what the window
//! downloads to show stays sealed in the media cache (media::cache) until the user saves it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use tokio_xmpp::stanzastream::StanzaStream;
use xmpp_parsers::jid::{BareJid, Jid};
use xmpp_parsers::minidom::Element;

use super::{IqPurpose, Worker};
use crate::core::{
    Attachment, CachedFile, Direction, Encryption, Error, ErrorKind, Event, MessageId,
    MessagesChanged, OutgoingFile, SaveTo, Transfer, TransferId, TransferState,
};
use crate::media::aesgcm::{FileKey, SharedFile};
use crate::media::http::{Http, Progress, size_text};
use crate::media::{cache, media_type, metadata, name};
use crate::session::{disco, outgoing, tls, upload};
use crate::store::{conversations, media, rooms};

/// The largest file we read to send when the server names no limit.
const DEFAULT_MAX: u64 = 512 * 1024 * 1024;
/// Progress events per transfer: at most one this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);
/// What XEP-0454 adds to a file: the GCM tag.
const TAG: u64 = 16;

/// Where we are in finding our server's upload service.
#[derive(Debug, Default)]
enum Lookup {
    #[default]
    Unknown,
    /// disco#info answers still expected.
    Looking {
        pending: usize,
    },
    Found {
        jid: Jid,
        max_size: Option<u64>,
    },
    Missing,
}

/// How a file for one conversation goes up.
enum FileEncryption {
    Seal,
    Plain,
    /// Not known until these accounts' device lists are read.
    AskLists(Vec<BareJid>),
}

/// What a finished upload needs to become a message.
pub(super) struct Meta {
    id: TransferId,
    to: BareJid,
    /// Privately to this occupant of the room `to`.
    private: Option<String>,
    name: String,
    media_type: String,
    /// The plain size.
    size: u64,
    key: Option<FileKey>,
    /// The SHA-256 of a plain file, for its XEP-0447 description.
    sha256: Option<[u8; 32]>,
    path: PathBuf,
    /// A picture's or voice note's sealed copy, kept in the media cache once sent: the
    /// window shows our own files from there, whatever becomes of the original.
    own_copy: Option<(Vec<u8>, FileKey)>,
}

/// A file on its way up: what goes to the server (sealed when `meta.key` is set).
struct Upload {
    meta: Meta,
    data: Vec<u8>,
}

/// A transfer task's end, back to the worker.
pub(super) enum Ended {
    Upload {
        meta: Box<Meta>,
        get: String,
        result: Result<(), Error>,
    },
    /// A download reported its own result; it only leaves the running list.
    Download(TransferId),
}

/// A transfer task at work, and what its events say of it.
struct Running {
    task: AbortHandle,
    transfer: Transfer,
}

pub(super) struct Files {
    lookup: Lookup,
    /// Waiting for the service (or for the connection).
    waiting: Vec<Upload>,
    /// Read, waiting for device lists to say whether they are encrypted.
    awaiting_lists: Vec<Upload>,
    /// Waiting for their slot.
    slotted: HashMap<TransferId, Upload>,
    running: HashMap<TransferId, Running>,
    http: Option<Http>,
    done: mpsc::UnboundedSender<Ended>,
    /// Taken by the worker's loop.
    pub(super) finished: Option<mpsc::UnboundedReceiver<Ended>>,
}

impl Default for Files {
    fn default() -> Files {
        let (done, finished) = mpsc::unbounded_channel();
        Files {
            lookup: Lookup::Unknown,
            waiting: Vec::new(),
            awaiting_lists: Vec::new(),
            slotted: HashMap::new(),
            running: HashMap::new(),
            http: None,
            done,
            finished: Some(finished),
        }
    }
}

impl Files {
    /// A fresh session: the service is looked up again, and files waiting for a slot ask
    /// again (the old requests will not be answered).
    pub(super) fn reset(&mut self) {
        self.lookup = Lookup::Unknown;
        self.waiting.extend(self.slotted.drain().map(|(_, u)| u));
    }
}

/// Progress of `transfer`, passed on as events at most every PROGRESS_EVERY.
fn progress(
    events: mpsc::Sender<Event>,
    account: crate::core::AccountId,
    transfer: Transfer,
    total: u64,
) -> Progress {
    let last = Mutex::new(Instant::now() - PROGRESS_EVERY);
    Arc::new(move |done| {
        let Ok(mut last) = last.lock() else { return };
        if last.elapsed() < PROGRESS_EVERY && done < total {
            return;
        }
        *last = Instant::now();
        let transfer = Transfer {
            state: TransferState::Running { done, total },
            ..transfer.clone()
        };
        // A full channel drops a progress step, never a result.
        let _ = events.try_send(Event::Transfer { account, transfer });
    })
}

fn failed(reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidInput, reason)
}

impl Worker {
    fn http(&mut self) -> Result<Http, Error> {
        if let Some(http) = &self.files.http {
            return Ok(http.clone());
        }
        let (config, _) = tls::client_config(&self.account.settings)
            .map_err(|e| Error::new(ErrorKind::Network, e))?;
        let http = Http::new(&config)?;
        self.files.http = Some(http.clone());
        Ok(http)
    }

    async fn transfer_event(&self, transfer: Transfer) {
        let account = self.account.id;
        self.emit(Event::Transfer { account, transfer }).await;
    }

    async fn upload_failed(&self, meta: &Meta, reason: String) {
        self.transfer_event(Transfer {
            id: meta.id,
            direction: Direction::Out,
            peer: meta.to.clone(),
            private: meta.private.clone(),
            name: meta.name.clone(),
            message: None,
            state: TransferState::Failed { reason },
        })
        .await;
    }

    /// Reads, encrypts when the conversation is encrypted, and queues a file for upload.
    pub(super) async fn send_file(&mut self, stream: &StanzaStream, file: OutgoingFile) {
        let raw_name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = name::sanitize(&raw_name);
        let mut meta = Meta {
            id: file.id,
            to: file.to,
            private: file.private,
            media_type: media_type(&name).to_string(),
            name,
            size: 0,
            key: None,
            sha256: None,
            path: file.path,
            own_copy: None,
        };
        let read = match file.contents {
            // The window's only copy moves in; a shared one is copied.
            Some(bytes) => self
                .check_size(bytes.0.len() as u64)
                .map(|()| Arc::try_unwrap(bytes.0).unwrap_or_else(|shared| (*shared).clone())),
            None => self.read_for_upload(&meta).await,
        };
        let read = read.map(|data| match file.keep_metadata {
            true => data,
            false => metadata::strip(data, &meta.media_type),
        });
        if let Ok(data) = &read {
            meta.size = data.len() as u64;
        }
        match read {
            Ok(data) => self.prepare_upload(stream, Upload { meta, data }).await,
            Err(e) => self.upload_failed(&meta, e.message).await,
        }
    }

    /// Seals a read file when its conversation is encrypted and queues it; when that is not
    /// known yet (a new contact whose device lists were not read this session), the lists
    /// are asked for and the file waits for them: a file uploaded in plain text for a
    /// conversation that then turns out encrypted would be readable by the servers.
    async fn prepare_upload(&mut self, stream: &StanzaStream, mut upload: Upload) {
        // A private conversation through a room is never encrypted, nor are its files.
        let decision = match upload.meta.private {
            Some(_) => Ok(FileEncryption::Plain),
            None => self.file_encryption(&upload.meta.to).await,
        };
        let decision = match decision {
            Ok(d) => d,
            Err(e) => return self.upload_failed(&upload.meta, e.message).await,
        };
        match decision {
            FileEncryption::AskLists(lists) => {
                self.files.awaiting_lists.push(upload);
                self.fetch_for_encryption(stream, lists, Vec::new()).await;
                return;
            }
            // Sealing and hashing take a while for a large file: off the account's task, which
            // meanwhile goes on receiving.
            chosen @ (FileEncryption::Seal | FileEncryption::Plain) => {
                let seal = matches!(chosen, FileEncryption::Seal);
                let keep = kept_for_showing(&upload.meta);
                let data = std::mem::take(&mut upload.data);
                match blocking(move || prepared(data, seal, keep)).await {
                    Ok(ready) => {
                        upload.data = ready.data;
                        upload.meta.key = ready.key;
                        upload.meta.sha256 = ready.sha256;
                        upload.meta.own_copy = ready.own_copy;
                    }
                    Err(e) => return self.upload_failed(&upload.meta, e.message).await,
                }
            }
        }
        self.files.waiting.push(upload);
        self.pump_uploads(stream).await;
    }

    /// Device lists were read (or a fresh session began): files that waited for them are
    /// decided now, or ask again.
    pub(super) async fn lists_read_for_uploads(&mut self, stream: &StanzaStream) {
        for upload in std::mem::take(&mut self.files.awaiting_lists) {
            Box::pin(self.prepare_upload(stream, upload)).await;
        }
    }

    async fn read_for_upload(&self, meta: &Meta) -> Result<Vec<u8>, Error> {
        let unreadable =
            |e: std::io::Error| failed(format!("cannot read {}: {e}", meta.path.display()));
        let info = tokio::fs::metadata(&meta.path).await.map_err(unreadable)?;
        if !info.is_file() {
            return Err(failed(format!("{} is not a file", meta.path.display())));
        }
        self.check_size(info.len())?;
        tokio::fs::read(&meta.path).await.map_err(unreadable)
    }

    /// Refuses a file larger than the server takes.
    fn check_size(&self, size: u64) -> Result<(), Error> {
        let limit = match &self.files.lookup {
            Lookup::Found {
                max_size: Some(max),
                ..
            } => *max,
            _ => DEFAULT_MAX,
        };
        if size > limit {
            return Err(failed(format!(
                "the file is larger than your server takes ({})",
                size_text(limit)
            )));
        }
        Ok(())
    }

    /// Whether a file for `to` is encrypted: when its messages will be. A public channel
    /// never is; a conversation set to encrypted always is; an automatic one when the contact
    /// (or a private group's member) has an OMEMO device we know, once their device lists
    /// were read in this session.
    async fn file_encryption(&self, to: &BareJid) -> Result<FileEncryption, Error> {
        let Some(omemo) = &self.omemo else {
            return Ok(FileEncryption::Plain);
        };
        let read: HashSet<BareJid> = omemo.fetch.lists_read.clone();
        let account = self.account.id;
        let to = to.clone();
        self.store
            .readers
            .read(move |c| {
                let mode = match conversations::find(c, account, &to)? {
                    Some(id) => conversations::encryption(c, id)?,
                    None => Encryption::Automatic,
                };
                let room = rooms::find(c, account, &to)?;
                let people = match &room {
                    Some(r) if !r.private => return Ok(FileEncryption::Plain),
                    Some(r) => rooms::members(c, r.conversation)?,
                    None => vec![to.clone()],
                };
                Ok(match mode {
                    Encryption::Off => FileEncryption::Plain,
                    Encryption::On => FileEncryption::Seal,
                    Encryption::Automatic => {
                        let mut any = false;
                        for jid in &people {
                            any |= !crate::store::omemo::devices(c, account, jid)?.is_empty();
                        }
                        let unread: Vec<BareJid> =
                            people.into_iter().filter(|j| !read.contains(j)).collect();
                        match (any, unread.is_empty()) {
                            (true, _) => FileEncryption::Seal,
                            (false, true) => FileEncryption::Plain,
                            (false, false) => FileEncryption::AskLists(unread),
                        }
                    }
                })
            })
            .await
    }

    /// Moves waiting files on: finds the service, asks slots, or fails them when our server
    /// has no upload service. Offline, they wait for the next session.
    pub(super) async fn pump_uploads(&mut self, stream: &StanzaStream) {
        if self.files.waiting.is_empty() || !self.is_online() {
            return;
        }
        match &self.files.lookup {
            Lookup::Unknown => {
                let Ok(domain) = self.own().domain().as_str().parse::<Jid>() else {
                    return;
                };
                self.files.lookup = Lookup::Looking { pending: 1 };
                let items = disco::items_request();
                self.send_iq(
                    stream,
                    Some(domain),
                    false,
                    items,
                    IqPurpose::UploadServices,
                )
                .await;
            }
            Lookup::Looking { .. } => {}
            Lookup::Missing => {
                for upload in std::mem::take(&mut self.files.waiting) {
                    let reason = "your server does not offer file upload".to_string();
                    self.upload_failed(&upload.meta, reason).await;
                }
            }
            Lookup::Found { jid, max_size } => {
                let (jid, max_size) = (jid.clone(), *max_size);
                for upload in std::mem::take(&mut self.files.waiting) {
                    let on_wire = upload.data.len() as u64;
                    if max_size.is_some_and(|max| on_wire > max) {
                        let max = size_text(max_size.unwrap_or_default());
                        let reason = format!("the file is larger than your server takes ({max})");
                        self.upload_failed(&upload.meta, reason).await;
                        continue;
                    }
                    let request =
                        upload::request(&upload.meta.name, on_wire, &upload.meta.media_type);
                    let purpose = IqPurpose::UploadSlot(upload.meta.id);
                    self.files.slotted.insert(upload.meta.id, upload);
                    self.send_iq(stream, Some(jid.clone()), false, request, purpose)
                        .await;
                }
            }
        }
    }

    /// Our server's items: the server itself and each item may be the upload service.
    pub(super) async fn on_upload_services(
        &mut self,
        stream: &StanzaStream,
        result: Result<Option<Element>, String>,
    ) {
        let mut candidates: Vec<BareJid> = match result {
            Ok(Some(q)) => disco::items(&q).into_iter().map(|i| i.jid).collect(),
            _ => Vec::new(),
        };
        candidates.push(
            self.own()
                .domain()
                .as_str()
                .parse()
                .expect("a domain is an address"),
        );
        self.files.lookup = Lookup::Looking {
            pending: candidates.len(),
        };
        for jid in candidates {
            let to = Some(Jid::from(jid.clone()));
            let purpose = IqPurpose::UploadService(jid);
            self.send_iq(stream, to, false, disco::info_request(), purpose)
                .await;
        }
    }

    /// One candidate described itself: the first upload service is ours.
    pub(super) async fn on_upload_service(
        &mut self,
        stream: &StanzaStream,
        jid: BareJid,
        result: Result<Option<Element>, String>,
    ) {
        let Lookup::Looking { pending } = &mut self.files.lookup else {
            return;
        };
        *pending = pending.saturating_sub(1);
        let left = *pending;
        if let Ok(Some(q)) = &result
            && let Some(service) = upload::service(q)
        {
            self.files.lookup = Lookup::Found {
                jid: Jid::from(jid),
                max_size: service.max_size,
            };
        } else if left == 0 {
            self.files.lookup = Lookup::Missing;
        }
        self.pump_uploads(stream).await;
    }

    /// A slot (or a refusal) for one file: the PUT starts in a task of its own.
    pub(super) async fn on_upload_slot(
        &mut self,
        id: TransferId,
        result: Result<Option<Element>, String>,
    ) {
        let Some(upload) = self.files.slotted.remove(&id) else {
            return;
        };
        let slot = match result {
            Ok(Some(answer)) => upload::slot(answer),
            Ok(None) => Err("the upload service gave no slot".to_string()),
            Err(reason) => Err(format!("the upload service refused the file: {reason}")),
        };
        let (slot, http) = match (slot, self.http()) {
            (Ok(slot), Ok(http)) => (slot, http),
            (Err(reason), _) => return self.upload_failed(&upload.meta, reason).await,
            (_, Err(e)) => return self.upload_failed(&upload.meta, e.message).await,
        };
        let transfer = Transfer {
            id,
            direction: Direction::Out,
            peer: upload.meta.to.clone(),
            private: upload.meta.private.clone(),
            name: upload.meta.name.clone(),
            message: None,
            state: TransferState::Running { done: 0, total: 0 },
        };
        let total = upload.data.len() as u64;
        let progress = progress(
            self.events.clone(),
            self.account.id,
            transfer.clone(),
            total,
        );
        let done = self.files.done.clone();
        let Upload { meta, data } = upload;
        let task = tokio::spawn(async move {
            let result = http
                .put(&slot.put, &slot.headers, &meta.media_type, data, progress)
                .await;
            let get = slot.get;
            let meta = Box::new(meta);
            let _ = done.send(Ended::Upload { meta, get, result });
        });
        let task = task.abort_handle();
        self.files.running.insert(id, Running { task, transfer });
    }

    /// A transfer task ended. An upload's file is on the server (or not): its message is
    /// queued and sent.
    pub(super) async fn on_transfer_ended(&mut self, stream: &StanzaStream, ended: Ended) {
        let (mut meta, get, result) = match ended {
            Ended::Upload { meta, get, result } => (*meta, get, result),
            Ended::Download(id) => {
                self.files.running.remove(&id);
                return;
            }
        };
        if self.files.running.remove(&meta.id).is_none() {
            return; // cancelled meanwhile
        }
        if let Err(e) = result {
            return self.upload_failed(&meta, e.message).await;
        }
        let url = match &meta.key {
            Some(key) => match SharedFile::url(&get, key) {
                Ok(url) => url,
                Err(e) => return self.upload_failed(&meta, e.message).await,
            },
            None => get,
        };
        // A copy the cache could not take only means the original is shown instead.
        let cached = match meta.own_copy.take() {
            Some((sealed, key)) => cache::put(self.store.media_dir(), &sealed, &key)
                .await
                .inspect_err(|e| tracing::warn!("our file is not kept: {e}"))
                .ok(),
            None => None,
        };
        let attachment = Attachment {
            url,
            name: meta.name.clone(),
            size: Some(meta.size),
            media_type: Some(meta.media_type.clone()),
            // A recording sent from memory has only a name: nothing on disk to show.
            local_path: meta.path.is_absolute().then(|| meta.path.clone()),
            cached,
        };
        let account = self.account.id;
        if attachment.encrypted() {
            // Its key is in the body: from now on this conversation sends only encrypted.
            let to = meta.to.clone();
            let marked = self
                .store
                .writer
                .write(move |tx| {
                    let id = conversations::get_or_create(tx, account, &to)?;
                    conversations::note_encrypted(tx, id)
                })
                .await;
            if let Err(e) = marked {
                return self.upload_failed(&meta, e.message).await;
            }
        }
        let own = self.own().clone();
        let queued = outgoing::queue_file(
            &self.store,
            account,
            own,
            meta.to.clone(),
            meta.private.clone(),
            attachment,
            meta.sha256,
        )
        .await;
        match queued {
            Ok(message) => {
                self.announce(Some(message)).await;
                self.transfer_event(Transfer {
                    id: meta.id,
                    direction: Direction::Out,
                    private: meta.private.clone(),
                    peer: meta.to,
                    name: meta.name,
                    message: Some(message),
                    state: TransferState::Finished { message },
                })
                .await;
                if self.is_online() {
                    self.send_new_outbox_entries(stream).await;
                }
            }
            Err(e) => self.upload_failed(&meta, e.message).await,
        }
    }

    /// Downloads a message's file in a task of its own, into a folder or the media cache.
    pub(super) async fn download(
        &mut self,
        id: TransferId,
        message: MessageId,
        to: SaveTo,
        max_size: u64,
    ) {
        let found = self
            .store
            .readers
            .read(move |c| {
                let m = crate::store::messages::get(c, message)?;
                Ok(((m.peer, m.private), m.conversation, media::get(c, message)?))
            })
            .await;
        let (peer, conversation, attachment) = match found {
            Ok((peer, conversation, Some(a))) => (peer, conversation, a),
            Ok(_) | Err(_) => {
                let reason = "this message carries no file".to_string();
                return self.command_failed("download", reason).await;
            }
        };
        let (peer, private) = peer;
        let transfer = Transfer {
            id,
            direction: Direction::In,
            peer,
            private,
            name: attachment.name.clone(),
            message: Some(message),
            state: TransferState::Running {
                done: 0,
                total: attachment.size.unwrap_or(0),
            },
        };
        let http = match self.http() {
            Ok(http) => http,
            Err(e) => {
                let state = TransferState::Failed { reason: e.message };
                return self.transfer_event(Transfer { state, ..transfer }).await;
            }
        };
        let (events, account, store) = (self.events.clone(), self.account.id, self.store.clone());
        let done = self.files.done.clone();
        let template = transfer.clone();
        let task = tokio::spawn(async move {
            let total = attachment.size.unwrap_or(0);
            let progress = progress(events.clone(), account, transfer.clone(), total);
            let media_dir = store.media_dir().to_path_buf();
            let result = keep(&http, &attachment, &to, &media_dir, max_size, progress).await;
            let saved = match result {
                Ok(Kept::Saved(path, size)) => {
                    store
                        .writer
                        .write(move |tx| media::set_local_path(tx, message, &path, size))
                        .await
                }
                Ok(Kept::Cached(cached, size)) => {
                    store
                        .writer
                        .write(move |tx| media::set_cached(tx, message, &cached, size))
                        .await
                }
                Err(e) => Err(e),
            };
            let state = match saved {
                Ok(()) => TransferState::Finished { message },
                Err(e) => TransferState::Failed { reason: e.message },
            };
            let finished = matches!(state, TransferState::Finished { .. });
            let _ = events
                .send(Event::Transfer {
                    account,
                    transfer: Transfer { state, ..transfer },
                })
                .await;
            if finished {
                let changed = MessagesChanged {
                    conversations: vec![conversation],
                    new_incoming: Vec::new(),
                };
                let _ = events.send(Event::Messages { account, changed }).await;
            }
            let _ = done.send(Ended::Download(id));
        });
        let task = task.abort_handle();
        let transfer = template;
        self.files.running.insert(id, Running { task, transfer });
    }

    /// Stops a transfer; an upload's file is not sent, a download's part is removed.
    pub(super) async fn cancel_transfer(&mut self, id: TransferId) {
        let mut cancelled = None;
        if let Some(at) = self.files.waiting.iter().position(|u| u.meta.id == id) {
            cancelled = Some(self.files.waiting.remove(at).meta);
        } else if let Some(at) = self
            .files
            .awaiting_lists
            .iter()
            .position(|u| u.meta.id == id)
        {
            cancelled = Some(self.files.awaiting_lists.remove(at).meta);
        } else if let Some(upload) = self.files.slotted.remove(&id) {
            cancelled = Some(upload.meta);
        }
        let transfer = match (cancelled, self.files.running.remove(&id)) {
            (_, Some(running)) => {
                running.task.abort();
                running.transfer
            }
            (Some(meta), None) => Transfer {
                id,
                direction: Direction::Out,
                private: meta.private.clone(),
                peer: meta.to,
                name: meta.name,
                message: None,
                state: TransferState::Cancelled,
            },
            (None, None) => return,
        };
        let state = TransferState::Cancelled;
        self.transfer_event(Transfer { state, ..transfer }).await;
    }
}

/// The largest file of ours kept in the media cache once sent.
const OWN_COPY_MAX: u64 = 64 * 1024 * 1024;

/// Whether a file we send is one the window shows (a picture, a voice note), small enough to
/// keep a sealed copy of.
fn kept_for_showing(meta: &Meta) -> bool {
    let shown = meta.media_type.starts_with("image/") || meta.media_type.starts_with("audio/");
    shown && meta.size <= OWN_COPY_MAX
}

/// Where a finished download is.
enum Kept {
    /// The plain file, and its size.
    Saved(PathBuf, u64),
    /// The sealed copy, and the plain size.
    Cached(CachedFile, u64),
}

fn io(e: std::io::Error) -> Error {
    Error::with_source(ErrorKind::Io, format!("cannot save the file: {e}"), e)
}

/// Runs `work` (decryption of a whole file) on a blocking thread.
/// An upload's bytes as they go out, and what the message and the cache need of them.
struct Prepared {
    data: Vec<u8>,
    /// The aesgcm:// key, for an encrypted conversation.
    key: Option<FileKey>,
    /// The plain file's hash (XEP-0447), for a plain one.
    sha256: Option<[u8; 32]>,
    /// The sealed copy the window shows our own picture or voice note from, and its key.
    own_copy: Option<(Vec<u8>, FileKey)>,
}

/// Seals `data` for an encrypted conversation (`seal`) or hashes it for a plain one, and
/// makes the sealed copy to keep when `keep`. Blocking.
fn prepared(mut data: Vec<u8>, seal: bool, keep: bool) -> Result<Prepared, Error> {
    if seal {
        let key = FileKey::generate();
        key.seal(&mut data)?;
        let own_copy = keep.then(|| (data.clone(), key.clone()));
        return Ok(Prepared {
            data,
            key: Some(key),
            sha256: None,
            own_copy,
        });
    }
    use sha2::Digest;
    let sha256 = Some(sha2::Sha256::digest(&data).into());
    let own_copy = if keep {
        let mut copy = data.clone();
        let key = FileKey::generate();
        key.seal(&mut copy)?;
        Some((copy, key))
    } else {
        None
    };
    Ok(Prepared {
        data,
        key: None,
        sha256,
        own_copy,
    })
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::new(ErrorKind::Io, format!("the file could not be read: {e}")))?
}

/// Fetches or copies `attachment` to where `to` says.
async fn keep(
    http: &Http,
    attachment: &Attachment,
    to: &SaveTo,
    media_dir: &Path,
    max_size: u64,
    progress: Progress,
) -> Result<Kept, Error> {
    match (to, &attachment.cached) {
        (SaveTo::Cache, Some(cached)) => Ok(Kept::Cached(
            cached.clone(),
            attachment.size.unwrap_or_default(),
        )),
        (SaveTo::Cache, None) => {
            let (cached, size) =
                cache_file(http, attachment, media_dir, max_size, progress).await?;
            Ok(Kept::Cached(cached, size))
        }
        // Saving what the window shows: from the cache, without the network.
        (SaveTo::Folder(folder), Some(cached)) => {
            let (dir, cached) = (media_dir.to_path_buf(), cached.clone());
            let data = blocking(move || cache::open(&dir, &cached)).await?;
            let (path, size) = write_new(folder, &name::sanitize(&attachment.name), &data).await?;
            Ok(Kept::Saved(path, size))
        }
        (SaveTo::Folder(folder), None) => fetch(http, attachment, folder, max_size, progress)
            .await
            .map(|(path, size)| Kept::Saved(path, size)),
    }
}

/// Fetches `attachment` into memory and keeps it sealed in the media cache: an encrypted
/// file as its sender's ciphertext once the tag checks out, a plain one under a fresh key.
async fn cache_file(
    http: &Http,
    attachment: &Attachment,
    media_dir: &Path,
    max_size: u64,
    progress: Progress,
) -> Result<(CachedFile, u64), Error> {
    let mut data = Vec::new();
    let (sealed, key) = if attachment.encrypted() {
        let shared = SharedFile::parse(&attachment.url)?;
        http.get_capped(&shared.https, max_size + TAG, &mut data, progress)
            .await?;
        blocking(move || {
            let mut plain = zeroize::Zeroizing::new(data.clone());
            shared.key.open(&mut plain)?;
            Ok((data, shared.key))
        })
        .await?
    } else {
        http.get_capped(&attachment.url, max_size, &mut data, progress)
            .await?;
        blocking(move || {
            let key = FileKey::generate();
            key.seal(&mut data)?;
            Ok((data, key))
        })
        .await?
    };
    let size = (sealed.len() as u64).saturating_sub(TAG);
    Ok((cache::put(media_dir, &sealed, &key).await?, size))
}

/// Writes `data` as a new file named `name` (or the next free variant) in `folder`; nothing
/// is left of it when writing fails (a full disk).
async fn write_new(folder: &Path, name: &str, data: &[u8]) -> Result<(PathBuf, u64), Error> {
    tokio::fs::create_dir_all(folder).await.map_err(io)?;
    let (path, mut file) = claim(folder, name).await.map_err(io)?;
    let written = async {
        file.write_all(data).await?;
        file.flush().await
    }
    .await;
    if let Err(e) = written {
        drop(file);
        let _ = tokio::fs::remove_file(&path).await;
        return Err(io(e));
    }
    Ok((path, data.len() as u64))
}

/// Downloads `attachment` into `folder` under a free sanitized name; returns where and how
/// many bytes. A plain file streams into a hidden part file in the same folder and is renamed
/// when complete; an encrypted one is read into memory and checked before it is written.
async fn fetch(
    http: &Http,
    attachment: &Attachment,
    folder: &Path,
    max_size: u64,
    progress: Progress,
) -> Result<(PathBuf, u64), Error> {
    tokio::fs::create_dir_all(folder).await.map_err(io)?;
    let name = name::sanitize(&attachment.name);
    if attachment.encrypted() {
        let shared = SharedFile::parse(&attachment.url)?;
        let mut data = Vec::new();
        http.get_capped(&shared.https, max_size + TAG, &mut data, progress)
            .await?;
        let data = blocking(move || shared.key.open(&mut data).map(|()| data)).await?;
        return write_new(folder, &name, &data).await;
    }
    let part = Part(folder.join(format!(".tidings-{}.part", crate::core::new_stanza_id())));
    let file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&part.0)
        .await
        .map_err(io)?;
    // Each write to a tokio file is a trip to a blocking thread: gather the network's small
    // pieces into large writes (get_capped flushes at the end).
    let mut file = tokio::io::BufWriter::with_capacity(1 << 20, file);
    let size = http
        .get_capped(&attachment.url, max_size, &mut file, progress)
        .await?;
    drop(file);
    // The name is claimed first, so two downloads of one name never take the same path.
    let (path, placeholder) = claim(folder, &name).await.map_err(io)?;
    drop(placeholder);
    tokio::fs::rename(&part.0, &path).await.map_err(io)?;
    Ok((path, size))
}

/// Creates the first free `name`, `name (2)`… in `folder` (create_new: no file is ever
/// overwritten, and a link planted there is not followed).
async fn claim(folder: &Path, name: &str) -> std::io::Result<(PathBuf, tokio::fs::File)> {
    loop {
        let path = name::free_path(folder, name);
        match tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
        {
            Ok(file) => return Ok((path, file)),
            // Taken between the look and the creation (another download): the next one.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// A download's part file, removed unless renamed: on failure, on cancel (the task's future
/// is dropped) and on shutdown alike.
struct Part(PathBuf);

impl Drop for Part {
    fn drop(&mut self) {
        // After a rename the part is gone and this finds nothing.
        let _ = std::fs::remove_file(&self.0);
    }
}
