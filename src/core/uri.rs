//! `xmpp:` links: RFC 5122 addresses, the XEP-0147 actions Tidings acts on, and the OMEMO
//! verification links that Conversations, Dino and others put in QR codes.
//!
//! Links come from web pages, clipboards and cameras, so everything here treats the input as
//! hostile: every failure is an error value, never a panic.

use std::fmt;

use jid::{DomainPart, Jid, NodePart, ResourcePart};

/// Longest link we accept. Real links (even ones carrying a handful of fingerprints) are far
/// shorter; the cap bounds the work a pasted blob can cause.
const MAX_LEN: usize = 8 * 1024;

/// Query key prefix of an OMEMO (0.3, "legacy", as used by Conversations and Dino) fingerprint.
const OMEMO_PREFIX: &str = "omemo-sid-";
/// Query key prefix of an OMEMO 2 fingerprint (as emitted by Moxxy).
const OMEMO2_PREFIX: &str = "omemo2-sid-";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmppUri {
    pub jid: Jid,
    pub action: UriAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriAction {
    /// No query: open a chat (or the room when the address is one).
    Open,
    Message {
        body: Option<String>,
        subject: Option<String>,
    },
    Roster {
        name: Option<String>,
        group: Option<String>,
    },
    Subscribe,
    Unsubscribe,
    Remove,
    Join {
        password: Option<String>,
    },
    /// OMEMO fingerprints to verify: device id and lowercase hex fingerprint.
    Verify(Vec<OmemoFingerprint>),
}

/// One device's identity key as a link states it. OMEMO 0.3 and OMEMO 2 entries land here
/// alike; their keys are encoded differently, so one can never match a key of the other kind
/// by accident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OmemoFingerprint {
    pub device: u32,
    /// 64 lowercase hex digits.
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriError {
    NotXmpp,
    /// The address part as written in the link (still percent-encoded).
    BadAddress(String),
    BadEscape,
    UnknownAction(String),
    /// The query key (`omemo-sid-…`) whose device id or fingerprint is unusable.
    BadFingerprint(String),
    TooLong,
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UriError::NotXmpp => f.write_str("This is not an xmpp: link."),
            UriError::BadAddress(a) if a.is_empty() => {
                f.write_str("This xmpp: link does not say which address it is for.")
            }
            UriError::BadAddress(a) => write!(
                f,
                "This link points to “{}”, which is not a valid XMPP address.",
                shorten(a)
            ),
            UriError::BadEscape => {
                f.write_str("This link is damaged: it contains an invalid %-escape.")
            }
            UriError::UnknownAction(a) => write!(
                f,
                "This link asks for “{}”, which Tidings does not know how to do.",
                shorten(a)
            ),
            UriError::BadFingerprint(k) => write!(
                f,
                "The security fingerprint in this link (“{}”) is damaged, so nothing was verified.",
                shorten(k)
            ),
            UriError::TooLong => f.write_str("This link is too long to be a real xmpp: link."),
        }
    }
}

impl std::error::Error for UriError {}

/// Keeps text from an untrusted link short enough for an error dialog.
fn shorten(s: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out: String = s.chars().take(MAX_CHARS).collect();
    if s.chars().nth(MAX_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// Parses an `xmpp:` link. Surrounding whitespace is ignored because links are often pasted.
pub fn parse(input: &str) -> Result<XmppUri, UriError> {
    let s = input.trim();
    if s.len() > MAX_LEN {
        return Err(UriError::TooLong);
    }
    // `get` rather than slicing: the fifth byte may sit inside a multi-byte character.
    let rest = match (s.get(..5), s.get(5..)) {
        (Some(scheme), Some(rest)) if scheme.eq_ignore_ascii_case("xmpp:") => rest,
        _ => return Err(UriError::NotXmpp),
    };
    // A fragment carries nothing for XMPP (RFC 5122 leaves it to the media type); drop it.
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (hier, query) = match rest.split_once('?') {
        Some((hier, query)) => (hier, Some(query)),
        None => (rest, None),
    };
    // `xmpp://account@host/target`: the authority names the account that should act, which a
    // link from outside must not get to choose; only the target matters.
    let path = match hier.strip_prefix("//") {
        Some(auth_and_path) => auth_and_path.split_once('/').map_or("", |(_, p)| p),
        None => hier,
    };
    let jid = parse_address(path)?;
    let action = match query {
        None => UriAction::Open,
        Some(q) => parse_query(q)?,
    };
    Ok(XmppUri { jid, action })
}

/// Splits `node@domain/resource` on the raw delimiters *before* decoding each part, so an
/// escaped `%40` or `%2F` stays inside its part (where the JID rules then reject or keep it).
fn parse_address(path: &str) -> Result<Jid, UriError> {
    let bad = || UriError::BadAddress(path.to_string());
    if path.is_empty() {
        return Err(bad());
    }
    let (bare, resource) = match path.split_once('/') {
        Some((bare, res)) => (bare, Some(res)),
        None => (path, None),
    };
    let (node, domain) = match bare.split_once('@') {
        Some((node, domain)) => (Some(node), domain),
        None => (None, bare),
    };

    let node = node.map(percent_decode).transpose()?;
    let domain = percent_decode(domain)?;
    let resource = resource.map(percent_decode).transpose()?;

    let node = match &node {
        Some(n) => Some(NodePart::new(n).map_err(|_| bad())?),
        None => None,
    };
    let domain = DomainPart::new(&domain).map_err(|_| bad())?;
    let resource = match &resource {
        Some(r) => Some(ResourcePart::new(r).map_err(|_| bad())?),
        None => None,
    };
    Ok(Jid::from_parts(
        node.as_deref(),
        &domain,
        resource.as_deref(),
    ))
}

fn parse_query(query: &str) -> Result<UriAction, UriError> {
    // RFC 5122 separates pairs with ';', but links built by web forms and some clients use '&'.
    let mut segments = query.split([';', '&']);
    let first = segments.next().unwrap_or("");
    // The querytype cannot contain '='; verification links (`?omemo-sid-1=…`) have none and
    // start straight with a pair, so a leading pair means "no action".
    let (action, leading_pair) = if first.contains('=') {
        (String::new(), Some(first))
    } else {
        (percent_decode(first)?, None)
    };
    let mut pairs = Vec::new();
    for segment in leading_pair.into_iter().chain(segments) {
        if segment.is_empty() {
            continue; // "a;;b" or a trailing ';'
        }
        let (key, value) = segment.split_once('=').unwrap_or((segment, ""));
        // Keys are matched case-insensitively, as Conversations does.
        pairs.push((
            percent_decode(key)?.to_ascii_lowercase(),
            percent_decode(value)?,
        ));
    }
    // With duplicated keys the first one counts, so appended junk cannot override it.
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };

    // Querytypes are registered in lowercase; accept any case since nothing else could be meant.
    Ok(match action.to_ascii_lowercase().as_str() {
        "" => {
            let fingerprints = parse_fingerprints(&pairs)?;
            if fingerprints.is_empty() {
                UriAction::Open
            } else {
                UriAction::Verify(fingerprints)
            }
        }
        "message" => UriAction::Message {
            body: get("body"),
            subject: get("subject"),
        },
        "roster" => UriAction::Roster {
            name: get("name"),
            group: get("group"),
        },
        "subscribe" => UriAction::Subscribe,
        "unsubscribe" => UriAction::Unsubscribe,
        "remove" => UriAction::Remove,
        "join" => UriAction::Join {
            password: get("password"),
        },
        _ => return Err(UriError::UnknownAction(action)),
    })
}

/// Collects `omemo-sid-<device>=<hex>` (and `omemo2-sid-`) pairs; other keys, such as the
/// `otr-fingerprint` older Conversations versions add, are ignored. Any damaged entry fails the
/// whole link: verifying only part of what the user scanned would be misleading.
fn parse_fingerprints(pairs: &[(String, String)]) -> Result<Vec<OmemoFingerprint>, UriError> {
    // (is OMEMO 2, fingerprint) per entry, to spot one device claimed with two keys.
    let mut seen: Vec<(bool, OmemoFingerprint)> = Vec::new();
    for (key, value) in pairs {
        let (v2, device) = if let Some(d) = key.strip_prefix(OMEMO_PREFIX) {
            (false, d)
        } else if let Some(d) = key.strip_prefix(OMEMO2_PREFIX) {
            (true, d)
        } else {
            continue;
        };
        let bad = || UriError::BadFingerprint(key.clone());
        // Digits only: `u32::from_str` would also take a leading '+'.
        if device.is_empty() || !device.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let device: u32 = device.parse().map_err(|_| bad())?;
        let fingerprint = normalise_fingerprint(value).ok_or_else(bad)?;
        let entry = OmemoFingerprint {
            device,
            fingerprint,
        };
        match seen.iter().find(|(v, e)| *v == v2 && e.device == device) {
            Some((_, earlier)) if *earlier == entry => {} // harmless repeat
            Some(_) => return Err(bad()),
            None => seen.push((v2, entry)),
        }
    }
    Ok(seen.into_iter().map(|(_, e)| e).collect())
}

/// Lowercase 64-digit hex, or `None`. Whitespace is dropped since people copy fingerprints in
/// the grouped form clients display them in.
fn normalise_fingerprint(value: &str) -> Option<String> {
    let hex: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    // A serialised OMEMO 0.3 identity key starts with the key-type byte 0x05 (Curve25519).
    // Conversations and Dino leave it out of links, but a fingerprint copied from elsewhere may
    // still carry it: it adds nothing, so strip it to compare like with like.
    let hex = match hex.strip_prefix("05") {
        Some(rest) if hex.len() == 66 => rest.to_string(),
        _ => hex,
    };
    (hex.len() == 64).then_some(hex)
}

/// Decodes `%XX` escapes into UTF-8 text. Other characters (including raw non-ASCII, as in an
/// IRI) pass through unchanged.
fn percent_decode(s: &str) -> Result<String, UriError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = bytes.get(i + 1).and_then(|&b| hex_value(b));
            let lo = bytes.get(i + 2).and_then(|&b| hex_value(b));
            match (hi, lo) {
                (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
                _ => return Err(UriError::BadEscape),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| UriError::BadEscape)
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Characters RFC 5122 lets stand unescaped in a node (beyond the unreserved ones).
const NODE_EXTRA: &[u8] = b"!$()*+,;=";
/// Characters RFC 5122 lets stand unescaped in a resource (beyond the unreserved ones).
const RESOURCE_EXTRA: &[u8] = b"!$&'()*+,:;=";
/// The brackets and colons of an IPv6 literal must stay raw in the host.
const DOMAIN_EXTRA: &[u8] = b"[]:";

/// Writes `s` percent-encoding every byte that is neither unreserved nor in `extra`. Non-ASCII
/// is escaped too, so the result is a plain URI that any client can read.
fn write_encoded(f: &mut fmt::Formatter<'_>, s: &str, extra: &[u8]) -> fmt::Result {
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || extra.contains(&b) {
            write!(f, "{}", char::from(b))?;
        } else {
            write!(f, "%{b:02X}")?;
        }
    }
    Ok(())
}

/// Writes `;key=value` when there is a value. Values get only unreserved characters raw, so
/// `;`, `&`, `=` and `+` can never be misread by us or by readers that form-decode.
fn write_pair(f: &mut fmt::Formatter<'_>, key: &str, value: Option<&String>) -> fmt::Result {
    if let Some(v) = value {
        write!(f, ";{key}=")?;
        write_encoded(f, v, b"")?;
    }
    Ok(())
}

/// Writes the link back. The result parses to an equal value, except that an empty `Verify`
/// list has no way to be written and comes back as `Open`.
impl fmt::Display for XmppUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("xmpp:")?;
        if let Some(node) = self.jid.node() {
            write_encoded(f, node.as_str(), NODE_EXTRA)?;
            f.write_str("@")?;
        }
        write_encoded(f, self.jid.domain().as_str(), DOMAIN_EXTRA)?;
        if let Some(resource) = self.jid.resource() {
            f.write_str("/")?;
            write_encoded(f, resource.as_str(), RESOURCE_EXTRA)?;
        }
        match &self.action {
            UriAction::Open => Ok(()),
            UriAction::Message { body, subject } => {
                f.write_str("?message")?;
                write_pair(f, "subject", subject.as_ref())?;
                write_pair(f, "body", body.as_ref())
            }
            UriAction::Roster { name, group } => {
                f.write_str("?roster")?;
                write_pair(f, "name", name.as_ref())?;
                write_pair(f, "group", group.as_ref())
            }
            UriAction::Subscribe => f.write_str("?subscribe"),
            UriAction::Unsubscribe => f.write_str("?unsubscribe"),
            UriAction::Remove => f.write_str("?remove"),
            UriAction::Join { password } => {
                f.write_str("?join")?;
                write_pair(f, "password", password.as_ref())
            }
            UriAction::Verify(fingerprints) => {
                // The form Conversations and Dino write: no querytype, ';' between pairs.
                for (i, fp) in fingerprints.iter().enumerate() {
                    f.write_str(if i == 0 { "?" } else { ";" })?;
                    write!(f, "{OMEMO_PREFIX}{}=", fp.device)?;
                    write_encoded(f, &fp.fingerprint, b"")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP_A: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    const FP_B: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    fn ok(s: &str) -> XmppUri {
        parse(s).unwrap_or_else(|e| panic!("{s:?} should parse, got {e:?}"))
    }

    fn action(s: &str) -> UriAction {
        ok(s).action
    }

    fn jid(s: &str) -> Jid {
        s.parse().unwrap()
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    fn fp(device: u32, fingerprint: &str) -> OmemoFingerprint {
        OmemoFingerprint {
            device,
            fingerprint: fingerprint.to_string(),
        }
    }

    fn round_trips(s: &str) {
        let first = ok(s);
        let written = first.to_string();
        assert_eq!(parse(&written), Ok(first), "{s:?} written as {written:?}");
    }

    #[test]
    fn open_bare_full_and_domain() {
        let u = ok("xmpp:romeo@montague.net");
        assert_eq!(u.jid, jid("romeo@montague.net"));
        assert_eq!(u.action, UriAction::Open);
        assert_eq!(
            ok("xmpp:romeo@montague.net/orchard").jid,
            jid("romeo@montague.net/orchard")
        );
        assert_eq!(ok("xmpp:montague.net").jid, jid("montague.net"));
        assert_eq!(ok("xmpp:romeo@montague.net#frag").action, UriAction::Open);
    }

    #[test]
    fn scheme_is_case_insensitive_and_whitespace_trimmed() {
        assert_eq!(ok("XMPP:romeo@montague.net").jid, jid("romeo@montague.net"));
        assert_eq!(ok("XmPp:romeo@montague.net").jid, jid("romeo@montague.net"));
        assert_eq!(
            ok("  \t xmpp:romeo@montague.net?subscribe \r\n").action,
            UriAction::Subscribe
        );
    }

    #[test]
    fn authority_is_ignored() {
        let u = ok("xmpp://guest@example.com/support@example.com?message");
        assert_eq!(u.jid, jid("support@example.com"));
        assert_eq!(
            u.action,
            UriAction::Message {
                body: None,
                subject: None
            }
        );
        assert_eq!(
            parse("xmpp://guest@example.com"),
            Err(UriError::BadAddress(String::new()))
        );
        assert_eq!(
            parse("xmpp://guest@example.com?message"),
            Err(UriError::BadAddress(String::new()))
        );
    }

    #[test]
    fn message_action() {
        assert_eq!(
            action("xmpp:romeo@montague.net?message"),
            UriAction::Message {
                body: None,
                subject: None
            }
        );
        // XEP-0147's own example.
        assert_eq!(
            action(
                "xmpp:romeo@montague.net?message;subject=Test%20Message;body=Here%27s%20a%20test%20message"
            ),
            UriAction::Message {
                body: some("Here's a test message"),
                subject: some("Test Message")
            }
        );
        // Unknown keys of a known action, key case, '&' separators, empty values, repeats.
        assert_eq!(
            action("xmpp:a@b.example?Message&thread=t1&BODY=hi+there&type=chat&body=later"),
            UriAction::Message {
                body: some("hi+there"),
                subject: None
            }
        );
        assert_eq!(
            action("xmpp:a@b.example?message;body=;"),
            UriAction::Message {
                body: some(""),
                subject: None
            }
        );
    }

    #[test]
    fn roster_and_subscription_actions() {
        assert_eq!(
            action("xmpp:romeo@montague.net?roster"),
            UriAction::Roster {
                name: None,
                group: None
            }
        );
        assert_eq!(
            action("xmpp:romeo@montague.net?roster;name=Romeo%20Montague;group=Friends"),
            UriAction::Roster {
                name: some("Romeo Montague"),
                group: some("Friends")
            }
        );
        assert_eq!(
            action("xmpp:romeo@montague.net?subscribe"),
            UriAction::Subscribe
        );
        assert_eq!(
            action("xmpp:romeo@montague.net?unsubscribe"),
            UriAction::Unsubscribe
        );
        assert_eq!(action("xmpp:romeo@montague.net?remove"), UriAction::Remove);
    }

    #[test]
    fn join_action() {
        let u = ok("xmpp:darkcave@chat.shakespeare.lit?join");
        assert_eq!(u.jid, jid("darkcave@chat.shakespeare.lit"));
        assert_eq!(u.action, UriAction::Join { password: None });
        assert_eq!(
            action("xmpp:darkcave@chat.shakespeare.lit?join;password=cauldronburn"),
            UriAction::Join {
                password: some("cauldronburn")
            }
        );
    }

    #[test]
    fn percent_encoded_and_raw_non_ascii() {
        // RFC 5122's internationalised example.
        let u = ok("xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze");
        assert_eq!(u.jid, jid("jiři@čechy.example/v Praze"));
        // The same address written as an IRI.
        assert_eq!(ok("xmpp:jiři@čechy.example/v Praze").jid, u.jid);
        assert_eq!(
            action("xmpp:a@b.example?message;body=%E2%9C%93%20fertig%20%F0%9F%8E%89"),
            UriAction::Message {
                body: some("✓ fertig 🎉"),
                subject: None
            }
        );
        // An escaped '/' stays in the node instead of starting a resource, and is refused there.
        assert!(matches!(
            parse("xmpp:a%2Fb@example.org"),
            Err(UriError::BadAddress(_))
        ));
        // An escaped '/' in a resource is just a character.
        assert_eq!(ok("xmpp:a@example.org/x%2Fy").jid, jid("a@example.org/x/y"));
    }

    #[test]
    fn conversations_verification_link() {
        // Conversations (XmppUri.getFingerprintUri): no querytype, ';'-separated pairs.
        let u = ok(&format!(
            "xmpp:user@example.org?omemo-sid-123456={FP_A};omemo-sid-789={FP_B}"
        ));
        assert_eq!(u.jid, jid("user@example.org"));
        assert_eq!(
            u.action,
            UriAction::Verify(vec![fp(123456, FP_A), fp(789, FP_B)])
        );
        // Its https invite form's '&' separator, uppercase hex, and an old otr-fingerprint pair.
        assert_eq!(
            action(&format!(
                "xmpp:user@example.org?otr-fingerprint=811b9618;omemo-sid-1={}&omemo-sid-2={FP_B}",
                FP_A.to_uppercase()
            )),
            UriAction::Verify(vec![fp(1, FP_A), fp(2, FP_B)])
        );
    }

    #[test]
    fn dino_and_omemo2_verification_links() {
        // Dino (encryption_preferences_entry.vala): one pair for the own device.
        assert_eq!(
            action(&format!("xmpp:me@dino.example?omemo-sid-2147483647={FP_A}")),
            UriAction::Verify(vec![fp(2147483647, FP_A)])
        );
        // OMEMO 2 (Moxxy).
        assert_eq!(
            action(&format!("xmpp:me@moxxy.example?omemo2-sid-42={FP_B}")),
            UriAction::Verify(vec![fp(42, FP_B)])
        );
        // Legacy key-type byte and display grouping are normalised away.
        assert_eq!(
            action(&format!("xmpp:me@example.org?omemo-sid-7=05{FP_A}")),
            UriAction::Verify(vec![fp(7, FP_A)])
        );
        let grouped = FP_A
            .as_bytes()
            .chunks(8)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join("%20");
        assert_eq!(
            action(&format!("xmpp:me@example.org?omemo-sid-7={grouped}")),
            UriAction::Verify(vec![fp(7, FP_A)])
        );
        // A repeated identical entry is harmless.
        assert_eq!(
            action(&format!(
                "xmpp:me@example.org?omemo-sid-7={FP_A};omemo-sid-7={FP_A}"
            )),
            UriAction::Verify(vec![fp(7, FP_A)])
        );
        // Without fingerprints an action-less query just opens the chat.
        assert_eq!(action("xmpp:me@example.org?foo=bar"), UriAction::Open);
        // Fingerprints next to a real action are not a verification request.
        assert_eq!(
            action(&format!("xmpp:me@example.org?message;omemo-sid-7={FP_A}")),
            UriAction::Message {
                body: None,
                subject: None
            }
        );
    }

    #[test]
    fn display_writes_canonical_links() {
        assert_eq!(
            ok("XMPP:romeo@montague.net").to_string(),
            "xmpp:romeo@montague.net"
        );
        assert_eq!(
            ok("xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze").to_string(),
            "xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze"
        );
        assert_eq!(
            ok(&format!(
                "xmpp:u@example.org?omemo-sid-1={FP_A}&omemo2-sid-2={FP_B}"
            ))
            .to_string(),
            format!("xmpp:u@example.org?omemo-sid-1={FP_A};omemo-sid-2={FP_B}")
        );
        let u = XmppUri {
            jid: jid("room@conference.example.org"),
            action: UriAction::Message {
                body: some("a;b&c=d+e %f é"),
                subject: None,
            },
        };
        assert_eq!(
            u.to_string(),
            "xmpp:room@conference.example.org?message;body=a%3Bb%26c%3Dd%2Be%20%25f%20%C3%A9"
        );
        assert_eq!(parse(&u.to_string()), Ok(u));
    }

    #[test]
    fn round_trips_through_display() {
        for s in [
            "xmpp:romeo@montague.net",
            "xmpp:montague.net",
            "xmpp:romeo@montague.net/orchard?subscribe",
            "xmpp:romeo@montague.net?unsubscribe",
            "xmpp:romeo@montague.net?remove",
            "xmpp:romeo@montague.net?roster;name=Romeo%20Montague;group=Friends",
            "xmpp:romeo@montague.net?roster;group=%C3%9Cbung",
            "xmpp:romeo@montague.net?message;subject=Hi;body=Here%27s%20%3B%26%3D%2B",
            "xmpp:darkcave@chat.shakespeare.lit?join;password=c%C3%A4uldron",
            "xmpp:darkcave@chat.shakespeare.lit/thirdwitch?join",
            "xmpp:ji%C5%99i@%C4%8Dechy.example/v%20Praze",
            "xmpp:nasty!$()*+,-.;=_~node@example.com",
            // RFC 5122's example of a node needing many escapes.
            "xmpp:nasty!%23$%25()*+,-.;=%3F%5B%5C%5D%5E_%60%7B%7C%7D~node@example.com",
            "xmpp:node@example.com/res!$&'()*+,:;=%2F%3F%23",
            "xmpp:node@[::1]",
            "xmpp:node@192.0.2.1/r",
            "xmpp://me@example.com/you@example.net?message;body=x",
        ] {
            round_trips(s);
        }
        round_trips(&format!(
            "xmpp:user@example.org?omemo-sid-123456={FP_A};omemo-sid-789={FP_B}"
        ));
    }

    #[test]
    fn wrong_scheme() {
        for s in [
            "",
            "   ",
            "xmpp",
            "xmp:a@b",
            "https://example.org",
            "mailto:a@example.org",
            "xmppp:a@example.org",
            "romeo@montague.net",
            "?",
            "é",
            "xmpé:a@b",
        ] {
            assert_eq!(parse(s), Err(UriError::NotXmpp), "{s:?}");
        }
    }

    #[test]
    fn empty_or_invalid_address() {
        for s in [
            "xmpp:",
            "xmpp:?",
            "xmpp:?message",
            "xmpp:#x",
            "xmpp:/a@b.example",
        ] {
            assert!(matches!(parse(s), Err(UriError::BadAddress(_))), "{s:?}");
        }
        for s in [
            "xmpp:@example.org",
            "xmpp:a@",
            "xmpp:a@b@example.org",
            "xmpp:a@example.org/",
            "xmpp:a%20b@example.org",
            "xmpp:a@exa%20mple.org",
        ] {
            assert!(matches!(parse(s), Err(UriError::BadAddress(_))), "{s:?}");
        }
        assert_eq!(
            parse("xmpp:a@b@example.org"),
            Err(UriError::BadAddress("a@b@example.org".into()))
        );
    }

    #[test]
    fn lone_question_mark() {
        assert_eq!(parse("?"), Err(UriError::NotXmpp));
        assert!(matches!(parse("xmpp:?"), Err(UriError::BadAddress(_))));
        // An empty query has no action: same as none at all.
        assert_eq!(action("xmpp:a@example.org?"), UriAction::Open);
    }

    #[test]
    fn bad_escapes() {
        for s in [
            "xmpp:a%zz@example.org",
            "xmpp:a@example.org/%",
            "xmpp:a@example.org/%4",
            "xmpp:a%ff@example.org",
            "xmpp:a%C3@example.org",
            "xmpp:a@example.org?message;body=%ff",
            "xmpp:a@example.org?message;body=%zz",
            "xmpp:a@example.org?mess%zzage",
            "xmpp:a@example.org?message;bo%dy=x",
            "xmpp:a@example.org?message;body=%E2%9C",
        ] {
            assert_eq!(parse(s), Err(UriError::BadEscape), "{s:?}");
        }
    }

    #[test]
    fn unknown_action() {
        assert_eq!(
            parse("xmpp:pubsub.example.org?pubsub;action=subscribe"),
            Err(UriError::UnknownAction("pubsub".into()))
        );
        assert_eq!(
            parse("xmpp:a@example.org?%E2%9C%93"),
            Err(UriError::UnknownAction("✓".into()))
        );
        assert_eq!(
            parse("xmpp:a@example.org?command"),
            Err(UriError::UnknownAction("command".into()))
        );
    }

    #[test]
    fn bad_fingerprints() {
        let cases = [
            ("omemo-sid-1=abcd".to_string(), "omemo-sid-1"),
            (format!("omemo-sid-1={}", &FP_A[1..]), "omemo-sid-1"),
            (format!("omemo-sid-1={FP_A}00"), "omemo-sid-1"),
            (format!("omemo-sid-1=06{FP_A}"), "omemo-sid-1"),
            (format!("omemo-sid-1=g{}", &FP_A[1..]), "omemo-sid-1"),
            ("omemo-sid-1=".to_string(), "omemo-sid-1"),
            (format!("omemo-sid-x={FP_A}"), "omemo-sid-x"),
            (format!("omemo-sid-={FP_A}"), "omemo-sid-"),
            (format!("omemo-sid-+5={FP_A}"), "omemo-sid-+5"),
            (format!("omemo-sid--5={FP_A}"), "omemo-sid--5"),
            (
                format!("omemo-sid-4294967296={FP_A}"),
                "omemo-sid-4294967296",
            ),
            (format!("omemo2-sid-1={FP_A}é"), "omemo2-sid-1"),
            (
                format!("omemo-sid-1={FP_A};omemo-sid-1={FP_B}"),
                "omemo-sid-1",
            ),
        ];
        for (query, key) in cases {
            let s = format!("xmpp:a@example.org?{query}");
            assert_eq!(
                parse(&s),
                Err(UriError::BadFingerprint(key.into())),
                "{s:?}"
            );
        }
        // Largest device id still fits.
        assert_eq!(
            action(&format!("xmpp:a@example.org?omemo-sid-4294967295={FP_A}")),
            UriAction::Verify(vec![fp(u32::MAX, FP_A)])
        );
    }

    #[test]
    fn length_cap() {
        let base = "xmpp:a@example.org?message;body=";
        let fits = format!("{base}{}", "x".repeat(MAX_LEN - base.len()));
        assert!(parse(&fits).is_ok());
        let over = format!("{base}{}", "x".repeat(MAX_LEN - base.len() + 1));
        assert_eq!(parse(&over), Err(UriError::TooLong));
        let ten_kib = format!("{base}{}", "x".repeat(10 * 1024));
        assert_eq!(parse(&ten_kib), Err(UriError::TooLong));
        // Padding whitespace does not count.
        assert!(parse(&format!("   {fits}\n")).is_ok());
    }

    #[test]
    fn errors_read_as_sentences() {
        let errors = [
            UriError::NotXmpp,
            UriError::BadAddress(String::new()),
            UriError::BadAddress("x".repeat(500)),
            UriError::BadEscape,
            UriError::UnknownAction("pubsub".into()),
            UriError::BadFingerprint("omemo-sid-1".into()),
            UriError::TooLong,
        ];
        for e in errors {
            let text = e.to_string();
            assert!(text.ends_with('.'), "{text}");
            assert!(text.chars().count() < 160, "{text}");
        }
        assert_eq!(UriError::NotXmpp.to_string(), "This is not an xmpp: link.");
    }

    /// Throws many generated strings at the parser: it must never panic, and whatever it
    /// accepts must survive a trip through `Display`.
    #[test]
    fn never_panics_and_accepted_links_round_trip() {
        const PIECES: &[&str] = &[
            "xmpp:",
            "XMPP:",
            "//",
            "/",
            "@",
            "?",
            "#",
            ";",
            "&",
            "=",
            "%",
            "%2",
            "%zz",
            "%ff",
            "%C3%A9",
            "%40",
            "%2F",
            "é",
            "✓",
            " ",
            "a",
            "Z",
            "example.org",
            "message",
            "roster",
            "join",
            "subscribe",
            "remove",
            "body",
            "name",
            "password",
            "omemo-sid-",
            "omemo2-sid-",
            "05",
            "1",
            "4294967296",
            FP_A,
            "[::1]",
            "+",
            "\u{0}",
            "\u{202e}",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            // xorshift64*: deterministic, so a failure reproduces.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let mut accepted = 0;
        for _ in 0..20_000 {
            let mut s = String::new();
            if next() % 4 != 0 {
                s.push_str("xmpp:");
            }
            for _ in 0..next() % 12 {
                s.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            if let Ok(u) = parse(&s) {
                accepted += 1;
                let written = u.to_string();
                assert_eq!(parse(&written), Ok(u), "{s:?} written as {written:?}");
            }
        }
        // Guards against the generator drifting into producing only garbage.
        assert!(accepted > 500, "only {accepted} generated links parsed");
    }
}
