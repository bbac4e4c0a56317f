//! Stanza Content Encryption envelope (XEP-0420 v0.5, namespace `urn:xmpp:sce:1`), as OMEMO 2
//! (XEP-0384 v0.9 §SCE Profile) uses it: the plain text that the OMEMO 2 `<payload>` encrypts.
//!
//! ```xml
//! <envelope xmlns='urn:xmpp:sce:1'>
//!   <content><body xmlns='jabber:client'>Hello</body></content>
//!   <rpad>random</rpad>
//!   <time stamp='2025-01-01T12:00:00Z'/>
//!   <to jid='juliet@capulet.lit'/>
//!   <from jid='romeo@montague.lit'/>
//! </envelope>
//! ```
//!
//! The OMEMO profile: `<rpad>` MUST be present, `<time>` MAY, `<from>` SHOULD, `<to>` MUST in
//! group chats. Parsing never trusts the affixes by itself: after decryption the caller must
//! call [`Envelope::check_affixes`] with the outer stanza's sender and recipient, and should
//! hand on only [`Envelope::safe_content`].

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use jid::{BareJid, Jid};
use rand::Rng;
use xmpp_parsers::minidom::Element;
use xso::error::Error;
use xso::{AsXml, FromXml, TextCodec};

/// The SCE namespace.
pub const NS: &str = "urn:xmpp:sce:1";

/// Largest serialised envelope [`Envelope::from_bytes`] accepts. Prosody's stanza limit is
/// 256 KiB after base64 and the OMEMO wrapping; a chat message needs a tiny fraction of this.
pub const MAX_ENVELOPE_BYTES: usize = 64 * 1024;

/// Deepest element nesting [`Envelope::from_bytes`] accepts (envelope = 1, content = 2, body =
/// 3). Real content is 4 or 5 deep; the bound keeps recursive drop and comparison of a
/// hostile, deeply nested tree far from the stack limit.
pub const MAX_DEPTH: usize = 32;

/// Padding added on top of the fixed minimum, 0..=this many characters (XEP-0420 §Affix
/// Elements: "between 0 and 200 characters are added on top").
pub const MAX_RANDOM_PADDING: usize = 200;

/// The fixed minimum size the envelope is first padded to (XEP-0420's first padding step; the
/// XEP leaves the number open). Short messages all look alike up to this size.
pub const MIN_PADDED_BYTES: usize = 256;

/// XEP-0082 DateTime for `<time stamp>`: parsed from any RFC 3339 offset, written in UTC with
/// fractional seconds only when there are some (so a stamp from QXmpp, which sends
/// milliseconds, survives a round trip).
pub struct Stamp;

impl TextCodec<DateTime<Utc>> for Stamp {
    fn decode(&self, s: String) -> Result<DateTime<Utc>, Error> {
        DateTime::parse_from_rfc3339(s.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(Error::text_parse_error)
    }

    fn encode<'x>(&self, value: &'x DateTime<Utc>) -> Result<Option<Cow<'x, str>>, Error> {
        Ok(Some(Cow::Owned(
            value.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        )))
    }
}

/// `<content>`: the stanza's sensitive child elements, kept as minidom Elements in order.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Default)]
#[xml(namespace = NS, name = "content")]
pub struct Content {
    /// Any elements, each in its own namespace (e.g. `<body xmlns='jabber:client'>`).
    #[xml(element(n = ..))]
    pub elements: Vec<Element>,
}

/// `<envelope xmlns='urn:xmpp:sce:1'>`.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq)]
#[xml(namespace = NS, name = "envelope")]
pub struct Envelope {
    /// The encrypted stanza's content.
    #[xml(child)]
    pub content: Content,

    /// Random padding; its content carries no meaning and any length is accepted.
    #[xml(extract(name = "rpad", default, fields(text(type_ = String))))]
    pub rpad: Option<String>,

    /// When the sender encrypted the stanza.
    #[xml(extract(name = "time", default, fields(attribute(name = "stamp", type_ = DateTime<Utc>, codec = Stamp))))]
    pub time: Option<DateTime<Utc>>,

    /// The intended recipient (bare JID; a full JID is tolerated and compared bare).
    #[xml(extract(name = "to", default, fields(attribute(name = "jid", type_ = Jid))))]
    pub to: Option<Jid>,

    /// The sender (bare JID; a full JID is tolerated and compared bare).
    #[xml(extract(name = "from", default, fields(attribute(name = "jid", type_ = Jid))))]
    pub from: Option<Jid>,
}

/// Why an envelope was refused. Clone, so it can travel in session events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SceError {
    /// Larger than [`MAX_ENVELOPE_BYTES`].
    TooLarge(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Not well-formed restricted XML (DTDs, entity declarations, processing instructions and
    /// comments are all refused by the parser), or not an envelope.
    Invalid(String),
    /// Serialisation failed (an element the XML writer cannot express).
    Serialise(String),
    /// `<from>` names someone other than the sender of the outer stanza.
    FromMismatch,
    /// `<to>` names someone other than the outer stanza's recipient.
    ToMismatch,
    /// A group-chat message without `<to>` (the OMEMO profile requires it).
    ToMissing,
}

impl fmt::Display for SceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(n) => write!(f, "SCE envelope of {n} bytes is too large"),
            Self::TooDeep => f.write_str("SCE envelope is nested too deeply"),
            Self::Invalid(e) => write!(f, "invalid SCE envelope: {e}"),
            Self::Serialise(e) => write!(f, "cannot serialise SCE envelope: {e}"),
            Self::FromMismatch => f.write_str("SCE <from> does not match the sender"),
            Self::ToMismatch => f.write_str("SCE <to> does not match the recipient"),
            Self::ToMissing => f.write_str("SCE envelope of a group message lacks <to>"),
        }
    }
}

impl std::error::Error for SceError {}

/// Namespaces whose elements XEP-0420 §Server-processed Elements says must never be taken from
/// inside an envelope (hints, addressing, EME), plus SCE and both OMEMO namespaces (an envelope
/// or encrypted element inside an envelope is nonsense at best, a confusion attack at worst).
const SERVER_PROCESSED_NS: &[&str] = &[
    "urn:xmpp:hints",
    "http://jabber.org/protocol/address",
    "urn:xmpp:eme:0",
    NS,
    "urn:xmpp:omemo:2",
    "eu.siacs.conversations.axolotl",
];

/// True for an element that a receiver must drop from `<content>` (see [`Envelope::safe_content`]).
pub fn is_server_processed(elem: &Element) -> bool {
    SERVER_PROCESSED_NS.contains(&elem.ns().as_str())
        // XEP-0359 stanza-id is stamped by servers; origin-id (same namespace) is the sender's
        // own and stays.
        || elem.is("stanza-id", "urn:xmpp:sid:0")
}

impl Envelope {
    /// An envelope for `content` from `from`, padded as XEP-0420 describes, stamped now.
    /// `to` is required for group chats and recommended otherwise (QXmpp always sends it).
    pub fn new(content: Vec<Element>, from: BareJid, to: Option<BareJid>) -> Self {
        Self::with_rng(content, from, to, Some(Utc::now()), &mut rand::rng())
    }

    /// [`Envelope::new`] with an explicit time (or none) and random source, for tests.
    pub fn with_rng<R: Rng + ?Sized>(
        content: Vec<Element>,
        from: BareJid,
        to: Option<BareJid>,
        time: Option<DateTime<Utc>>,
        rng: &mut R,
    ) -> Self {
        let mut envelope = Self {
            content: Content { elements: content },
            rpad: None,
            // Second precision: nothing finer is useful, and it leaks less about the sender.
            time: time.map(|t| t.with_nanosecond_zero()),
            to: to.map(Jid::from),
            from: Some(Jid::from(from)),
        };
        // Step one pads to a fixed minimum, step two adds 0..=200 random characters.
        let unpadded = xso::to_vec(&envelope).map(|v| v.len()).unwrap_or(0);
        let fixed = MIN_PADDED_BYTES.saturating_sub(unpadded + "<rpad></rpad>".len());
        let extra = rng.random_range(0..=MAX_RANDOM_PADDING);
        envelope.rpad = Some(random_padding(fixed + extra, rng));
        envelope
    }

    /// The serialised envelope: the plain text OMEMO 2 encrypts.
    pub fn to_bytes(&self) -> Result<Vec<u8>, SceError> {
        xso::to_vec(self).map_err(|e| SceError::Serialise(e.to_string()))
    }

    /// Parse a decrypted envelope. Refuses anything over [`MAX_ENVELOPE_BYTES`] or nested
    /// deeper than [`MAX_DEPTH`], and anything that is not well-formed restricted XML (the
    /// parser, rxml, refuses DTDs, so no entity expansion; only the five predefined entities
    /// and character references exist). Never panics.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, SceError> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(SceError::TooLarge(bytes.len()));
        }
        parse_limited(bytes, MAX_DEPTH)
    }

    /// Verify the affixes against the outer stanza, as XEP-0420 requires of the receiver:
    /// `sender` is the bare JID of the outer `from` (for a carbon or archive result: of the
    /// forwarded message, after the wrapper was authenticated), `recipient` the bare JID of the
    /// outer `to` (our account in a chat, the room in a group chat).
    ///
    /// A missing `<from>` is accepted (the profile says SHOULD; the OMEMO session already binds
    /// the sender's identity key to its JID); a present one must match. A present `<to>` must
    /// match; in a group chat it must be present. `<time>` is left to the caller, who knows the
    /// delay/archive timestamp to compare it with.
    pub fn check_affixes(
        &self,
        sender: &BareJid,
        recipient: &BareJid,
        groupchat: bool,
    ) -> Result<(), SceError> {
        if let Some(from) = &self.from
            && &from.to_bare() != sender
        {
            return Err(SceError::FromMismatch);
        }
        match &self.to {
            Some(to) if &to.to_bare() != recipient => Err(SceError::ToMismatch),
            None if groupchat => Err(SceError::ToMissing),
            _ => Ok(()),
        }
    }

    /// The content elements without those a receiver must ignore inside an envelope
    /// ([`is_server_processed`]).
    pub fn safe_content(&self) -> impl Iterator<Item = &Element> {
        self.content
            .elements
            .iter()
            .filter(|e| !is_server_processed(e))
    }

    /// The `<body xmlns='jabber:client'>` text, if any.
    pub fn body(&self) -> Option<String> {
        self.content
            .elements
            .iter()
            .find(|e| e.is("body", "jabber:client"))
            .map(Element::text)
    }
}

trait NanosZero {
    fn with_nanosecond_zero(self) -> Self;
}

impl NanosZero for DateTime<Utc> {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// `n` random characters from the base64url alphabet: one byte each, nothing to escape.
fn random_padding<R: Rng + ?Sized>(n: usize, rng: &mut R) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..n)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// Parse one document into `T` in a single pass over rxml's events, counting the nesting on
/// the way, and refuse anything after the root element.
fn parse_limited<T: FromXml>(mut buf: &[u8], max_depth: usize) -> Result<T, SceError> {
    use rxml::Parse as _;
    use rxml::error::EndOrError;
    use xso::FromEventsBuilder as _;

    let invalid = |e: &dyn fmt::Display| SceError::Invalid(e.to_string());
    let mut parser = rxml::Parser::new();
    let ctx = xso::Context::empty();
    let mut builder = None;
    let mut depth = 0usize;
    loop {
        let ev = match parser.parse(&mut buf, true) {
            Ok(Some(ev)) => ev,
            Ok(None) | Err(EndOrError::NeedMoreData) => {
                return Err(SceError::Invalid("truncated document".into()));
            }
            Err(EndOrError::Error(e)) => return Err(invalid(&e)),
        };
        match ev {
            rxml::Event::StartElement(..) => {
                depth += 1;
                if depth > max_depth {
                    return Err(SceError::TooDeep);
                }
            }
            rxml::Event::EndElement(..) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let Some(b) = builder.as_mut() else {
            match ev {
                rxml::Event::XmlDeclaration(..) => continue,
                rxml::Event::StartElement(_, name, attrs) => {
                    builder = Some(T::from_events(name, attrs, &ctx).map_err(|e| match e {
                        xso::error::FromEventsError::Mismatch { .. } => {
                            SceError::Invalid("not an SCE envelope".into())
                        }
                        xso::error::FromEventsError::Invalid(e) => invalid(&e),
                    })?);
                    continue;
                }
                _ => return Err(SceError::Invalid("content before the root element".into())),
            }
        };
        if let Some(value) = b.feed(ev, &ctx).map_err(|e| invalid(&e))? {
            // Only whitespace may follow the root element.
            return match parser.parse(&mut buf, true) {
                Ok(None) => Ok(value),
                Ok(Some(_)) => Err(SceError::Invalid("content after the root element".into())),
                Err(EndOrError::NeedMoreData) => Err(SceError::Invalid("truncated".into())),
                Err(EndOrError::Error(e)) => Err(invalid(&e)),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn bare(s: &str) -> BareJid {
        s.parse().unwrap()
    }

    fn body(text: &str) -> Element {
        Element::builder("body", "jabber:client")
            .append(text)
            .build()
    }

    // XEP-0384 example 'Plaintext SCE envelope element', verbatim but for the rpad text.
    #[test]
    fn xep_0384_example_parses_field_by_field() {
        let xml = "<envelope xmlns='urn:xmpp:sce:1'>
  <content>
    <body xmlns='jabber:client'>
     Hello World!
    </body>
  </content>
  <rpad>r4nd0m</rpad>
  <from jid='romeo@montague.lit'/>
</envelope>";
        let e = Envelope::from_bytes(xml.as_bytes()).unwrap();
        assert_eq!(e.content.elements.len(), 1);
        assert!(e.content.elements[0].is("body", "jabber:client"));
        assert_eq!(e.body().unwrap().trim(), "Hello World!");
        assert_eq!(e.rpad.as_deref(), Some("r4nd0m"));
        assert_eq!(e.from, Some(Jid::from(bare("romeo@montague.lit"))));
        assert_eq!(e.to, None);
        assert_eq!(e.time, None);
        e.check_affixes(
            &bare("romeo@montague.lit"),
            &bare("juliet@capulet.lit"),
            false,
        )
        .unwrap();
        round_trip(&e);
    }

    // What QXmpp (Kaidan) writes: time with milliseconds, to, from, base64 rpad, then content.
    #[test]
    fn qxmpp_envelope_parses_field_by_field() {
        let xml = "<envelope xmlns=\"urn:xmpp:sce:1\"><time stamp=\"2024-05-01T10:20:30.123Z\"/>\
            <to jid=\"juliet@capulet.lit\"/><from jid=\"romeo@montague.lit\"/>\
            <rpad>3q2+7wECAwQ=</rpad><content><body xmlns=\"jabber:client\">hi &amp; bye</body>\
            <store xmlns=\"urn:xmpp:hints\"/><origin-id xmlns=\"urn:xmpp:sid:0\" id=\"abc\"/>\
            </content></envelope>";
        let e = Envelope::from_bytes(xml.as_bytes()).unwrap();
        assert_eq!(
            e.time.unwrap().to_rfc3339_opts(SecondsFormat::Millis, true),
            "2024-05-01T10:20:30.123Z"
        );
        assert_eq!(e.to, Some(Jid::from(bare("juliet@capulet.lit"))));
        assert_eq!(e.from, Some(Jid::from(bare("romeo@montague.lit"))));
        assert_eq!(e.rpad.as_deref(), Some("3q2+7wECAwQ="));
        assert_eq!(e.body().as_deref(), Some("hi & bye"));
        assert_eq!(e.content.elements.len(), 3);
        // The hint is dropped, origin-id kept.
        let safe: Vec<_> = e.safe_content().map(|c| c.name().to_owned()).collect();
        assert_eq!(safe, ["body", "origin-id"]);
        round_trip(&e);
    }

    #[test]
    fn time_with_offset_is_normalised_to_utc() {
        let xml = "<envelope xmlns='urn:xmpp:sce:1'><content/>\
            <time stamp='2004-01-25T06:05:00+01:00'/></envelope>";
        let e = Envelope::from_bytes(xml.as_bytes()).unwrap();
        assert_eq!(
            e.time.unwrap().to_rfc3339_opts(SecondsFormat::AutoSi, true),
            "2004-01-25T05:05:00Z"
        );
        assert!(e.content.elements.is_empty());
        assert!(e.rpad.is_none());
    }

    fn round_trip(e: &Envelope) {
        let bytes = e.to_bytes().unwrap();
        assert_eq!(&Envelope::from_bytes(&bytes).unwrap(), e);
    }

    #[test]
    fn built_envelope_pads_and_round_trips() {
        let mut rng = StdRng::seed_from_u64(7);
        let now = DateTime::parse_from_rfc3339("2025-03-04T05:06:07.891Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut lengths = Vec::new();
        for _ in 0..200 {
            let e = Envelope::with_rng(
                vec![body("Hello")],
                bare("romeo@montague.lit"),
                Some(bare("juliet@capulet.lit")),
                Some(now),
                &mut rng,
            );
            let bytes = e.to_bytes().unwrap();
            assert!(bytes.len() >= MIN_PADDED_BYTES, "{}", bytes.len());
            assert!(bytes.len() <= MIN_PADDED_BYTES + MAX_RANDOM_PADDING);
            let rpad = e.rpad.as_deref().unwrap();
            assert!(
                rpad.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            );
            lengths.push(bytes.len());
            let parsed = Envelope::from_bytes(&bytes).unwrap();
            assert_eq!(parsed, e);
            assert_eq!(parsed.body().as_deref(), Some("Hello"));
            assert_eq!(parsed.time.unwrap().timestamp_subsec_nanos(), 0);
            parsed
                .check_affixes(
                    &bare("romeo@montague.lit"),
                    &bare("juliet@capulet.lit"),
                    true,
                )
                .unwrap();
        }
        lengths.sort_unstable();
        lengths.dedup();
        assert!(
            lengths.len() > 50,
            "padding varies: {} distinct sizes",
            lengths.len()
        );

        // A long message gets only the random part.
        let long = "x".repeat(1000);
        let e = Envelope::with_rng(vec![body(&long)], bare("a@b.c"), None, None, &mut rng);
        assert!(e.rpad.as_ref().unwrap().len() <= MAX_RANDOM_PADDING);
        assert!(e.time.is_none() && e.to.is_none());
        round_trip(&e);
    }

    #[test]
    fn serialised_form_keeps_content_namespaces() {
        let mut e = Envelope::with_rng(
            vec![body("a<b"), Element::builder("x", "jabber:x:oob").build()],
            bare("romeo@montague.lit"),
            None,
            None,
            &mut StdRng::seed_from_u64(1),
        );
        e.rpad = Some("PAD".into());
        let xml = String::from_utf8(e.to_bytes().unwrap()).unwrap();
        assert_eq!(
            xml,
            "<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>a&lt;b</body>\
             <x xmlns='jabber:x:oob'></x></content><rpad>PAD</rpad>\
             <from jid='romeo@montague.lit'></from></envelope>"
        );
        // Envelope::new stamps the time and pads.
        let fresh = Envelope::new(vec![body("hi")], bare("a@b.c"), None);
        assert!(fresh.time.is_some() && fresh.rpad.is_some());
    }

    #[test]
    fn affixes_are_verified_against_the_outer_stanza() {
        let romeo = bare("romeo@montague.lit");
        let juliet = bare("juliet@capulet.lit");
        let room = bare("room@conference.capulet.lit");
        let env = |from: Option<&str>, to: Option<&str>| Envelope {
            content: Content::default(),
            rpad: None,
            time: None,
            from: from.map(|j| j.parse().unwrap()),
            to: to.map(|j| j.parse().unwrap()),
        };
        let ok = env(Some("romeo@montague.lit"), Some("juliet@capulet.lit"));
        assert_eq!(ok.check_affixes(&romeo, &juliet, false), Ok(()));
        // A forged sender: the server (or a relay) claims it came from someone else.
        assert_eq!(
            ok.check_affixes(&bare("mallory@evil.lit"), &juliet, false),
            Err(SceError::FromMismatch)
        );
        // A private message replayed as a group message, and the reverse.
        assert_eq!(
            ok.check_affixes(&romeo, &room, true),
            Err(SceError::ToMismatch)
        );
        let group = env(
            Some("romeo@montague.lit"),
            Some("room@conference.capulet.lit"),
        );
        assert_eq!(
            group.check_affixes(&romeo, &juliet, false),
            Err(SceError::ToMismatch)
        );
        assert_eq!(group.check_affixes(&romeo, &room, true), Ok(()));
        assert_eq!(
            env(Some("romeo@montague.lit"), None).check_affixes(&romeo, &room, true),
            Err(SceError::ToMissing)
        );
        // Full JIDs are compared bare; missing affixes are accepted in a chat.
        let full = env(
            Some("romeo@montague.lit/orchard"),
            Some("juliet@capulet.lit/balcony"),
        );
        assert_eq!(full.check_affixes(&romeo, &juliet, false), Ok(()));
        assert_eq!(
            env(None, None).check_affixes(&romeo, &juliet, false),
            Ok(())
        );
    }

    #[test]
    fn server_processed_elements_are_dropped() {
        let xml = "<envelope xmlns='urn:xmpp:sce:1'><content>\
            <body xmlns='jabber:client'>x</body>\
            <no-store xmlns='urn:xmpp:hints'/>\
            <stanza-id xmlns='urn:xmpp:sid:0' id='forged' by='juliet@capulet.lit'/>\
            <addresses xmlns='http://jabber.org/protocol/address'/>\
            <encryption xmlns='urn:xmpp:eme:0' namespace='urn:xmpp:omemo:2'/>\
            <envelope xmlns='urn:xmpp:sce:1'><content/></envelope>\
            <encrypted xmlns='urn:xmpp:omemo:2'/>\
            <reactions xmlns='urn:xmpp:reactions:0' id='1'/>\
            </content></envelope>";
        let e = Envelope::from_bytes(xml.as_bytes()).unwrap();
        let safe: Vec<_> = e.safe_content().map(|c| c.name().to_owned()).collect();
        assert_eq!(safe, ["body", "reactions"]);
    }

    #[test]
    fn hostile_envelopes_are_errors() {
        let bad: &[&[u8]] = &[
            b"",
            b"   ",
            b"<envelope xmlns='urn:xmpp:sce:1'>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content>",
            // missing content, two contents, two from, two rpad
            b"<envelope xmlns='urn:xmpp:sce:1'><rpad>x</rpad></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><content/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><from jid='a@b.c'/><from jid='d@e.f'/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><rpad>a</rpad><rpad>b</rpad></envelope>",
            // bad affix values
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><from/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><from jid='@'/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><to jid=''/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><time stamp='yesterday'/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><time/></envelope>",
            // wrong root: the SCE 0 name, another namespace
            b"<content xmlns='urn:xmpp:sce:0'><payload/></content>",
            b"<envelope xmlns='urn:xmpp:sce:0'><content/></envelope>",
            b"<envelope><content/></envelope>",
            // DTD, internal entities, external entity (XXE), undefined entity, billion laughs
            b"<!DOCTYPE envelope [<!ENTITY x 'y'>]><envelope xmlns='urn:xmpp:sce:1'><content/><rpad>&x;</rpad></envelope>",
            b"<!DOCTYPE envelope SYSTEM 'file:///etc/passwd'><envelope xmlns='urn:xmpp:sce:1'><content/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><rpad>&xxe;</rpad></envelope>",
            b"<!DOCTYPE l [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]><envelope xmlns='urn:xmpp:sce:1'><content/><rpad>&b;</rpad></envelope>",
            // processing instruction, trailing content, second root
            b"<?evil x?><envelope xmlns='urn:xmpp:sce:1'><content/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/></envelope><envelope xmlns='urn:xmpp:sce:1'><content/></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/></envelope>junk",
            // undeclared prefix, mismatched tags, invalid UTF-8, NUL
            b"<envelope xmlns='urn:xmpp:sce:1'><content><p:body/></content></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content></envelope></content>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><rpad>\xff\xfe</rpad></envelope>",
            b"<envelope xmlns='urn:xmpp:sce:1'><content/><rpad>\x00</rpad></envelope>",
        ];
        for xml in bad {
            assert!(
                Envelope::from_bytes(xml).is_err(),
                "accepted: {}",
                String::from_utf8_lossy(xml)
            );
        }
    }

    #[test]
    fn size_and_depth_limits() {
        let wrap = |inner: &str| {
            format!("<envelope xmlns='urn:xmpp:sce:1'><content>{inner}</content></envelope>")
        };
        let at_limit = wrap(&format!(
            "<body xmlns='jabber:client'>{}</body>",
            "a".repeat(MAX_ENVELOPE_BYTES - 100)
        ));
        assert!(at_limit.len() <= MAX_ENVELOPE_BYTES);
        assert!(Envelope::from_bytes(at_limit.as_bytes()).is_ok());
        let over = wrap(&format!(
            "<body xmlns='jabber:client'>{}</body>",
            "a".repeat(MAX_ENVELOPE_BYTES)
        ));
        assert!(matches!(
            Envelope::from_bytes(over.as_bytes()),
            Err(SceError::TooLarge(_))
        ));

        let nested = |n: usize| {
            wrap(&format!(
                "{}{}",
                "<a xmlns='urn:x'>".repeat(n),
                "</a>".repeat(n)
            ))
        };
        assert!(Envelope::from_bytes(nested(MAX_DEPTH - 2).as_bytes()).is_ok());
        assert_eq!(
            Envelope::from_bytes(nested(MAX_DEPTH - 1).as_bytes()),
            Err(SceError::TooDeep)
        );
        // As deep as 64 KiB allows: refused early, no stack overflow.
        let deep = "<a>".repeat(MAX_ENVELOPE_BYTES / 3 - 40);
        assert_eq!(
            Envelope::from_bytes(wrap(&deep).as_bytes()),
            Err(SceError::TooDeep)
        );
    }

    #[test]
    fn random_bytes_and_mutations_never_panic() {
        let mut rng = StdRng::seed_from_u64(0x5ce);
        let seed =
            b"<envelope xmlns='urn:xmpp:sce:1'><content><body xmlns='jabber:client'>hi</body>\
            </content><rpad>abc</rpad><time stamp='2024-05-01T10:20:30Z'/><to jid='a@b.c'/>\
            <from jid='d@e.f/g'/></envelope>";
        assert!(Envelope::from_bytes(seed).is_ok());
        for round in 0..5000 {
            let mut bytes = seed.to_vec();
            for _ in 0..rng.random_range(1..8) {
                let i = rng.random_range(0..bytes.len());
                match rng.random_range(0..3) {
                    0 => bytes[i] = rng.random(),
                    1 => {
                        bytes.remove(i);
                    }
                    _ => bytes.insert(i, *b"<>/='&;#x".get(rng.random_range(0..9)).unwrap()),
                }
            }
            let _ = Envelope::from_bytes(&bytes);
            if round % 10 == 0 {
                let noise: Vec<u8> = (0..rng.random_range(0..300))
                    .map(|_| rng.random())
                    .collect();
                let _ = Envelope::from_bytes(&noise);
            }
        }
    }
}
