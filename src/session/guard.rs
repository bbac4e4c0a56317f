//! Limits on what the server may send, enforced on the bytes before the XML parser sees
//! them: one stanza at most `MAX_STANZA_BYTES`, elements nested at most `MAX_DEPTH` deep
//! (security.md). tokio-xmpp builds each stanza as a whole tree in memory and drops trees
//! recursively, so a 100 MB text or 100,000 nested elements would otherwise cost that memory,
//! or the stack.
//!
//! The scanner knows just enough XML to find element boundaries: tags, quoted attribute
//! values, CDATA, and markup the parser rejects anyway (comments, DTDs, processing
//! instructions). A stream restart (`<stream:stream>` again after login) resets the depth.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub const MAX_STANZA_BYTES: usize = 1024 * 1024;
/// Stream, stanza and 30 levels inside it: a carbon inside an archive result is 9 deep.
pub const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Just after `<`.
    Open,
    /// Inside a start or end tag; `quote` is the open quote, if any.
    Tag {
        closing: bool,
        quote: Option<u8>,
        slash: bool,
    },
    /// `<!` or `<?` markup up to `>` (CDATA is handled apart).
    Markup,
    /// Inside `<![CDATA[`, waiting for `]]>`.
    CData,
}

/// The scanner alone, without I/O, so it can be tested byte by byte.
#[derive(Debug)]
pub struct Scanner {
    state: State,
    depth: usize,
    /// Bytes of the stanza being read (0 between stanzas).
    stanza: usize,
    /// The first bytes of the current tag's name, to recognise a stream restart.
    name: [u8; 16],
    name_len: usize,
    in_name: bool,
    /// The last bytes seen, to recognise `<![CDATA[` and `]]>`.
    recent: [u8; 9],
}

impl Default for Scanner {
    fn default() -> Scanner {
        Scanner {
            state: State::Text,
            depth: 0,
            stanza: 0,
            name: [0; 16],
            name_len: 0,
            in_name: false,
            recent: [0; 9],
        }
    }
}

fn too_much(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

impl Scanner {
    pub fn feed(&mut self, bytes: &[u8]) -> io::Result<()> {
        for &b in bytes {
            self.recent.copy_within(1.., 0);
            self.recent[8] = b;
            if self.depth >= 2 || self.state != State::Text {
                self.stanza += 1;
                if self.stanza > MAX_STANZA_BYTES {
                    return Err(too_much("the server sent a stanza larger than 1 MiB"));
                }
            }
            self.step(b)?;
            if self.depth <= 1 && self.state == State::Text {
                self.stanza = 0;
            }
        }
        Ok(())
    }

    fn step(&mut self, b: u8) -> io::Result<()> {
        self.state = match self.state {
            State::Text if b == b'<' => State::Open,
            State::Text => State::Text,
            State::Open => match b {
                b'/' => self.begin_tag(true),
                b'!' | b'?' => State::Markup,
                _ => {
                    let state = self.begin_tag(false);
                    self.name_byte(b);
                    state
                }
            },
            State::Markup if &self.recent[..] == b"<![CDATA[" => State::CData,
            State::Markup if b == b'>' => State::Text,
            State::Markup => State::Markup,
            State::CData if b == b'>' && &self.recent[6..] == b"]]>" => State::Text,
            State::CData => State::CData,
            State::Tag {
                closing,
                quote: Some(q),
                slash,
            } => State::Tag {
                closing,
                quote: (b != q).then_some(q),
                slash,
            },
            State::Tag { closing, slash, .. } => match b {
                b'"' | b'\'' => {
                    self.in_name = false;
                    State::Tag {
                        closing,
                        quote: Some(b),
                        slash: false,
                    }
                }
                b'>' => {
                    self.end_tag(closing, slash)?;
                    State::Text
                }
                _ => {
                    self.name_byte(b);
                    State::Tag {
                        closing,
                        quote: None,
                        slash: b == b'/',
                    }
                }
            },
        };
        Ok(())
    }

    fn begin_tag(&mut self, closing: bool) -> State {
        self.name_len = 0;
        self.in_name = true;
        State::Tag {
            closing,
            quote: None,
            slash: false,
        }
    }

    fn name_byte(&mut self, b: u8) {
        if !self.in_name {
            return;
        }
        if b.is_ascii_whitespace() || b == b'/' || b == b'>' {
            self.in_name = false;
        } else if self.name_len < self.name.len() {
            self.name[self.name_len] = b;
            self.name_len += 1;
        }
    }

    fn is_stream_tag(&self) -> bool {
        let name = &self.name[..self.name_len];
        name == b"stream:stream" || name == b"stream"
    }

    fn end_tag(&mut self, closing: bool, self_closing: bool) -> io::Result<()> {
        if self.is_stream_tag() {
            // A new stream header after STARTTLS or login starts over at depth 1.
            self.depth = if closing { 0 } else { 1 };
        } else if closing {
            self.depth = self.depth.saturating_sub(1);
        } else if !self_closing {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(too_much("the server sent elements nested too deeply"));
            }
        }
        Ok(())
    }
}

/// A stream whose incoming bytes pass through a `Scanner`; a breach is a read error, which
/// ends the connection like any broken stream.
pub struct Guard<Io> {
    inner: Io,
    scanner: Scanner,
}

impl<Io> Guard<Io> {
    pub fn new(inner: Io) -> Guard<Io> {
        Guard {
            inner,
            scanner: Scanner::default(),
        }
    }

    pub fn get_ref(&self) -> &Io {
        &self.inner
    }

    pub fn into_inner(self) -> Io {
        self.inner
    }
}

impl<Io: AsyncRead + Unpin> AsyncRead for Guard<Io> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let fresh = &buf.filled()[before..];
                Poll::Ready(this.scanner.feed(fresh))
            }
            other => other,
        }
    }
}

impl<Io: AsyncWrite + Unpin> AsyncWrite for Guard<Io> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &[u8] = b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    fn scanner() -> Scanner {
        let mut s = Scanner::default();
        s.feed(HEADER).unwrap();
        s
    }

    #[test]
    fn ordinary_traffic_passes_and_tracks_depth() {
        let mut s = scanner();
        s.feed(
            b"<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
        )
        .unwrap();
        assert_eq!(s.depth, 1);
        s.feed(b"<message to='a@b' a='x>y' b=\"/>\"><body>1 &gt; 0 <![CDATA[<not a tag>]]></body></message> ")
            .unwrap();
        assert_eq!(s.depth, 1);
        assert_eq!(s.stanza, 0);
        // A stream restart after login does not count as nesting.
        s.feed(HEADER).unwrap();
        assert_eq!(s.depth, 1);
    }

    #[test]
    fn deep_nesting_is_cut() {
        let mut s = scanner();
        let deep = b"<a>".repeat(MAX_DEPTH + 5);
        assert!(s.feed(&deep).is_err());
    }

    #[test]
    fn legitimate_depth_passes() {
        let mut s = scanner();
        let n = MAX_DEPTH - 1;
        let text = format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        s.feed(text.as_bytes()).unwrap();
        assert_eq!(s.depth, 1);
    }

    #[test]
    fn a_huge_stanza_is_cut_but_many_small_ones_pass() {
        let mut s = scanner();
        for _ in 0..5000 {
            s.feed(b"<message><body>").unwrap();
            s.feed(&[b'x'; 1000]).unwrap();
            s.feed(b"</body></message>").unwrap();
        }
        s.feed(b"<message><body>").unwrap();
        let chunk = [b'x'; 64 * 1024];
        let mut failed = false;
        for _ in 0..20 {
            if s.feed(&chunk).is_err() {
                failed = true;
                break;
            }
        }
        assert!(failed);
    }

    #[test]
    fn a_huge_attribute_is_cut() {
        let mut s = scanner();
        s.feed(b"<message to='").unwrap();
        assert!(s.feed(&vec![b'x'; MAX_STANZA_BYTES + 1]).is_err());
    }
}
