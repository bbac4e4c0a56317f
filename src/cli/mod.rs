//! The command-line interface: the same session service the GUI uses, for scripting and
//! tests. It sends Commands and reads Events and the store; it has no protocol logic.

mod output;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use tokio::sync::mpsc;
use zeroize::Zeroizing;

use crate::core::{
    BareJid, Command, ConnectionSettings, ConnectionState, Error, ErrorKind, Event, MessageId,
    OutgoingText, RegisterFailure, RoomAction, SaveTo, Secret, TransferId,
};
use crate::session::{self, Handle, Options, outgoing};
use crate::store::{self, PASSPHRASE_ENV, Store, accounts, conversations, messages};

#[derive(Parser, Debug)]
#[command(
    name = "tidings",
    version,
    about = "Tidings, a light and fast XMPP messenger"
)]
pub struct Cli {
    /// Profile directory (default: the platform's data directory)
    #[arg(long, global = true, value_name = "DIR")]
    profile: Option<PathBuf>,
    /// Read the database passphrase from this file (when no keyring is available)
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Which account to use when the profile has several
    #[arg(long, global = true, value_name = "JID")]
    account: Option<String>,
    /// An xmpp: link to open in the window (a chat, a contact to add, a room to join, keys to
    /// verify), as the desktop hands it over
    #[arg(value_name = "XMPP-LINK")]
    link: Option<String>,
    /// Start with the window minimised, or only in the tray where there is one (as at login)
    #[arg(long, visible_alias = "minimized")]
    minimised: bool,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(clap::Args, Debug, Clone)]
struct ConnectionArgs {
    /// Server host to connect to instead of looking up SRV records
    #[arg(long)]
    host: Option<String>,
    #[arg(long)]
    port: Option<u16>,
    /// TLS from the first byte (XEP-0368) instead of STARTTLS
    #[arg(long)]
    direct_tls: bool,
    /// Extra certificate authorities to trust (PEM)
    #[arg(long, value_name = "PEM")]
    ca_file: Option<PathBuf>,
    /// Accept only the server certificate with this SHA-256 fingerprint (hex)
    #[arg(long, value_name = "SHA256")]
    pin: Option<String>,
}

#[derive(clap::Args, Debug, Clone)]
struct DownloadArgs {
    /// Where downloaded files go (default: the Downloads folder's Tidings folder)
    #[arg(long, value_name = "DIR")]
    downloads: Option<PathBuf>,
    /// Refuse files larger than this many megabytes
    #[arg(long, value_name = "MB", default_value_t = 100)]
    max_size: u64,
}

impl DownloadArgs {
    fn folder(&self, profile: &std::path::Path) -> PathBuf {
        self.downloads.clone().unwrap_or_else(|| {
            directories::UserDirs::new()
                .and_then(|d| d.download_dir().map(|p| p.join("Tidings")))
                .unwrap_or_else(|| profile.join("downloads"))
        })
    }

    fn max_bytes(&self) -> u64 {
        self.max_size.saturating_mul(1_000_000)
    }
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Manage accounts
    #[command(subcommand)]
    Account(AccountCmd),
    /// Queue a message and exit once the server has acknowledged it; with TEXT "-", send
    /// each line of standard input as one message. JID is a contact, a room, or ROOM/NICK
    /// to write privately to someone in a room you are in
    Send {
        jid: String,
        text: String,
        /// Answer the message with this id (the `id` of `history --json`), quoting it
        #[arg(long, value_name = "ID")]
        reply_to: Option<i64>,
        /// Print the messages as stored once sent (or waiting), one JSON object a line
        #[arg(long)]
        json: bool,
    },
    /// Go online and print incoming messages
    Listen {
        #[arg(long)]
        json: bool,
        /// Stop after this many seconds
        #[arg(long = "for", value_name = "SECONDS")]
        seconds: Option<u64>,
    },
    /// Upload a file (encrypted when the conversation is) and send it to a contact or a
    /// room; exit once the server has acknowledged the message
    SendFile {
        jid: String,
        path: PathBuf,
        /// Send a photo's metadata (place, time, camera) too; by default it is removed
        #[arg(long)]
        keep_metadata: bool,
        /// Print the message as stored once sent, as JSON
        #[arg(long)]
        json: bool,
    },
    /// Go online, catch up, send what is queued, then download the files contacts and
    /// rooms sent that are not here yet; exit
    Sync {
        #[command(flatten)]
        downloads: DownloadArgs,
    },
    /// Download the file of one message (the `id` of `history --json`)
    Download {
        message: i64,
        #[command(flatten)]
        downloads: DownloadArgs,
    },
    /// Show the stored conversation with a contact, a room, or (ROOM/NICK) the private one
    /// with someone in a room
    History {
        jid: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Show the contact list
    Roster {
        #[arg(long)]
        json: bool,
    },
    /// Manage contacts
    #[command(subcommand)]
    Contact(ContactCmd),
    /// Set your picture (a PNG or JPEG of at most 256 KB), which contacts and rooms see, or
    /// remove it
    Avatar {
        #[arg(required_unless_present = "remove")]
        file: Option<PathBuf>,
        #[arg(long, conflicts_with = "file")]
        remove: bool,
    },
    /// Block an address: the server stops all messages and presence from it (XEP-0191)
    Block { jid: String },
    /// Unblock an address
    Unblock { jid: String },
    /// Show the blocked addresses
    Blocked,
    /// End-to-end encryption (OMEMO): fingerprints, devices and trust
    #[command(subcommand)]
    Omemo(OmemoCmd),
    /// Group chats (XEP-0045): `send`, `history` and `listen` take a room's address too
    #[command(subcommand)]
    Room(RoomCmd),
    /// Search every stored message
    Search {
        text: String,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Subcommand, Debug)]
enum AccountCmd {
    /// Add an existing account (the password is read from standard input)
    Add {
        jid: String,
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        connection: ConnectionArgs,
    },
    /// Create a new account on a server that allows it (the password is read from
    /// standard input), then add it to this profile
    Register {
        jid: String,
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        connection: ConnectionArgs,
    },
    /// Change the account's password on the server (the new one is read from standard input)
    Password {
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List the accounts of this profile
    List,
}

#[derive(Subcommand, Debug)]
enum OmemoCmd {
    /// Show this device's id and fingerprint (what contacts compare to verify it)
    Fingerprint {
        #[arg(long)]
        json: bool,
    },
    /// Show the devices a contact (or this account) published, with fingerprints and trust
    Devices {
        jid: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a contact's key as verified: you compared its fingerprint
    Trust { jid: String, fingerprint: String },
    /// Never encrypt to this key of a contact again
    Distrust { jid: String, fingerprint: String },
    /// Show or set a conversation's end-to-end encryption: on, off (plain text, by your
    /// explicit choice) or auto (encrypted once the contact has a device for it)
    Encryption {
        jid: String,
        #[arg(value_parser = ["on", "off", "auto"])]
        mode: Option<String>,
    },
    /// Take another device of this account (lost, or no longer used) out of its device lists,
    /// so that contacts stop encrypting to it; `omemo devices` on your own address lists them
    RemoveDevice { device: u32 },
}

#[derive(Subcommand, Debug)]
enum RoomCmd {
    /// Enter a room (and read its recent history), now and whenever Tidings is online, until
    /// you leave it; a room that does not exist yet is made, open to all
    Join {
        room: String,
        /// Your nickname there (default: the name part of your address)
        #[arg(long)]
        nick: Option<String>,
        #[arg(long)]
        password: Option<String>,
    },
    /// Make a room and enter it as its owner: a private group (members only, the kind
    /// OMEMO needs) unless --public (open to all, listed)
    Create {
        room: String,
        /// Open to all and listed
        #[arg(long, conflicts_with = "private")]
        public: bool,
        /// Members only, real addresses shown to all (the default)
        #[arg(long)]
        private: bool,
        /// Its name as people see it
        #[arg(long)]
        name: Option<String>,
        /// What it is about, shown in the room directory
        #[arg(long)]
        description: Option<String>,
        /// Its picture: a PNG or JPEG of at most 256 KB
        #[arg(long)]
        picture: Option<PathBuf>,
        #[arg(long)]
        nick: Option<String>,
    },
    /// Make someone a member of a room you run and invite them (XEP-0249)
    Invite { room: String, jid: String },
    /// Leave a room for good
    Leave { room: String },
    /// Set a room's topic
    Subject { room: String, text: String },
    /// Set the picture of a room you own (a PNG or JPEG of at most 256 KB), or remove it
    Picture {
        room: String,
        #[arg(required_unless_present = "remove")]
        file: Option<PathBuf>,
        #[arg(long, conflicts_with = "file")]
        remove: bool,
    },
    /// Remove someone from a room you moderate (they may come back)
    Kick {
        room: String,
        nick: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Remove someone's message from a room you moderate, for everyone (XEP-0425); MESSAGE is
    /// its id in `history --json`
    RemoveMessage {
        room: String,
        message: i64,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Keep an address out of a room you administer
    Ban {
        room: String,
        jid: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Close a room you own, for everyone
    Destroy {
        room: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Set a room you own up again: --private or --public, and its name and description
    #[command(group(clap::ArgGroup::new("kind").required(true).args(["public", "private"])))]
    Configure {
        room: String,
        #[arg(long)]
        public: bool,
        #[arg(long)]
        private: bool,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Give someone in a room you moderate a role: moderator, participant or visitor
    Role {
        room: String,
        nick: String,
        role: String,
    },
    /// As a visitor of a moderated room, ask its moderators for a voice (`listen` shows them
    /// who asks; `room role ROOM NICK participant` gives it)
    AskVoice { room: String },
    /// Make an address owner, admin, member or none of a room you administer
    Affiliation {
        room: String,
        jid: String,
        affiliation: String,
    },
    /// The rooms you are in, with your nickname (--json: and their name and topic)
    List {
        #[arg(long)]
        json: bool,
    },
    /// The public rooms of your server's room service (or of SERVICE), with name,
    /// description and how many are in each
    Public {
        service: Option<String>,
        /// Only rooms whose address, name or description contains this
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Who is in a room you are in: nickname, role, affiliation and, where the room shows
    /// it, their address
    Occupants {
        room: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ContactCmd {
    Add {
        jid: String,
        #[arg(long)]
        name: Option<String>,
    },
    Remove {
        jid: String,
    },
    Approve {
        jid: String,
    },
    Deny {
        jid: String,
    },
}

/// Exit codes: 0 done, 1 error, 2 usage, 3 authentication failed, 4 certificate or TLS
/// problem, 5 not delivered in time (the message stays queued).
fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}

/// What the command line asks for: the window, or a command that has already run.
pub enum Start {
    Window {
        profile: PathBuf,
        passphrase: Option<Zeroizing<String>>,
        /// An xmpp: link to follow once the window is ready (already checked).
        link: Option<String>,
        /// Start minimised (--minimised).
        minimised: bool,
    },
    Done(ExitCode),
}

pub fn main() -> Start {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TIDINGS_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let Some(command) = cli.command else {
        // A link that is not one is refused before any window opens.
        if let Some(link) = &cli.link
            && let Err(e) = crate::core::uri::parse(link)
        {
            eprintln!("tidings: {link:?} is not a link Tidings can open: {e}");
            return Start::Done(ExitCode::from(2));
        }
        // No subcommand: the desktop interface, which the binary's main starts.
        return match profile_dir(cli.profile)
            .and_then(|dir| Ok((dir, passphrase(cli.passphrase_file)?)))
        {
            Ok((profile, passphrase)) => Start::Window {
                profile,
                passphrase,
                link: cli.link,
                minimised: cli.minimised,
            },
            Err(e) => {
                eprintln!("tidings: {e}");
                Start::Done(exit(1))
            }
        };
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    Start::Done(
        match runtime.block_on(run(cli.profile, cli.passphrase_file, cli.account, command)) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("tidings: {e}");
                exit(1)
            }
        },
    )
}

fn profile_dir(profile: Option<PathBuf>) -> Result<PathBuf, Error> {
    if let Some(p) = profile {
        return Ok(p);
    }
    directories::ProjectDirs::from("im", "Tidings", "Tidings")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| Error::new(ErrorKind::Io, "no home directory: give --profile DIR"))
}

fn passphrase(file: Option<PathBuf>) -> Result<Option<Zeroizing<String>>, Error> {
    if let Some(file) = file {
        let text = Zeroizing::new(std::fs::read_to_string(&file)?);
        return Ok(Some(Zeroizing::new(
            text.trim_end_matches(['\n', '\r']).to_string(),
        )));
    }
    Ok(std::env::var(PASSPHRASE_ENV).ok().map(Zeroizing::new))
}

/// A password from standard input (one line; the newline is not part of it).
fn read_password() -> Result<Zeroizing<String>, Error> {
    let mut input = Zeroizing::new(String::new());
    std::io::stdin().read_to_string(&mut input)?;
    let password = Zeroizing::new(input.trim_end_matches(['\n', '\r']).to_string());
    if password.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "no password on standard input",
        ));
    }
    Ok(password)
}

/// An account from the command line: address, password on standard input, settings.
fn new_account(jid: &str, connection: ConnectionArgs) -> Result<accounts::NewAccount, Error> {
    let jid = parse_jid(jid)?;
    if jid.node().is_none() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "an account address looks like name@server",
        ));
    }
    let password = read_password()?;
    let settings = ConnectionSettings {
        host: connection.host,
        port: connection.port,
        direct_tls: connection.direct_tls,
        ca_file: connection.ca_file.map(|p| {
            std::fs::canonicalize(&p)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        }),
        pinned_cert: connection.pin.map(|p| p.replace(':', "").to_lowercase()),
    };
    Ok(accounts::NewAccount {
        jid,
        password: password.to_string(),
        settings,
    })
}

fn parse_jid(text: &str) -> Result<BareJid, Error> {
    text.parse::<BareJid>().map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("{text} is not a valid address: {e}"),
        )
    })
}

/// A conversation's address on the command line: a contact or room, or `room/nick` for a
/// private conversation with one of its occupants.
fn parse_peer(text: &str) -> Result<(BareJid, Option<String>), Error> {
    match text.parse::<crate::core::FullJid>() {
        Ok(full) => Ok((full.to_bare(), Some(full.resource().to_string()))),
        Err(_) => Ok((parse_jid(text)?, None)),
    }
}

/// A picture (ours or a room's) from a file, as it is: a PNG or a JPEG small enough for a
/// vCard photo.
fn picture_file(path: &Path) -> Result<crate::core::AvatarImage, Error> {
    let data = std::fs::read(path).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let mime = if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else {
        return Err(invalid("a picture must be a PNG or JPEG file"));
    };
    if data.len() > crate::session::avatar::MAX_BYTES {
        return Err(invalid(&format!(
            "the picture is larger than {} KB; make it smaller first",
            crate::session::avatar::MAX_BYTES / 1024
        )));
    }
    Ok(crate::core::AvatarImage {
        mime: mime.into(),
        data,
    })
}

fn invalid(reason: &str) -> Error {
    Error::new(ErrorKind::InvalidInput, reason.to_string())
}

async fn run(
    profile: Option<PathBuf>,
    passphrase_file: Option<PathBuf>,
    account: Option<String>,
    command: Cmd,
) -> Result<ExitCode, Error> {
    let dir = profile_dir(profile)?;
    let secret = passphrase(passphrase_file)?;
    let opened = dir.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&opened, secret))
        .await
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))??;
    let chosen = account.as_deref().map(parse_jid).transpose()?;
    let pick = |store: &Store| {
        let chosen = chosen.clone();
        let readers = store.readers.clone();
        async move {
            readers
                .read(move |c| accounts::pick(c, chosen.as_ref()))
                .await
        }
    };
    match command {
        Cmd::Account(AccountCmd::Add {
            jid, connection, ..
        }) => {
            let new = new_account(&jid, connection)?;
            let jid = new.jid.clone();
            store
                .writer
                .write(move |tx| accounts::upsert(tx, &new))
                .await?;
            println!("added {jid}");
            Ok(exit(0))
        }
        Cmd::Account(AccountCmd::Register {
            jid, connection, ..
        }) => {
            let new = new_account(&jid, connection)?;
            if let Err(failure) = session::register(&new, Options::default().timeouts).await {
                eprintln!("tidings: cannot create {}: {failure}", new.jid);
                return Ok(match failure {
                    RegisterFailure::Connection(state) => report_state(&state).unwrap_or(exit(1)),
                    _ => exit(1),
                });
            }
            let jid = new.jid.clone();
            store
                .writer
                .write(move |tx| accounts::upsert(tx, &new))
                .await?;
            println!("registered {jid}");
            Ok(exit(0))
        }
        Cmd::Account(AccountCmd::Password { .. }) => {
            let account = pick(&store).await?;
            let password = read_password()?;
            let command = Command::ChangePassword {
                password: Secret::new(password.as_str()),
            };
            online(&store, account.id, Until::Command(command), None, None).await
        }
        Cmd::Account(AccountCmd::List) => {
            for a in store.readers.read(accounts::all).await? {
                println!(
                    "{}{}",
                    a.jid,
                    if a.auth_failed {
                        " (password refused)"
                    } else {
                        ""
                    }
                );
            }
            Ok(exit(0))
        }
        Cmd::Send {
            jid,
            text,
            reply_to,
            json,
        } => {
            let account = pick(&store).await?;
            let (to, private) = parse_peer(&jid)?;
            let bodies = if text == "-" {
                let mut input = String::new();
                std::io::stdin().read_to_string(&mut input)?;
                input
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string)
                    .collect()
            } else {
                vec![text]
            };
            let mut queued = Vec::new();
            for body in bodies {
                let text = OutgoingText {
                    to: to.clone(),
                    private: private.clone(),
                    body,
                    reply_to: reply_to.map(MessageId),
                };
                queued.push(
                    outgoing::queue_text(&store, account.id, account.jid.clone(), text).await?,
                );
            }
            let waiting = queued.iter().copied().collect();
            let code = if handed_to_window(&dir, account.id, &queued).await? {
                sent_by_window(&store, &queued).await?
            } else {
                online(&store, account.id, Until::Sent(waiting), None, None).await?
            };
            if json {
                let sent = stored(&store, queued).await?;
                let printer = output::Printer {
                    json,
                    own: account.jid.to_string(),
                };
                for m in &sent {
                    printer.message(m);
                }
            }
            Ok(code)
        }
        Cmd::SendFile {
            jid,
            path,
            keep_metadata,
            json,
        } => {
            let account = pick(&store).await?;
            let (to, private) = parse_peer(&jid)?;
            let path = std::path::absolute(&path)?;
            let printer = output::Printer {
                json,
                own: account.jid.to_string(),
            };
            let file = crate::core::OutgoingFile {
                id: TransferId::next(),
                to,
                private,
                path,
                keep_metadata,
                contents: None,
            };
            online(
                &store,
                account.id,
                Until::File(file, None),
                None,
                Some(printer),
            )
            .await
        }
        Cmd::Sync { downloads } => {
            let account = pick(&store).await?;
            let code = online(&store, account.id, Until::Synced, None, None).await?;
            if code != exit(0) {
                return Ok(code);
            }
            let waiting = store
                .readers
                .read(move |c| store::media::waiting(c, account.id))
                .await?;
            if waiting.is_empty() {
                return Ok(code);
            }
            let ids = waiting.into_iter().map(|(m, _)| m).collect();
            let (folder, max_size) = (downloads.folder(&dir), downloads.max_bytes());
            let until = Until::Downloads(ids, folder, max_size, Default::default());
            online(&store, account.id, until, None, None).await
        }
        Cmd::Download { message, downloads } => {
            let account = pick(&store).await?;
            let (folder, max_size) = (downloads.folder(&dir), downloads.max_bytes());
            let until = Until::Downloads(
                vec![MessageId(message)],
                folder,
                max_size,
                Default::default(),
            );
            online(&store, account.id, until, None, None).await
        }
        Cmd::Listen { json, seconds } => {
            let account = pick(&store).await?;
            let printer = output::Printer {
                json,
                own: account.jid.to_string(),
            };
            online(
                &store,
                account.id,
                Until::Time,
                seconds.map(Duration::from_secs),
                Some(printer),
            )
            .await
        }
        Cmd::History { jid, limit, json } => {
            let account = pick(&store).await?;
            let (peer, private) = parse_peer(&jid)?;
            let page = store
                .readers
                .read(move |c| {
                    match conversations::find_with(c, account.id, &peer, private.as_deref())? {
                        Some(conv) => messages::page(c, conv, None, limit),
                        None => Ok(Vec::new()),
                    }
                })
                .await?;
            let printer = output::Printer {
                json,
                own: account.jid.to_string(),
            };
            for m in &page {
                printer.message(m);
            }
            Ok(exit(0))
        }
        Cmd::Roster { json } => {
            let account = pick(&store).await?;
            let items = store
                .readers
                .read(move |c| store::roster::all(c, account.id))
                .await?;
            output::Printer {
                json,
                own: account.jid.to_string(),
            }
            .roster(&items);
            Ok(exit(0))
        }
        Cmd::Search { text, json, limit } => {
            let account = pick(&store).await?;
            let hits = store
                .readers
                .read(move |c| messages::search(c, &text, limit))
                .await?;
            let printer = output::Printer {
                json,
                own: account.jid.to_string(),
            };
            for m in &hits {
                printer.message(m);
            }
            Ok(exit(0))
        }
        Cmd::Avatar { file, .. } => {
            let account = pick(&store).await?;
            let image = match file {
                Some(path) => Some(picture_file(&path)?),
                None => None,
            };
            let command = Command::SetAvatar { image };
            online(&store, account.id, Until::Command(command), None, None).await
        }
        Cmd::Block { jid } => {
            let account = pick(&store).await?;
            let command = Command::Block {
                jid: parse_jid(&jid)?,
            };
            online(&store, account.id, Until::Command(command), None, None).await
        }
        Cmd::Unblock { jid } => {
            let account = pick(&store).await?;
            let command = Command::Unblock {
                jid: parse_jid(&jid)?,
            };
            online(&store, account.id, Until::Command(command), None, None).await
        }
        Cmd::Omemo(command) => {
            let account = pick(&store).await?;
            omemo(&store, &account, command).await
        }
        Cmd::Room(command) => {
            let account = pick(&store).await?;
            let default_nick = || crate::core::default_nick(&account.jid);
            let command = match command {
                RoomCmd::Join {
                    room,
                    nick,
                    password,
                } => Command::JoinRoom {
                    room: parse_jid(&room)?,
                    nick: nick.unwrap_or_else(default_nick),
                    password,
                },
                RoomCmd::Create {
                    room,
                    public,
                    name,
                    private: _,
                    description,
                    picture,
                    nick,
                } => Command::CreateRoom {
                    room: parse_jid(&room)?,
                    nick: nick.unwrap_or_else(default_nick),
                    setup: crate::core::RoomSetup {
                        kind: crate::core::RoomKind::from_public(public),
                        name,
                        description,
                        picture: match picture {
                            Some(path) => Some(picture_file(&path)?),
                            None => None,
                        },
                    },
                },
                RoomCmd::Invite { room, jid } => Command::InviteToRoom {
                    room: parse_jid(&room)?,
                    jid: parse_jid(&jid)?,
                },
                RoomCmd::Leave { room } => Command::LeaveRoom {
                    room: parse_jid(&room)?,
                },
                RoomCmd::Picture { room, file, .. } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::SetPicture(match file {
                        Some(path) => Some(picture_file(&path)?),
                        None => None,
                    }),
                },
                RoomCmd::Subject { room, text } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::Subject(text),
                },
                RoomCmd::Kick { room, nick, reason } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::Kick { nick, reason },
                },
                RoomCmd::RemoveMessage {
                    room,
                    message,
                    reason,
                } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::RemoveMessage {
                        message: MessageId(message),
                        reason,
                    },
                },
                RoomCmd::Ban { room, jid, reason } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::Ban {
                        jid: parse_jid(&jid)?,
                        reason,
                    },
                },
                RoomCmd::Destroy { room, reason } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::Destroy { reason },
                },
                RoomCmd::Configure {
                    room,
                    public,
                    private: _,
                    name,
                    description,
                } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::Configure(crate::core::RoomSetup {
                        kind: crate::core::RoomKind::from_public(public),
                        name,
                        description,
                        picture: None,
                    }),
                },
                RoomCmd::AskVoice { room } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::RequestVoice,
                },
                RoomCmd::Role { room, nick, role } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::Role {
                        nick,
                        role: crate::core::Role::parse(&role)
                            .filter(|r| *r != crate::core::Role::None)
                            .ok_or_else(|| {
                                invalid("a role is moderator, participant or visitor")
                            })?,
                    },
                },
                RoomCmd::Affiliation {
                    room,
                    jid,
                    affiliation,
                } => Command::Moderate {
                    room: parse_jid(&room)?,
                    action: RoomAction::Affiliation {
                        jid: parse_jid(&jid)?,
                        affiliation: crate::core::Affiliation::parse(&affiliation)
                            .filter(|a| *a != crate::core::Affiliation::Outcast)
                            .ok_or_else(|| {
                                invalid("an affiliation is owner, admin, member or none (ban bans)")
                            })?,
                    },
                },
                RoomCmd::Occupants { room, json } => {
                    let room = parse_jid(&room)?;
                    let id = account.id;
                    let jid = room.clone();
                    let known = store
                        .readers
                        .read(move |c| store::rooms::find(c, id, &jid))
                        .await?;
                    if !known.is_some_and(|r| r.joined) {
                        eprintln!(
                            "tidings: you are not in {room}; `tidings room join {room}` first"
                        );
                        return Ok(exit(1));
                    }
                    let printer = output::Printer {
                        json,
                        own: account.jid.to_string(),
                    };
                    return online(
                        &store,
                        account.id,
                        Until::Occupants(room),
                        None,
                        Some(printer),
                    )
                    .await;
                }
                RoomCmd::Public {
                    service,
                    search,
                    json,
                } => {
                    let service = service.as_deref().map(parse_jid).transpose()?;
                    let printer = output::Printer {
                        json,
                        own: account.jid.to_string(),
                    };
                    let until = Until::PublicRooms { service, search };
                    return online(&store, account.id, until, None, Some(printer)).await;
                }
                RoomCmd::List { json } => {
                    let id = account.id;
                    let list = store
                        .readers
                        .read(move |c| store::rooms::joined(c, id))
                        .await?;
                    for room in list {
                        if json {
                            let line = serde_json::json!({
                                "room": room.jid.to_string(),
                                "nick": room.nick,
                                "name": room.name,
                                "subject": room.subject,
                            });
                            println!("{line}");
                        } else {
                            println!("{} {}", room.jid, room.nick);
                        }
                    }
                    return Ok(exit(0));
                }
            };
            online(&store, account.id, Until::Command(command), None, None).await
        }
        Cmd::Blocked => {
            let account = pick(&store).await?;
            let list = store
                .readers
                .read(move |c| store::blocklist::all(c, account.id))
                .await?;
            for jid in list {
                println!("{jid}");
            }
            Ok(exit(0))
        }
        Cmd::Contact(c) => {
            let account = pick(&store).await?;
            let command = match c {
                ContactCmd::Add { jid, name } => Command::AddContact {
                    jid: parse_jid(&jid)?,
                    name,
                },
                ContactCmd::Remove { jid } => Command::RemoveContact {
                    jid: parse_jid(&jid)?,
                },
                ContactCmd::Approve { jid } => Command::ApproveContact {
                    jid: parse_jid(&jid)?,
                },
                ContactCmd::Deny { jid } => Command::DenyContact {
                    jid: parse_jid(&jid)?,
                },
            };
            online(&store, account.id, Until::Command(command), None, None).await
        }
    }
}

/// When an online CLI command is done.
enum Until {
    /// These messages reached the server (older ones that wait do not hold them up).
    Sent(std::collections::HashSet<MessageId>),
    /// Caught up and everything queued reached the server.
    Synced,
    /// Until the time is up or Ctrl+C.
    Time,
    /// Send one command once online, then wait until the outbox is empty.
    Command(Command),
    /// Print who is in this room once we are in it.
    Occupants(crate::core::BareJid),
    /// Print the public rooms of a service, those matching `search`.
    PublicRooms {
        service: Option<crate::core::BareJid>,
        search: Option<String>,
    },
    /// Upload and send a file; then, as `Sent`, wait for its message.
    File(crate::core::OutgoingFile, Option<MessageId>),
    /// Download these messages' files into the folder, each at most so many bytes; the set
    /// holds the transfers still running, and whether one failed.
    Downloads(Vec<MessageId>, PathBuf, u64, Transfers),
}

/// Downloads asked and still running, and whether any failed.
#[derive(Debug, Default)]
struct Transfers {
    running: std::collections::HashSet<TransferId>,
    failed: bool,
}

/// How long `sync` waits for nothing more to arrive once caught up.
const QUIET: Duration = Duration::from_millis(500);

/// How long a one-shot command waits for the server before giving up (the message stays
/// queued for the next run).
const ONE_SHOT_TIMEOUT: Duration = Duration::from_secs(60);

async fn online(
    store: &Store,
    account: crate::core::AccountId,
    mut until: Until,
    time: Option<Duration>,
    printer: Option<output::Printer>,
) -> Result<ExitCode, Error> {
    let (handle, mut events) = session::start(store.clone(), account, Options::default()).await?;
    let mut deadline = match (&until, time) {
        (Until::Time, Some(t)) => Some(tokio::time::Instant::now() + t),
        (Until::Time, None) => None,
        _ => Some(tokio::time::Instant::now() + ONE_SHOT_TIMEOUT),
    };
    let mut pending_command = match until {
        Until::Command(ref c) => Some(c.clone()),
        Until::PublicRooms { ref service, .. } => Some(Command::ListPublicRooms {
            service: service.clone(),
        }),
        Until::File(ref file, _) => Some(Command::SendFile(file.clone())),
        _ => None,
    };
    let (mut caught_up, mut outbox_empty, mut answered) = (false, false, false);
    // The message that carries the file `send-file` uploaded.
    let mut file_message = None;
    // `sync` also waits for the history of every room we are in.
    let mut rooms_waiting: std::collections::HashSet<crate::core::BareJid> = match until {
        Until::Synced => store
            .readers
            .read(move |c| store::rooms::joined(c, account))
            .await?
            .into_iter()
            .map(|r| r.jid)
            .collect(),
        _ => Default::default(),
    };
    // `sync` ends after a short quiet spell: offline messages arrive after presence, which
    // may be after the archive catch-up.
    let mut quiet_until: Option<tokio::time::Instant> = None;
    let code = loop {
        let sleep = async move {
            match deadline {
                Some(d) => tokio::time::sleep_until(d).await,
                None => futures::future::pending().await,
            }
        };
        let quiet = async {
            match quiet_until {
                Some(q) => tokio::time::sleep_until(q).await,
                None => futures::future::pending().await,
            }
        };
        let event = tokio::select! {
            e = events.recv() => e,
            _ = quiet => break exit(0),
            _ = sleep => break if matches!(until, Until::Time) { exit(0) } else {
                eprintln!("tidings: the server did not confirm in time; what is queued stays queued");
                exit(5)
            },
            _ = tokio::signal::ctrl_c() => break exit(0),
        };
        let Some(event) = event else { break exit(1) };
        match event {
            Event::Connection { state, .. } => {
                if let Some(code) = report_state(&state) {
                    break code;
                }
            }
            Event::Messages { changed, .. } => {
                if let (Some(printer), Until::Time) = (&printer, &until) {
                    let list = stored(store, changed.new_incoming.clone()).await?;
                    for m in &list {
                        printer.message(m);
                    }
                }
            }
            Event::CaughtUp { gap, .. } => {
                caught_up = true;
                // Sent once caught up: the roster our session asked for first has arrived,
                // so the next roster change is this command's.
                if let Some(c) = pending_command.take() {
                    handle.send(c).await?;
                }
                if let Until::Downloads(ref asked, ref folder, max_size, ref mut transfers) = until
                    && transfers.running.is_empty()
                {
                    for message in asked {
                        let id = TransferId::next();
                        transfers.running.insert(id);
                        let (message, folder) = (*message, folder.clone());
                        let download = Command::Download {
                            id,
                            message,
                            to: SaveTo::Folder(folder),
                            max_size,
                        };
                        handle.send(download).await?;
                    }
                }
                if gap {
                    eprintln!(
                        "tidings: part of the archive could not be fetched; history may have a gap"
                    );
                }
            }
            Event::OutboxEmpty { .. } => outbox_empty = true,
            // The server's answer to the one-shot command (sent once caught up, so earlier
            // changes cannot be mistaken for it).
            Event::RosterChanged { .. } | Event::BlocklistChanged { .. }
                if pending_command.is_none() =>
            {
                answered = true
            }
            Event::PasswordChanged { result, .. } => match result {
                Ok(()) => {
                    println!("password changed");
                    answered = true;
                }
                Err(reason) => {
                    eprintln!("tidings: the server refused the new password: {reason}");
                    break exit(1);
                }
            },
            Event::Room { room, state, .. } => {
                use crate::core::{Exit, RoomState};
                let settled = matches!(state, RoomState::Refused(_) | RoomState::Left(_));
                if settled {
                    rooms_waiting.remove(&room);
                } else if state == RoomState::Joining && matches!(until, Until::Synced) {
                    // A room a bookmark brought: its history is part of the catch-up.
                    rooms_waiting.insert(room.clone());
                }
                let asked = match &until {
                    Until::Command(
                        Command::JoinRoom { room: r, .. } | Command::CreateRoom { room: r, .. },
                    ) => Some((r, true)),
                    Until::Command(Command::LeaveRoom { room: r }) => Some((r, false)),
                    _ => None,
                };
                if let (RoomState::Left(why), Until::Time) = (&state, &until) {
                    eprintln!("tidings: {room}: {why}");
                }
                if let Some((wanted, joining)) = asked
                    && *wanted == room
                    && pending_command.is_none()
                {
                    match state {
                        RoomState::Refused(why) => {
                            eprintln!("tidings: cannot enter {room}: {why}");
                            break exit(1);
                        }
                        RoomState::Left(Exit::Left) if !joining => answered = true,
                        RoomState::Left(why) if joining => {
                            eprintln!("tidings: {room}: {why}");
                            break exit(1);
                        }
                        _ => {}
                    }
                }
            }
            Event::RoomHistory { room, .. } => {
                rooms_waiting.remove(&room);
                if let Until::Command(
                    Command::JoinRoom { room: wanted, .. }
                    | Command::CreateRoom { room: wanted, .. },
                ) = &until
                    && *wanted == room
                    && pending_command.is_none()
                {
                    answered = true;
                }
            }
            Event::PublicRooms { service, rooms, .. } => {
                if let (Until::PublicRooms { search, .. }, Some(printer)) = (&until, &printer) {
                    if service.is_none() {
                        eprintln!("tidings: your server offers no group chat service");
                        break exit(1);
                    }
                    let needle = search.as_deref().map(str::to_lowercase);
                    let found: Vec<_> = rooms
                        .iter()
                        .filter(|r| match &needle {
                            None => true,
                            Some(n) => [
                                Some(r.jid.as_str()),
                                r.name.as_deref(),
                                r.description.as_deref(),
                            ]
                            .into_iter()
                            .flatten()
                            .any(|t| t.to_lowercase().contains(n)),
                        })
                        .collect();
                    printer.public_rooms(&found);
                    break exit(0);
                }
            }
            Event::Occupants {
                room, occupants, ..
            } => {
                if let (Until::Occupants(wanted), Some(printer)) = (&until, &printer)
                    && *wanted == room
                {
                    printer.occupants(&occupants);
                    break exit(0);
                }
            }
            Event::CommandDone { action, .. } if pending_command.is_none() => match &until {
                Until::Command(Command::Moderate { action: asked, .. })
                    if asked.name() == action =>
                {
                    answered = true
                }
                Until::Command(Command::SetAvatar { image }) => {
                    let asked = if image.is_some() {
                        "set avatar"
                    } else {
                        "remove avatar"
                    };
                    answered = action == asked;
                }
                _ => {}
            },
            Event::Invited { room, jid, .. } => {
                if let Until::Command(Command::InviteToRoom { room: r, jid: j }) = &until
                    && (r, j) == (&room, &jid)
                {
                    answered = true;
                }
            }
            Event::RoomInvitation {
                room,
                from,
                reason,
                password,
                ..
            } => {
                if let (Some(printer), Until::Time) = (&printer, &until) {
                    printer.invitation(&room, &from, reason.as_deref(), password.as_deref());
                }
            }
            Event::VoiceRequest { room, nick, .. } => {
                if let (Some(printer), Until::Time) = (&printer, &until) {
                    printer.voice_request(&room, &nick);
                }
            }
            // Our device lists no longer name the removed device.
            Event::DevicesChanged { jid, .. } if pending_command.is_none() => {
                if let Until::Command(Command::RemoveOwnDevice { device }) = until {
                    let gone = store
                        .readers
                        .read(move |c| {
                            let own = store::accounts::get(c, account)?.jid;
                            let listed = store::omemo::devices(c, account, &jid)?;
                            Ok(jid == own && !listed.iter().any(|d| d.active && d.id == device))
                        })
                        .await?;
                    answered |= gone;
                }
            }
            Event::CommandFailed { action, reason, .. } => {
                eprintln!("tidings: {action} failed: {reason}");
                break exit(1);
            }
            Event::Delivery { outcome, .. } => {
                if let Until::File(_, Some(message)) = until
                    && message == outcome.message
                {
                    // Its message goes like any other from here.
                    until = Until::Sent([message].into_iter().collect());
                    file_message = Some(message);
                }
                if let Until::Sent(ref mut waiting) = until
                    && waiting.contains(&outcome.message)
                {
                    match sending(outcome.state, outcome.error.as_deref()) {
                        Sending::Ended(code) => break code,
                        Sending::Waiting => {}
                        Sending::Done => {
                            waiting.remove(&outcome.message);
                        }
                    }
                }
            }
            Event::Transfer { transfer, .. } => {
                use crate::core::TransferState;
                // A file that keeps moving may take longer than a message: the wait is for
                // the server to stop answering, not for the transfer to end.
                if let (TransferState::Running { .. }, Some(d)) =
                    (&transfer.state, deadline.as_mut())
                {
                    *d = tokio::time::Instant::now() + ONE_SHOT_TIMEOUT;
                }
                match (&mut until, transfer.state) {
                    (Until::File(file, sent), TransferState::Finished { message })
                        if file.id == transfer.id =>
                    {
                        *sent = Some(message);
                    }
                    (Until::File(file, _), TransferState::Failed { reason })
                        if file.id == transfer.id =>
                    {
                        eprintln!("tidings: {} was not sent: {reason}", transfer.name);
                        break exit(1);
                    }
                    (Until::Downloads(_, _, _, transfers), state)
                        if transfers.running.contains(&transfer.id) =>
                    {
                        match state {
                            TransferState::Finished { .. } => {}
                            TransferState::Failed { reason } => {
                                eprintln!(
                                    "tidings: {} was not downloaded: {reason}",
                                    transfer.name
                                );
                                transfers.failed = true;
                            }
                            TransferState::Cancelled => transfers.failed = true,
                            TransferState::Running { .. } => continue,
                        }
                        transfers.running.remove(&transfer.id);
                    }
                    _ => {}
                }
            }
            Event::SubscriptionRequest { from, .. } => {
                eprintln!("{from} asks to see your presence: tidings contact approve {from}")
            }
            _ => {}
        }
        let done = match until {
            Until::Sent(ref waiting) => waiting.is_empty(),
            Until::Synced => {
                if caught_up && outbox_empty && rooms_waiting.is_empty() {
                    quiet_until = Some(tokio::time::Instant::now() + QUIET);
                }
                false
            }
            // A change is done when the server pushed the new roster or block list, or
            // answered the password change.
            Until::Command(ref c) => {
                let needs_answer = !matches!(c, Command::DenyContact { .. });
                pending_command.is_none() && outbox_empty && (answered || !needs_answer)
            }
            Until::Downloads(_, _, _, ref t) if caught_up && t.running.is_empty() => {
                break exit(if t.failed { 1 } else { 0 });
            }
            Until::Time
            | Until::Occupants(_)
            | Until::PublicRooms { .. }
            | Until::File(..)
            | Until::Downloads(..) => false,
        };
        if done {
            break exit(0);
        }
    };
    if let (Some(message), Some(printer)) = (file_message, &printer)
        && printer.json
    {
        let m = store
            .readers
            .read(move |c| messages::get(c, message))
            .await?;
        printer.message(&m);
    }
    shutdown(handle, events).await;
    Ok(code)
}

/// With the window open on this profile, hands it what we queued: its session sends it, so
/// the account is not signed in a second time beside it (platform::instance). False when no
/// window is open.
#[cfg(feature = "gui")]
async fn handed_to_window(
    dir: &std::path::Path,
    account: crate::core::AccountId,
    messages: &[MessageId],
) -> Result<bool, Error> {
    use crate::platform::instance::{self, Request};
    let request = Request::Queued {
        account,
        messages: messages.to_vec(),
    };
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || instance::hand_to_window(&dir, &request))
        .await
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))
}

/// Built without the window, there is none to hand anything to.
#[cfg(not(feature = "gui"))]
async fn handed_to_window(
    _dir: &std::path::Path,
    _account: crate::core::AccountId,
    _messages: &[MessageId],
) -> Result<bool, Error> {
    Ok(false)
}

/// Waits for the window's session to send what we queued, read from the store, with the
/// answers and exit codes `online` gives for its own sends.
async fn sent_by_window(store: &Store, queued: &[MessageId]) -> Result<ExitCode, Error> {
    let deadline = tokio::time::Instant::now() + ONE_SHOT_TIMEOUT;
    loop {
        let mut waiting = false;
        for message in stored(store, queued.to_vec()).await? {
            match sending(message.state, message.error.as_deref()) {
                Sending::Ended(code) => return Ok(code),
                Sending::Waiting => waiting = true,
                Sending::Done => {}
            }
        }
        if !waiting {
            return Ok(exit(0));
        }
        if tokio::time::Instant::now() > deadline {
            eprintln!(
                "tidings: the open window did not get it to the server in time; it stays queued"
            );
            return Ok(exit(5));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The stored messages `ids`, in that order.
async fn stored(store: &Store, ids: Vec<MessageId>) -> Result<Vec<crate::core::Message>, Error> {
    store
        .readers
        .read(move |c| {
            ids.into_iter()
                .map(|id| messages::get(c, id))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
}

/// Where a message a command waits to send stands.
enum Sending {
    /// The server has it.
    Done,
    Waiting,
    /// The command ends with this code (why is said on standard error).
    Ended(ExitCode),
}

fn sending(state: crate::core::Delivery, error: Option<&str>) -> Sending {
    use crate::core::Delivery;
    match (state, error) {
        // In an encrypted conversation, a message that cannot be encrypted yet stays queued
        // (never sent in plain text): say why, don't wait.
        (Delivery::Queued, Some(reason)) => {
            eprintln!("tidings: the message waits, not sent: {reason}");
            Sending::Ended(exit(5))
        }
        (Delivery::Failed, reason) => {
            let reason = reason.unwrap_or_default();
            eprintln!("tidings: the server refused the message: {reason}");
            Sending::Ended(exit(1))
        }
        (Delivery::Queued, None) => Sending::Waiting,
        _ => Sending::Done,
    }
}

/// Prints connection problems; returns an exit code when the state ends the command.
fn report_state(state: &ConnectionState) -> Option<ExitCode> {
    match state {
        ConnectionState::AuthFailed(reason) => {
            eprintln!(
                "tidings: authentication failed: {reason:?}. Update the password with `tidings account add`."
            );
            Some(exit(3))
        }
        ConnectionState::CertificateUntrusted { sha256, reason } => {
            eprintln!(
                "tidings: the server's certificate is not trusted ({reason}).\nIts SHA-256 fingerprint is {sha256}; if you know it is right, add the account again with --pin {sha256}"
            );
            Some(exit(4))
        }
        ConnectionState::NoTls => {
            eprintln!("tidings: the server does not offer encryption (STARTTLS); nothing was sent");
            Some(exit(4))
        }
        ConnectionState::Retrying { seconds, reason } => {
            eprintln!("tidings: cannot reach the server ({reason:?}); retrying in {seconds} s");
            None
        }
        ConnectionState::Disconnected(crate::core::DisconnectReason::Shutdown) => Some(exit(0)),
        _ => None,
    }
}

async fn shutdown(handle: Handle, mut events: mpsc::Receiver<Event>) {
    let _ = handle.send(Command::Shutdown).await;
    // Wait for the worker to close the stream (bounded: a dead network must not hang us).
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(e) = events.recv().await {
            if let Event::Connection {
                state: ConnectionState::Disconnected(crate::core::DisconnectReason::Shutdown),
                ..
            } = e
            {
                break;
            }
        }
    })
    .await;
}

async fn omemo(
    store: &Store,
    account: &crate::core::Account,
    command: OmemoCmd,
) -> Result<ExitCode, Error> {
    let id = account.id;
    match command {
        OmemoCmd::Fingerprint { json } => {
            let own = session::own_omemo_device(store, id).await?;
            if json {
                let line = serde_json::json!({
                    "jid": account.jid.to_string(),
                    "device": own.device,
                    "fingerprint": own.fingerprint,
                });
                println!("{line}");
            } else {
                println!(
                    "{} device {}: {}",
                    account.jid,
                    own.device,
                    crate::core::fingerprint_blocks(&own.fingerprint)
                );
            }
            Ok(exit(0))
        }
        OmemoCmd::Devices { jid, json } => {
            let jid = parse_jid(&jid)?;
            let devices = store
                .readers
                .read(move |c| store::omemo::devices(c, id, &jid))
                .await?;
            output::devices(&devices, json);
            Ok(exit(0))
        }
        OmemoCmd::Trust { jid, fingerprint } => {
            set_trust(store, id, &jid, &fingerprint, crate::core::Trust::Verified).await
        }
        OmemoCmd::Distrust { jid, fingerprint } => {
            set_trust(
                store,
                id,
                &jid,
                &fingerprint,
                crate::core::Trust::Distrusted,
            )
            .await
        }
        OmemoCmd::Encryption { jid, mode } => {
            use crate::core::Encryption;
            let jid = parse_jid(&jid)?;
            let wanted = mode.map(|m| match m.as_str() {
                "on" => Encryption::On,
                "off" => Encryption::Off,
                _ => Encryption::Automatic,
            });
            let now = store
                .writer
                .write(move |tx| {
                    let conversation = conversations::get_or_create(tx, id, &jid)?;
                    if let Some(e) = wanted {
                        conversations::set_encryption(tx, conversation, e)?;
                    }
                    conversations::encryption(tx, conversation)
                })
                .await?;
            let shown = match now {
                Encryption::On => "on",
                Encryption::Off => "off",
                Encryption::Automatic => "auto",
            };
            println!("{shown}");
            Ok(exit(0))
        }
        OmemoCmd::RemoveDevice { device } => {
            let command = Command::RemoveOwnDevice { device };
            online(store, id, Until::Command(command), None, None).await
        }
    }
}

/// Records the user's decision about one of `jid`'s keys, given as shown (blocks, any case).
async fn set_trust(
    store: &Store,
    account: crate::core::AccountId,
    jid: &str,
    fingerprint: &str,
    trust: crate::core::Trust,
) -> Result<ExitCode, Error> {
    let jid = parse_jid(jid)?;
    let fingerprint: String = fingerprint
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect::<String>()
        .to_lowercase();
    if fingerprint.len() != 64 || !fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "a fingerprint is 64 hexadecimal characters",
        ));
    }
    let known = {
        let (jid, fingerprint) = (jid.clone(), fingerprint.clone());
        store
            .readers
            .read(move |c| store::omemo::devices(c, account, &jid))
            .await?
            .iter()
            .any(|d| d.fingerprint.as_deref() == Some(fingerprint.as_str()))
    };
    if !known {
        eprintln!("tidings: no device of {jid} has shown this key yet; recorded anyway");
    }
    let shown = fingerprint.clone();
    store
        .writer
        .write(move |tx| store::omemo::set_trust(tx, account, &jid, &fingerprint, trust))
        .await?;
    println!(
        "{}: {}",
        trust.label(),
        crate::core::fingerprint_blocks(&shown)
    );
    Ok(exit(0))
}
