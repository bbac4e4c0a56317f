//! HTTP for files: the PUT of an upload slot (XEP-0363) and capped downloads. One client per
//! account, over the account's own TLS trust (system roots, its CA file or its pinned
//! certificate). Only https, redirects only to https, never more than the cap read whatever
//! Content-Length claims.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tokio_rustls::rustls::ClientConfig;

use crate::core::{Error, ErrorKind};

/// How much of a file goes in one piece of the upload body: progress moves per piece.
const PIECE: usize = 64 * 1024;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// A transfer that moves no byte for this long is given up.
const STALL_TIMEOUT: Duration = Duration::from_secs(60);

fn network(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Network, message)
}

/// Progress of one transfer: bytes moved so far. Called per piece; whoever shows it
/// decides how often to pass it on.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

#[derive(Clone)]
pub struct Http {
    /// Downloads: a read that waits longer than STALL_TIMEOUT ends them.
    client: reqwest::Client,
    /// Uploads: no read happens while the body goes out (a slow server takes minutes for a
    /// big file), so `put` watches the body's progress instead.
    uploads: reqwest::Client,
}

impl Http {
    pub fn new(tls: &ClientConfig) -> Result<Http, Error> {
        let builder = || {
            reqwest::Client::builder()
                .use_preconfigured_tls(tls.clone())
                .https_only(true)
                .redirect(reqwest::redirect::Policy::custom(|attempt| {
                    if attempt.url().scheme() != "https" || attempt.previous().len() >= 5 {
                        attempt.stop()
                    } else {
                        attempt.follow()
                    }
                }))
                .connect_timeout(CONNECT_TIMEOUT)
                .user_agent(concat!("Tidings/", env!("CARGO_PKG_VERSION")))
        };
        let set_up = |e: reqwest::Error| network(format!("cannot set up HTTP: {e}"));
        let client = builder()
            .read_timeout(STALL_TIMEOUT)
            .build()
            .map_err(set_up)?;
        let uploads = builder().build().map_err(set_up)?;
        Ok(Http { client, uploads })
    }

    /// PUTs `data` to an upload slot with the headers the slot named.
    pub async fn put(
        &self,
        url: &str,
        headers: &[(String, String)],
        content_type: &str,
        data: Vec<u8>,
        progress: Progress,
    ) -> Result<(), Error> {
        let length = data.len() as u64;
        let data = bytes::Bytes::from(data);
        let moved = Arc::new(std::sync::Mutex::new(std::time::Instant::now()));
        let last_move = moved.clone();
        let pieces = (0..data.len()).step_by(PIECE).map(move |start| {
            let piece = data.slice(start..(start + PIECE).min(data.len()));
            progress((start + piece.len()) as u64);
            if let Ok(mut at) = last_move.lock() {
                *at = std::time::Instant::now();
            }
            Ok::<_, std::io::Error>(piece)
        });
        let mut request = self
            .uploads
            .put(url)
            .header(reqwest::header::CONTENT_LENGTH, length)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(reqwest::Body::wrap_stream(futures::stream::iter(pieces)));
        for (name, value) in headers {
            request = request.header(name.as_str(), value.as_str());
        }
        // The body moving is the sign of life; once it is all out, the server has as long
        // again to answer.
        let stalled = async {
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let quiet = moved.lock().map(|at| at.elapsed()).unwrap_or_default();
                if quiet > STALL_TIMEOUT {
                    return;
                }
            }
        };
        let response = tokio::select! {
            sent = request.send() => {
                sent.map_err(|e| network(format!("the upload failed: {}", describe(&e))))?
            }
            () = stalled => return Err(network("the upload stalled: the server stopped taking the file")),
        };
        let status = response.status();
        if !status.is_success() {
            return Err(network(format!("the upload server answered {status}")));
        }
        Ok(())
    }

    /// GETs `url` into `sink`, at most `cap` bytes: a longer file (announced or not) is
    /// refused and the transfer stops at once. Returns the number of bytes written.
    pub async fn get_capped<W: tokio::io::AsyncWrite + Unpin>(
        &self,
        url: &str,
        cap: u64,
        sink: &mut W,
        progress: Progress,
    ) -> Result<u64, Error> {
        let response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|e| network(format!("the download failed: {}", describe(&e))))?;
        let status = response.status();
        if !status.is_success() {
            return Err(network(format!("the file server answered {status}")));
        }
        if response.content_length().is_some_and(|n| n > cap) {
            return Err(too_large(cap));
        }
        let mut body = response.bytes_stream();
        let mut total = 0u64;
        while let Some(piece) = body.next().await {
            let piece =
                piece.map_err(|e| network(format!("the download broke off: {}", describe(&e))))?;
            total += piece.len() as u64;
            if total > cap {
                return Err(too_large(cap));
            }
            sink.write_all(&piece).await.map_err(|e| {
                Error::with_source(ErrorKind::Io, format!("cannot write the file: {e}"), e)
            })?;
            progress(total);
        }
        sink.flush().await.map_err(|e| {
            Error::with_source(ErrorKind::Io, format!("cannot write the file: {e}"), e)
        })?;
        Ok(total)
    }
}

fn too_large(cap: u64) -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        format!(
            "the file is larger than the download limit of {}",
            size_text(cap)
        ),
    )
}

/// A size as people read it: 1.5 MB, 300 kB, 12 bytes.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.0} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
}

/// reqwest's errors name their cause in a chain; the innermost is the one people can act on
/// (a refused certificate, a refused connection).
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = s.to_string();
        source = s.source();
    }
    text
}
