//! One window per profile. The first launch takes a lock in the profile and listens on a
//! loopback port; a second launch of the same profile finds the lock taken, hands its request
//! (an xmpp: link, or just "show") to the first over that port and exits. A `tidings send`
//! meanwhile queues its messages in the store and hands their ids over the same way, so the
//! window's session sends them: one account is never signed in twice from one profile (the
//! two would take each other's place on the server and race its OMEMO sessions).
//!
//! The same code runs on all three systems: a file lock (released by the system when the
//! process ends, so a crash leaves nothing stale) and a loopback TCP socket. Any local program
//! can reach a loopback port, so each request carries a random token that only the profile's
//! owner can read from `instance` in the profile folder; a request without it is dropped.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use futures::{Stream, StreamExt};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

use crate::core::{AccountId, MessageId};

/// Held for the process's lifetime by the launch that owns the profile.
const LOCK_FILE: &str = "instance.lock";
/// The owner's port and token, readable only by the profile's user.
const ADDRESS_FILE: &str = "instance";
/// A request is one line; an xmpp: link longer than this is not one a person pasted.
const MAX_REQUEST: usize = 8 * 1024;
/// How long a second launch waits for the first to answer (it may still be starting).
const PATIENCE: Duration = Duration::from_secs(5);

/// What a later launch asks of the running one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Bring the window to the front.
    Show,
    /// Follow this xmpp: link (checked by the sender and again by the window).
    Link(String),
    /// Send these messages, which the sender queued in the profile's store for this account.
    Queued {
        account: AccountId,
        messages: Vec<MessageId>,
    },
}

impl Request {
    fn encode(&self) -> String {
        match self {
            Request::Show => "show".to_owned(),
            Request::Link(link) => format!("open {link}"),
            Request::Queued { account, messages } => {
                let ids: Vec<String> = messages.iter().map(|m| m.0.to_string()).collect();
                format!("queued {account} {}", ids.join(","))
            }
        }
    }

    fn decode(line: &str) -> Option<Request> {
        match line.split_once(' ') {
            None if line == "show" => Some(Request::Show),
            Some(("open", link)) if !link.is_empty() => Some(Request::Link(link.to_owned())),
            Some(("queued", rest)) => {
                let (account, ids) = rest.split_once(' ')?;
                let messages = ids
                    .split(',')
                    .map(|id| id.parse().ok().map(MessageId))
                    .collect::<Option<Vec<_>>>()?;
                Some(Request::Queued {
                    account: AccountId(account.parse().ok()?),
                    messages,
                })
            }
            _ => None,
        }
    }
}

/// The outcome of a launch's claim on its profile.
#[derive(Debug)]
pub enum Claim {
    /// This launch owns the profile: open the window and serve later launches.
    First(Owner),
    /// The running Tidings took the request; this launch is done.
    Handed,
}

/// The running instance's side: the lock, and the port later launches talk to.
#[derive(Debug)]
pub struct Owner {
    _lock: File,
    listener: TcpListener,
    token: String,
}

/// Why a launch could neither own the profile nor hand its request on.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    #[error("the profile folder cannot be used: {0}")]
    Profile(#[source] std::io::Error),
    #[error("Tidings is already running with this profile but did not answer: {0}")]
    NoAnswer(#[source] std::io::Error),
}

/// Hands `request` to the window that has the profile open, if one has; false when none
/// has (the caller then does the work itself). Blocks for as long as a claim's hand-off.
pub fn hand_to_window(profile: &Path, request: &Request) -> Result<bool, ClaimError> {
    let lock = match OpenOptions::new().write(true).open(profile.join(LOCK_FILE)) {
        Ok(lock) => lock,
        // No window ever ran here.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(ClaimError::Profile(e)),
    };
    match lock.try_lock() {
        // Nobody holds it: no window is open (ours is released as the file closes).
        Ok(()) => Ok(false),
        Err(TryLockError::WouldBlock) => hand(profile, request).map(|()| true),
        Err(TryLockError::Error(e)) => Err(ClaimError::Profile(e)),
    }
}

/// Takes the profile for this launch, or hands `request` to the launch that has it.
pub fn claim(profile: &Path, request: &Request) -> Result<Claim, ClaimError> {
    std::fs::create_dir_all(profile).map_err(ClaimError::Profile)?;
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(profile.join(LOCK_FILE))
        .map_err(ClaimError::Profile)?;
    match lock.try_lock() {
        Ok(()) => listen(profile, lock).map(Claim::First),
        Err(TryLockError::WouldBlock) => hand(profile, request).map(|()| Claim::Handed),
        Err(TryLockError::Error(e)) => Err(ClaimError::Profile(e)),
    }
}

fn listen(profile: &Path, lock: File) -> Result<Owner, ClaimError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(ClaimError::Profile)?;
    let port = listener.local_addr().map_err(ClaimError::Profile)?.port();
    let token = hex::encode(rand::random::<[u8; 16]>());
    // Written beside and renamed, so a later launch never reads half of it.
    let partial = profile.join(format!("{ADDRESS_FILE}.new"));
    private_file(&partial)
        .and_then(|mut f| f.write_all(format!("{port} {token}\n").as_bytes()))
        .and_then(|()| std::fs::rename(&partial, profile.join(ADDRESS_FILE)))
        .map_err(ClaimError::Profile)?;
    Ok(Owner {
        _lock: lock,
        listener,
        token,
    })
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .mode(0o600)
        .open(path)
}

// The profile folder under the user's AppData is private to the user by its ACL.
#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(path)
}

/// The second launch's side: read the owner's address and deliver the request, retrying while
/// the owner may still be writing its address.
fn hand(profile: &Path, request: &Request) -> Result<(), ClaimError> {
    let started = Instant::now();
    loop {
        match try_hand(profile, request) {
            Ok(()) => return Ok(()),
            Err(e) if started.elapsed() >= PATIENCE => return Err(ClaimError::NoAnswer(e)),
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

fn try_hand(profile: &Path, request: &Request) -> std::io::Result<()> {
    let address = std::fs::read_to_string(profile.join(ADDRESS_FILE))?;
    let (port, token) = address
        .trim()
        .split_once(' ')
        .and_then(|(port, token)| Some((port.parse::<u16>().ok()?, token)))
        .ok_or_else(|| std::io::Error::other("the instance file is malformed"))?;
    let mut stream = TcpStream::connect_timeout(
        &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        Duration::from_secs(1),
    )?;
    stream.set_read_timeout(Some(PATIENCE))?;
    stream.write_all(format!("{token} {}\n", request.encode()).as_bytes())?;
    let mut answer = String::new();
    BufReader::new(stream.take(16)).read_line(&mut answer)?;
    if answer.trim_end() == "ok" {
        Ok(())
    } else {
        Err(std::io::Error::other(
            "the running Tidings refused the request",
        ))
    }
}

impl Owner {
    /// Later launches' requests, as they come. Runs on the caller's tokio runtime; a request
    /// that is malformed, too long or without the token is dropped and its sender told so.
    pub fn requests(self) -> impl Stream<Item = Request> + Send + 'static {
        let Owner {
            _lock: lock,
            listener,
            token,
        } = self;
        // The socket joins the runtime only once the stream is first polled, on that runtime.
        let serving = futures::stream::once(async move {
            let listener = listener
                .set_nonblocking(true)
                .and_then(|()| tokio::net::TcpListener::from_std(listener))
                .map_err(|e| tracing::warn!("later launches cannot reach this one: {e}"))
                .ok()?;
            Some(Serving {
                listener,
                token,
                _lock: lock,
            })
        });
        serving
            .filter_map(std::future::ready)
            .flat_map(|serving| futures::stream::unfold(serving, next_request))
    }
}

struct Serving {
    listener: tokio::net::TcpListener,
    token: String,
    _lock: File,
}

async fn next_request(serving: Serving) -> Option<(Request, Serving)> {
    loop {
        match serving.listener.accept().await {
            Ok((stream, _)) => {
                if let Some(request) = serve(stream, &serving.token).await {
                    return Some((request, serving));
                }
            }
            // Out of descriptors, say: wait rather than spin.
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Reads one request and answers it; `None` when it was not a valid one.
async fn serve(stream: tokio::net::TcpStream, token: &str) -> Option<Request> {
    let (reader, mut writer) = stream.into_split();
    let mut line = Vec::new();
    let read = tokio::time::timeout(
        PATIENCE,
        tokio::io::BufReader::new(reader.take(MAX_REQUEST as u64 + 1)).read_until(b'\n', &mut line),
    )
    .await;
    let request = match read {
        Ok(Ok(_)) if line.len() <= MAX_REQUEST && line.ends_with(b"\n") => {
            std::str::from_utf8(&line[..line.len() - 1])
                .ok()
                .and_then(|line| line.split_once(' '))
                .filter(|(given, _)| given.as_bytes() == token.as_bytes())
                .and_then(|(_, request)| Request::decode(request))
        }
        _ => None,
    };
    let answer: &[u8] = if request.is_some() { b"ok\n" } else { b"no\n" };
    let _ = writer.write_all(answer).await;
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_launch_hands_its_link_to_the_first_and_a_third_its_show() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(owner) = claim(dir.path(), &Request::Show).unwrap() else {
            panic!("the first launch must own the profile");
        };
        let mut requests = Box::pin(owner.requests());
        let profile = dir.path().to_owned();
        let second = tokio::task::spawn_blocking(move || {
            let link = Request::Link("xmpp:juliet@example.org?message;body=hi".into());
            let first = claim(&profile, &link).unwrap();
            let second = claim(&profile, &Request::Show).unwrap();
            (first, second)
        });
        assert_eq!(
            requests.next().await,
            Some(Request::Link(
                "xmpp:juliet@example.org?message;body=hi".into()
            ))
        );
        assert_eq!(requests.next().await, Some(Request::Show));
        let (first, second) = second.await.unwrap();
        assert!(matches!(first, Claim::Handed));
        assert!(matches!(second, Claim::Handed));
    }

    #[tokio::test]
    async fn a_request_without_the_token_or_too_long_is_refused_and_not_passed_on() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(owner) = claim(dir.path(), &Request::Show).unwrap() else {
            panic!("the first launch must own the profile");
        };
        let port = owner.listener.local_addr().unwrap().port();
        let token = owner.token.clone();
        let mut requests = Box::pin(owner.requests());
        let answers = tokio::task::spawn_blocking(move || {
            let send = |line: Vec<u8>| {
                let mut s = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
                s.write_all(&line).unwrap();
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
                answer
            };
            let mut long = format!("{token} open xmpp:a@b?message;body=").into_bytes();
            long.extend(std::iter::repeat_n(b'x', MAX_REQUEST));
            long.push(b'\n');
            [
                send(b"0123 show\n".to_vec()),
                send(format!("{token} run /bin/sh\n").into_bytes()),
                send(long),
                send(format!("{token} show\n").into_bytes()),
            ]
        });
        // Only the last, good request comes through.
        assert_eq!(requests.next().await, Some(Request::Show));
        assert_eq!(answers.await.unwrap(), ["no\n", "no\n", "no\n", "ok\n"]);
    }

    #[test]
    fn an_address_left_by_a_crashed_launch_does_not_stop_the_next() {
        let dir = tempfile::tempdir().unwrap();
        // A port nobody listens on and a token from a process that is gone.
        std::fs::write(dir.path().join(ADDRESS_FILE), "1 deadbeef\n").unwrap();
        std::fs::write(dir.path().join(LOCK_FILE), "").unwrap();
        assert!(matches!(
            claim(dir.path(), &Request::Show).unwrap(),
            Claim::First(_)
        ));
    }

    #[test]
    fn requests_read_back_as_they_were_written() {
        let queued = Request::Queued {
            account: AccountId(3),
            messages: vec![MessageId(41), MessageId(42)],
        };
        for request in [Request::Show, Request::Link("xmpp:a@b?join".into()), queued] {
            assert_eq!(Request::decode(&request.encode()), Some(request));
        }
        assert_eq!(Request::decode("open "), None);
        assert_eq!(Request::decode("shown"), None);
        for bad in [
            "queued",
            "queued 3",
            "queued 3 ",
            "queued x 4",
            "queued 3 4,",
            "queued 3 a",
        ] {
            assert_eq!(Request::decode(bad), None, "{bad}");
        }
    }

    // A command with nothing open does the work itself; with the window open it hands over.
    #[tokio::test]
    async fn a_command_hands_its_queued_messages_only_to_an_open_window() {
        let dir = tempfile::tempdir().unwrap();
        let queued = Request::Queued {
            account: AccountId(1),
            messages: vec![MessageId(7)],
        };
        assert!(
            !hand_to_window(dir.path(), &queued).unwrap(),
            "never opened"
        );
        let Claim::First(owner) = claim(dir.path(), &Request::Show).unwrap() else {
            panic!("the first launch must own the profile");
        };
        let mut requests = Box::pin(owner.requests());
        let (profile, request) = (dir.path().to_owned(), queued.clone());
        let handed = tokio::task::spawn_blocking(move || hand_to_window(&profile, &request));
        assert_eq!(requests.next().await, Some(queued.clone()));
        assert!(handed.await.unwrap().unwrap());
        // The window closed: its lock went with it.
        drop(requests);
        let profile = dir.path().to_owned();
        let after = tokio::task::spawn_blocking(move || hand_to_window(&profile, &queued));
        assert!(!after.await.unwrap().unwrap());
    }
}
