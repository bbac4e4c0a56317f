//! OMEMO 2 wire elements (XEP-0384 v0.9, namespace `urn:xmpp:omemo:2`): the `<encrypted>`
//! message element, the device list and the bundle, as xso derives.
//!
//! Also home of the pieces both OMEMO namespaces share: [`DeviceId`] (a checked device id) and
//! the [`B64`] text codec. Parsing is liberal where real clients differ (XML whitespace inside
//! base64, padding, `kex='1'`, unknown attributes and children) and strict where a wrong value
//! would be a security or interop hazard (device ids outside 1..=2^31-1, duplicate keys or
//! payloads, a bundle without prekeys).

// xso's generated code for a required `#[xml(extract(..))]` field converts the value into its
// own type, which clippy flags in code we cannot annotate.
#![allow(clippy::useless_conversion)]

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::str::FromStr;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use jid::BareJid;
use xmpp_parsers::minidom::Element;
use xmpp_parsers::minidom::rxml::{NcNameStr, xml_ncname};
use xso::error::Error;
use xso::{AsXml, AsXmlText, FromXml, FromXmlText, TextCodec};

/// The OMEMO 2 namespace of every element in this module.
pub const NS: &str = "urn:xmpp:omemo:2";
/// PEP node holding the device list (one item, id [`DEVICE_LIST_ITEM_ID`]).
pub const DEVICES_NODE: &str = "urn:xmpp:omemo:2:devices";
/// PEP node holding every bundle of an account, one item per device, item id = device id.
pub const BUNDLES_NODE: &str = "urn:xmpp:omemo:2:bundles";
/// Item id of the device list (XEP-0060 singleton node pattern, as the XEP recommends).
pub const DEVICE_LIST_ITEM_ID: &str = "current";

// Device ids are `super::DeviceId` (1..=2^31-1); here they learn to be read from and
// written to XML text.
pub use super::DeviceId;

impl FromStr for DeviceId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        // u32's FromStr accepts a leading '+'; a device id on the wire is plain digits.
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::Other("device id is not a decimal number"));
        }
        let n: u32 = s
            .parse()
            .map_err(|_| Error::Other("device id out of range"))?;
        Self::new(n).ok_or(Error::Other("device id must be between 1 and 2^31-1"))
    }
}

impl TryFrom<u32> for DeviceId {
    type Error = Error;

    fn try_from(id: u32) -> Result<Self, Error> {
        Self::new(id).ok_or(Error::Other("device id must be between 1 and 2^31-1"))
    }
}

impl From<DeviceId> for u32 {
    fn from(id: DeviceId) -> u32 {
        id.0
    }
}

impl FromXmlText for DeviceId {
    fn from_xml_text(s: String) -> Result<Self, Error> {
        s.parse()
    }
}

impl AsXmlText for DeviceId {
    fn as_xml_text(&self) -> Result<Cow<'_, str>, Error> {
        Ok(Cow::Owned(self.0.to_string()))
    }
}

/// Base64 text codec for key material (xs:base64Binary).
///
/// Decoding skips XML whitespace anywhere (the XEP's own examples wrap base64 over lines) and
/// accepts missing padding; encoding is canonical standard base64 without line breaks, which is
/// what Conversations, Dino and python-omemo emit.
pub struct B64;

const B64_ENGINE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl B64 {
    /// Decode base64 text the way every field of both OMEMO namespaces is decoded.
    pub fn decode_str(s: &str) -> Result<Vec<u8>, Error> {
        let compact: Vec<u8> = s
            .bytes()
            .filter(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            .collect();
        base64::Engine::decode(&B64_ENGINE, compact).map_err(Error::text_parse_error)
    }

    /// Encode bytes as canonical base64.
    pub fn encode_bytes(bytes: &[u8]) -> String {
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
    }
}

impl TextCodec<Vec<u8>> for B64 {
    fn decode(&self, s: String) -> Result<Vec<u8>, Error> {
        Self::decode_str(&s)
    }

    fn encode<'x>(&self, value: &'x Vec<u8>) -> Result<Option<Cow<'x, str>>, Error> {
        Ok(Some(Cow::Owned(Self::encode_bytes(value))))
    }
}

impl TextCodec<Option<Vec<u8>>> for B64 {
    fn decode(&self, s: String) -> Result<Option<Vec<u8>>, Error> {
        Self::decode_str(&s).map(Some)
    }

    fn encode<'x>(&self, value: &'x Option<Vec<u8>>) -> Result<Option<Cow<'x, str>>, Error> {
        Ok(value.as_deref().map(|v| Cow::Owned(Self::encode_bytes(v))))
    }
}

/// xs:boolean attribute that is left out when false (`kex`, legacy `prekey`): the form every
/// client writes. Accepts `true`, `1`, `false`, `0`.
pub struct OmitFalse;

impl TextCodec<bool> for OmitFalse {
    fn decode(&self, s: String) -> Result<bool, Error> {
        bool::from_xml_text(s)
    }

    fn encode<'x>(&self, value: &'x bool) -> Result<Option<Cow<'x, str>>, Error> {
        Ok(value.then_some(Cow::Borrowed("true")))
    }
}

// ---------------------------------------------------------------------------------------------
// The message element

const KEX: &NcNameStr = xml_ncname!("kex");

/// `<key rid='…' [flag='true']>base64</key>` in `ns`, for the direct builds of `<encrypted>`
/// in both namespaces (the flag is OMEMO 2's `kex` or legacy `prekey`, written only when true).
pub(super) fn key_element(
    ns: &str,
    rid: DeviceId,
    flag: Option<&NcNameStr>,
    data: &[u8],
) -> Element {
    let key = Element::builder("key", ns).attr(xml_ncname!("rid").into(), rid.get().to_string());
    match flag {
        Some(name) => key.attr(name.to_ncname(), "true"),
        None => key,
    }
    .append(B64::encode_bytes(data))
    .build()
}

/// `<encrypted><header sid='…'>children</header>[<payload>…</payload>]</encrypted>` in `ns`,
/// the frame of the direct builds in both namespaces.
pub(super) fn encrypted_element(
    ns: &str,
    sid: DeviceId,
    header: impl IntoIterator<Item = Element>,
    payload: Option<&[u8]>,
) -> Element {
    let header = Element::builder("header", ns)
        .attr(xml_ncname!("sid").into(), sid.get().to_string())
        .append_all(header)
        .build();
    Element::builder("encrypted", ns)
        .append(header)
        .append_all(payload.map(|p| base64_element(ns, "payload", p)))
        .build()
}

/// `<name>base64</name>` in `ns` (payload, legacy iv).
pub(super) fn base64_element(ns: &str, name: &str, bytes: &[u8]) -> Element {
    Element::builder(name, ns)
        .append(B64::encode_bytes(bytes))
        .build()
}

/// One encrypted copy of the message key for one recipient device.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq)]
#[xml(namespace = NS, name = "key")]
pub struct Key {
    /// The recipient device.
    #[xml(attribute)]
    pub rid: DeviceId,

    /// True when `data` is an OMEMOKeyExchange (a new session), else an
    /// OMEMOAuthenticatedMessage.
    #[xml(attribute(default, codec = OmitFalse))]
    pub kex: bool,

    /// The serialized protobuf message.
    #[xml(text(codec = B64))]
    pub data: Vec<u8>,
}

/// The keys for the devices of one account.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq)]
#[xml(namespace = NS, name = "keys")]
pub struct Keys {
    /// Bare JID of the recipient account.
    #[xml(attribute)]
    pub jid: BareJid,

    /// One key per device of that account.
    #[xml(child(n = ..))]
    pub keys: Vec<Key>,
}

/// The header: the sending device and the per-device keys.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq)]
#[xml(namespace = NS, name = "header")]
pub struct Header {
    /// The sending device.
    #[xml(attribute)]
    pub sid: DeviceId,

    /// One `<keys>` per recipient account (the contact and our own account).
    #[xml(child(n = ..))]
    pub keys: Vec<Keys>,
}

/// `<encrypted xmlns='urn:xmpp:omemo:2'>`: a message, or an empty OMEMO message (no payload)
/// used for session management (key exchange answers, heartbeats).
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq)]
#[xml(namespace = NS, name = "encrypted", deserialize_callback = Encrypted::check)]
pub struct Encrypted {
    /// Sender and keys.
    #[xml(child)]
    pub header: Header,

    /// The encrypted SCE envelope; `None` for an empty OMEMO message.
    #[xml(extract(name = "payload", default, fields(text(codec = B64, type_ = Vec<u8>))))]
    pub payload: Option<Vec<u8>>,
}

impl Encrypted {
    /// The key addressed to `rid` of `jid`, if this message was encrypted for that device.
    pub fn key_for(&self, jid: &BareJid, rid: DeviceId) -> Option<&Key> {
        self.header
            .keys
            .iter()
            .filter(|k| &k.jid == jid)
            .flat_map(|k| &k.keys)
            .find(|k| k.rid == rid)
    }

    /// True for an empty OMEMO message (no `<payload>`).
    pub fn is_empty_message(&self) -> bool {
        self.payload.is_none()
    }

    /// The element, built directly rather than through xso's event stream: a group send
    /// writes one `<key>` per device of every member, and the direct build costs about a
    /// quarter as much (B8). `to_element_is_what_xso_writes` keeps the two the same.
    pub fn to_element(&self) -> Element {
        let groups = self.header.keys.iter().map(|group| {
            Element::builder("keys", NS)
                .attr(xml_ncname!("jid").into(), group.jid.as_str())
                .append_all(
                    group
                        .keys
                        .iter()
                        .map(|k| key_element(NS, k.rid, k.kex.then_some(KEX), &k.data)),
                )
                .build()
        });
        encrypted_element(NS, self.header.sid, groups, self.payload.as_deref())
    }

    // A second key for the same device would make "which one do we decrypt" depend on order,
    // and a second <keys> for the same JID has no meaning; both are rejected.
    fn check(&mut self) -> Result<(), Error> {
        let mut seen_jids = BTreeSet::new();
        let mut seen = BTreeSet::new();
        for keys in &self.header.keys {
            if !seen_jids.insert(&keys.jid) {
                return Err(Error::Other("duplicate <keys> for one JID"));
            }
            for key in &keys.keys {
                if !seen.insert((&keys.jid, key.rid)) {
                    return Err(Error::Other("duplicate <key> for one device"));
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The device list

/// One device in the device list.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq)]
#[xml(namespace = NS, name = "device")]
pub struct Device {
    /// The device id.
    #[xml(attribute)]
    pub id: DeviceId,

    /// A user-chosen label. Since v0.9 it is only valid with `labelsig`, a signature of the
    /// UTF-8 label by the device's identity key; the crypto code must check it before showing
    /// the label, and ignore the label otherwise.
    #[xml(attribute(default))]
    pub label: Option<String>,

    /// The label signature (base64 on the wire).
    #[xml(attribute(default, codec = B64))]
    pub labelsig: Option<Vec<u8>>,
}

impl Device {
    /// A device without a label.
    pub fn new(id: DeviceId) -> Self {
        Self {
            id,
            label: None,
            labelsig: None,
        }
    }
}

/// `<devices xmlns='urn:xmpp:omemo:2'>`, the payload of item "current" of [`DEVICES_NODE`].
/// May be empty (v0.9).
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq, Default)]
#[xml(namespace = NS, name = "devices")]
pub struct DeviceList {
    /// The devices, in wire order. A repeated id is kept here; [`DeviceList::ids`] dedupes.
    #[xml(child(n = ..))]
    pub devices: Vec<Device>,
}

impl DeviceList {
    /// A list of unlabelled devices.
    pub fn from_ids(ids: impl IntoIterator<Item = DeviceId>) -> Self {
        Self {
            devices: ids.into_iter().map(Device::new).collect(),
        }
    }

    /// The distinct device ids.
    pub fn ids(&self) -> BTreeSet<DeviceId> {
        self.devices.iter().map(|d| d.id).collect()
    }

    /// True when `id` is listed.
    pub fn contains(&self, id: DeviceId) -> bool {
        self.devices.iter().any(|d| d.id == id)
    }

    /// Like parsing, but skips `<device>` entries that do not parse (bad id, bad labelsig)
    /// instead of failing the whole list. `None` if `elem` is not a `<devices>` element.
    ///
    /// For our own list: before re-publishing it with our device added, the session code must
    /// start from this, so that one broken entry written by another client never makes us
    /// publish a list without the other devices.
    pub fn from_element_lenient(elem: &Element) -> Option<Self> {
        if !elem.is("devices", NS) {
            return None;
        }
        let devices = elem
            .children()
            .filter_map(|c| xso::transform::<Device, _>(c).ok())
            .collect();
        Some(Self { devices })
    }
}

// ---------------------------------------------------------------------------------------------
// The bundle

/// The signed prekey's public part.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq)]
#[xml(namespace = NS, name = "spk")]
pub struct SignedPreKey {
    /// Its id, referenced by key exchange messages.
    #[xml(attribute)]
    pub id: u32,

    /// The X25519 public key (32 bytes).
    #[xml(text(codec = B64))]
    pub data: Vec<u8>,
}

/// One one-time prekey's public part.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq)]
#[xml(namespace = NS, name = "pk")]
pub struct PreKey {
    /// Its id, referenced by key exchange messages.
    #[xml(attribute)]
    pub id: u32,

    /// The X25519 public key (32 bytes).
    #[xml(text(codec = B64))]
    pub data: Vec<u8>,
}

/// `<bundle xmlns='urn:xmpp:omemo:2'>`, the payload of item `<device id>` of [`BUNDLES_NODE`].
///
/// Key lengths are not checked here: the crypto code decodes and checks every key.
#[derive(FromXml, AsXml, Debug, Clone, PartialEq, Eq)]
#[xml(namespace = NS, name = "bundle", deserialize_callback = Bundle::check)]
pub struct Bundle {
    /// The signed prekey.
    #[xml(child)]
    pub spk: SignedPreKey,

    /// The signature of the signed prekey by the identity key (64 bytes).
    #[xml(extract(name = "spks", fields(text(codec = B64, type_ = Vec<u8>))))]
    pub spks: Vec<u8>,

    /// The Ed25519 identity public key (32 bytes).
    #[xml(extract(name = "ik", fields(text(codec = B64, type_ = Vec<u8>))))]
    pub ik: Vec<u8>,

    /// The one-time prekeys.
    #[xml(extract(name = "prekeys", fields(child(n = ..))))]
    pub prekeys: Vec<PreKey>,
}

impl Bundle {
    /// The prekey with this id.
    pub fn prekey(&self, id: u32) -> Option<&PreKey> {
        self.prekeys.iter().find(|p| p.id == id)
    }

    // The schema requires at least one <pk>, and a repeated id would make the key a key
    // exchange refers to ambiguous.
    fn check(&mut self) -> Result<(), Error> {
        if self.prekeys.is_empty() {
            return Err(Error::Other("bundle without prekeys"));
        }
        let mut ids = BTreeSet::new();
        if !self.prekeys.iter().all(|p| ids.insert(p.id)) {
            return Err(Error::Other("duplicate prekey id in bundle"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: FromXml>(xml: &str) -> Result<T, Error> {
        xso::from_bytes(xml.as_bytes())
    }

    fn round_trip<T: FromXml + AsXml + PartialEq + std::fmt::Debug>(value: &T) {
        let bytes = xso::to_vec(value).unwrap();
        let again: T = xso::from_bytes(&bytes).unwrap();
        assert_eq!(&again, value);
        // And through minidom, the way the session code will see it.
        let elem: Element = xso::transform(value).unwrap();
        let again: T = xso::transform(&elem).unwrap();
        assert_eq!(&again, value);
    }

    fn id(n: u32) -> DeviceId {
        DeviceId::new(n).unwrap()
    }

    // What python-twomemo's serialize_message emits (attribute order and all), with real-sized
    // base64: an OMEMOAuthenticatedMessage for Juliet, a key exchange for Romeo's other device.
    const TWOMEMO_MESSAGE: &str = "<encrypted xmlns=\"urn:xmpp:omemo:2\"><header sid=\"27183\">\
        <keys jid=\"juliet@capulet.lit\"><key rid=\"31415\">CAESIAEC</key></keys>\
        <keys jid=\"romeo@montague.lit\"><key rid=\"1337\">AAEC</key>\
        <key rid=\"12321\" kex=\"true\">AwQF</key></keys></header>\
        <payload>3q2+7w==</payload></encrypted>";

    #[test]
    fn twomemo_message_parses_field_by_field() {
        let m: Encrypted = parse(TWOMEMO_MESSAGE).unwrap();
        assert_eq!(m.header.sid, id(27183));
        assert_eq!(m.header.keys.len(), 2);
        let juliet: BareJid = "juliet@capulet.lit".parse().unwrap();
        let romeo: BareJid = "romeo@montague.lit".parse().unwrap();
        assert_eq!(m.header.keys[0].jid, juliet);
        let k = m.key_for(&juliet, id(31415)).unwrap();
        assert!(!k.kex);
        assert_eq!(k.data, [8, 1, 18, 32, 1, 2]);
        let k = m.key_for(&romeo, id(12321)).unwrap();
        assert!(k.kex);
        assert_eq!(k.data, [3, 4, 5]);
        assert!(!m.key_for(&romeo, id(31415)).unwrap_or(k).data.is_empty());
        assert!(
            m.key_for(&juliet, id(1337)).is_none(),
            "rid is scoped by jid"
        );
        assert_eq!(m.payload.as_deref(), Some(&[0xde, 0xad, 0xbe, 0xef][..]));
        assert!(!m.is_empty_message());
        round_trip(&m);
    }

    // The XEP's example 'Sending a message' with its whitespace-wrapped payload and comment
    // stripped; base64 spread over lines must decode.
    #[test]
    fn xep_example_with_wrapped_base64() {
        let xml = "<encrypted xmlns='urn:xmpp:omemo:2'>
  <header sid='27183'>
    <keys jid='juliet@capulet.lit'>
      <key rid='31415'>AAEC</key>
    </keys>
    <keys jid='romeo@montague.lit'>
      <key rid='1337'>AAEC</key>
      <key kex='1' rid='12321'>AAEC</key>
    </keys>
  </header>
  <payload>
    SSBnb3QgaW4gZXZlcnlvbmUncyBob3N0aWxlIGxpdHRsZSBmYWNlLg
    ==
  </payload>
</encrypted>";
        let m: Encrypted = parse(xml).unwrap();
        assert_eq!(m.header.keys[1].keys[1].rid, id(12321));
        assert!(m.header.keys[1].keys[1].kex, "kex='1' is xs:boolean true");
        assert_eq!(
            m.payload.as_deref(),
            Some(&b"I got in everyone's hostile little face."[..])
        );
        round_trip(&m);
    }

    // wire::encrypt's direct build writes what the derive writes, byte for byte.
    #[test]
    fn to_element_is_what_xso_writes() {
        let empty = "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='a@b.c'>\
                     <key rid='2'>AQID</key></keys></header></encrypted>";
        for xml in [TWOMEMO_MESSAGE, empty] {
            let m: Encrypted = parse(xml).unwrap();
            let direct = m.to_element();
            let derived: Element = xso::transform(&m).unwrap();
            assert_eq!(String::from(&direct), String::from(&derived));
            assert_eq!(xso::transform::<Encrypted, _>(&direct).unwrap(), m);
        }
    }

    #[test]
    fn empty_omemo_message_has_no_payload_and_serialises_without_kex_false() {
        let m = Encrypted {
            header: Header {
                sid: id(1),
                keys: vec![Keys {
                    jid: "a@b.c".parse().unwrap(),
                    keys: vec![Key {
                        rid: id(2),
                        kex: false,
                        data: vec![1, 2, 3],
                    }],
                }],
            },
            payload: None,
        };
        let xml = String::from_utf8(xso::to_vec(&m).unwrap()).unwrap();
        assert_eq!(
            xml,
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='a@b.c'>\
             <key rid='2'>AQID</key></keys></header></encrypted>"
        );
        assert!(m.is_empty_message());
        round_trip(&m);
        let parsed: Encrypted = parse(&xml).unwrap();
        assert!(parsed.payload.is_none());
    }

    #[test]
    fn hostile_messages_are_errors() {
        let bad = [
            // no header
            "<encrypted xmlns='urn:xmpp:omemo:2'><payload>AAEC</payload></encrypted>",
            // missing sid
            "<encrypted xmlns='urn:xmpp:omemo:2'><header><keys jid='a@b.c'><key rid='2'>AQID</key></keys></header></encrypted>",
            // non-numeric, zero, too large, negative, signed sid
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='abc'/></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='0'/></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='2147483648'/></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='-1'/></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='+5'/></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='99999999999999999999'/></encrypted>",
            // missing rid, rid 0, missing jid, bad jid
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='a@b.c'><key>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='a@b.c'><key rid='0'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys><key rid='2'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='@@'><key rid='2'>AQID</key></keys></header></encrypted>",
            // bad base64 in key and payload, bad kex
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='a@b.c'><key rid='2'>A*QID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'/><payload>%%%</payload></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'/><payload>AAECA</payload></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='a@b.c'><key rid='2' kex='yes'>AQID</key></keys></header></encrypted>",
            // duplicate payload, duplicate header
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'/><payload>AAEC</payload><payload>AAEC</payload></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'/><header sid='2'/></encrypted>",
            // two keys for one device, two <keys> for one JID
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='a@b.c'><key rid='2'>AQID</key><key rid='2' kex='true'>AQID</key></keys></header></encrypted>",
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'><keys jid='a@b.c'><key rid='2'>AQID</key></keys><keys jid='a@b.c'><key rid='3'>AQID</key></keys></header></encrypted>",
            // wrong namespace (the legacy one)
            "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='1'/></encrypted>",
            // not XML at all, truncated
            "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'>",
            "\u{0}\u{1}garbage",
            "",
        ];
        for xml in bad {
            assert!(parse::<Encrypted>(xml).is_err(), "accepted: {xml}");
        }
    }

    #[test]
    fn same_rid_under_two_jids_is_fine() {
        // Device ids are unique per account only.
        let xml = "<encrypted xmlns='urn:xmpp:omemo:2'><header sid='1'>\
            <keys jid='a@b.c'><key rid='2'>AQID</key></keys>\
            <keys jid='d@e.f'><key rid='2'>BAUG</key></keys></header></encrypted>";
        let m: Encrypted = parse(xml).unwrap();
        assert_eq!(
            m.key_for(&"d@e.f".parse().unwrap(), id(2)).unwrap().data,
            [4, 5, 6]
        );
    }

    #[test]
    fn device_id_bounds() {
        assert_eq!(DeviceId::new(0), None);
        assert_eq!(DeviceId::new(1).unwrap().get(), 1);
        assert_eq!(DeviceId::new(DeviceId::MAX).unwrap().get(), 2_147_483_647);
        assert_eq!(DeviceId::new(DeviceId::MAX + 1), None);
        assert_eq!(DeviceId::new(u32::MAX), None);
        assert!("".parse::<DeviceId>().is_err());
        assert!(" 5".parse::<DeviceId>().is_err());
        assert!("0x10".parse::<DeviceId>().is_err());
        assert_eq!("0042".parse::<DeviceId>().unwrap().get(), 42);
        assert_eq!(DeviceId::try_from(7u32).unwrap().to_string(), "7");
    }

    // The XEP's device list example; Gajim-style labels with labelsig.
    #[test]
    fn device_list_from_the_xep() {
        let xml = "<devices xmlns='urn:xmpp:omemo:2'>
          <device id='12345' label='Dino on Lenovo Thinkpad T495' labelsig='AAECAw=='/>
          <device id='4223' />
          <device id='31415' label='Conversations on Pixel 3' labelsig='BAUG'/>
        </devices>";
        let list: DeviceList = parse(xml).unwrap();
        assert_eq!(list.devices.len(), 3);
        assert_eq!(list.devices[0].id, id(12345));
        assert_eq!(
            list.devices[0].label.as_deref(),
            Some("Dino on Lenovo Thinkpad T495")
        );
        assert_eq!(list.devices[0].labelsig.as_deref(), Some(&[0, 1, 2, 3][..]));
        assert_eq!(list.devices[1], Device::new(id(4223)));
        assert_eq!(list.devices[2].labelsig.as_deref(), Some(&[4, 5, 6][..]));
        assert!(list.contains(id(31415)));
        assert_eq!(
            list.ids()
                .into_iter()
                .map(DeviceId::get)
                .collect::<Vec<_>>(),
            [4223, 12345, 31415]
        );
        round_trip(&list);
    }

    #[test]
    fn device_list_empty_and_serialised_form() {
        let empty: DeviceList = parse("<devices xmlns='urn:xmpp:omemo:2'/>").unwrap();
        assert!(empty.devices.is_empty());
        round_trip(&empty);
        let list = DeviceList::from_ids([id(1), id(2)]);
        assert_eq!(
            String::from_utf8(xso::to_vec(&list).unwrap()).unwrap(),
            "<devices xmlns='urn:xmpp:omemo:2'><device id='1'></device><device id='2'></device></devices>"
        );
        // A repeated id parses; ids() dedupes.
        let dup: DeviceList =
            parse("<devices xmlns='urn:xmpp:omemo:2'><device id='5'/><device id='5'/></devices>")
                .unwrap();
        assert_eq!(dup.ids().len(), 1);
    }

    #[test]
    fn lenient_device_list_keeps_the_good_entries() {
        let elem: Element = "<devices xmlns='urn:xmpp:omemo:2'><device id='7'/><device id='0'/>\
            <device/><device id='x'/><device id='8' labelsig='%'/><other xmlns='urn:x'/>\
            <device id='9' label='phone' labelsig='AQ=='/></devices>"
            .parse()
            .unwrap();
        assert!(xso::transform::<DeviceList, _>(&elem).is_err());
        let list = DeviceList::from_element_lenient(&elem).unwrap();
        assert_eq!(
            list.ids()
                .into_iter()
                .map(DeviceId::get)
                .collect::<Vec<_>>(),
            [7, 9]
        );
        let legacy: Element = "<list xmlns='eu.siacs.conversations.axolotl'/>"
            .parse()
            .unwrap();
        assert!(DeviceList::from_element_lenient(&legacy).is_none());
    }

    #[test]
    fn hostile_device_lists_are_errors() {
        for xml in [
            "<devices xmlns='urn:xmpp:omemo:2'><device/></devices>",
            "<devices xmlns='urn:xmpp:omemo:2'><device id='x'/></devices>",
            "<devices xmlns='urn:xmpp:omemo:2'><device id='0'/></devices>",
            "<devices xmlns='urn:xmpp:omemo:2'><device id='4294967295'/></devices>",
            "<devices xmlns='urn:xmpp:omemo:2'><device id='1' labelsig='!!'/></devices>",
            "<list xmlns='urn:xmpp:omemo:2'><device id='1'/></list>",
        ] {
            assert!(parse::<DeviceList>(xml).is_err(), "accepted: {xml}");
        }
    }

    // What python-twomemo's serialize_bundle emits, with real 32/64-byte keys.
    const TWOMEMO_BUNDLE: &str = "<bundle xmlns=\"urn:xmpp:omemo:2\">\
        <spk id=\"1\">t/vtgSObq3c7hMTPZAbgxKLBOkoWLE2awO/AiGrdu1c=</spk>\
        <spks>LK5D7bXsVcbk+h/PqBCw8lhcZ7TfN/H1E4CvZT1tukZwMU0yI+ayyJD1t2m/uXn0V8Pl/KLjGYOuTwIA1iSmCw==</spks>\
        <ik>4+F8UGzZ3MaE5sAH1+DAbELjOi6dcFbsa+JN4TByfHs=</ik>\
        <prekeys><pk id=\"1\">JX/bPDDRpoPoAtcYhYh5UA3Pg3K7oVLhhz/hpVLQ4wU=</pk>\
        <pk id=\"2\">GbMbVaKKYm8JyMPubzpGHpyTPBfNfm0GZyFixzYZdHo=</pk></prekeys></bundle>";

    #[test]
    fn twomemo_bundle_parses_field_by_field() {
        let b: Bundle = parse(TWOMEMO_BUNDLE).unwrap();
        assert_eq!(b.spk.id, 1);
        assert_eq!(b.spk.data.len(), 32);
        assert_eq!(b.spk.data[..3], [0xb7, 0xfb, 0xed]);
        assert_eq!(b.spks.len(), 64);
        assert_eq!(b.ik.len(), 32);
        assert_eq!(b.ik[0], 0xe3);
        assert_eq!(b.prekeys.len(), 2);
        assert_eq!(b.prekeys[1].id, 2);
        assert_eq!(b.prekey(1).unwrap().data.len(), 32);
        assert!(b.prekey(3).is_none());
        round_trip(&b);
    }

    #[test]
    fn bundle_children_in_any_order() {
        // xs:all: order is free.
        let xml = "<bundle xmlns='urn:xmpp:omemo:2'><prekeys><pk id='9'>AQ==</pk></prekeys>\
            <ik>Ag==</ik><spks>Aw==</spks><spk id='4'>BA==</spk></bundle>";
        let b: Bundle = parse(xml).unwrap();
        assert_eq!(
            (b.spk.id, b.spks[0], b.ik[0], b.prekeys[0].id),
            (4, 3, 2, 9)
        );
    }

    #[test]
    fn hostile_bundles_are_errors() {
        let spk = "<spk id='1'>AQ==</spk>";
        let spks = "<spks>AQ==</spks>";
        let ik = "<ik>AQ==</ik>";
        let pks = "<prekeys><pk id='1'>AQ==</pk></prekeys>";
        let b = |inner: &str| format!("<bundle xmlns='urn:xmpp:omemo:2'>{inner}</bundle>");
        assert!(parse::<Bundle>(&b(&format!("{spk}{spks}{ik}{pks}"))).is_ok());
        for inner in [
            format!("{spks}{ik}{pks}"),
            format!("{spk}{ik}{pks}"),
            format!("{spk}{spks}{pks}"),
            format!("{spk}{spks}{ik}"),
            format!("{spk}{spks}{ik}<prekeys/>"),
            format!("{spk}{spk}{spks}{ik}{pks}"),
            format!("{spk}{spks}{spks}{ik}{pks}"),
            format!("{spk}{spks}{ik}{ik}{pks}"),
            format!("{spk}{spks}{ik}{pks}{pks}"),
            format!("<spk>AQ==</spk>{spks}{ik}{pks}"),
            format!("<spk id='one'>AQ==</spk>{spks}{ik}{pks}"),
            format!("<spk id='1'>A</spk>{spks}{ik}{pks}"),
            format!("{spk}<spks>*</spks>{ik}{pks}"),
            format!("{spk}{spks}<ik>A</ik>{pks}"),
            format!("{spk}{spks}{ik}<prekeys><pk>AQ==</pk></prekeys>"),
            format!("{spk}{spks}{ik}<prekeys><pk id='1'>AQ==</pk><pk id='1'>Ag==</pk></prekeys>"),
        ] {
            assert!(parse::<Bundle>(&b(&inner)).is_err(), "accepted: {inner}");
        }
    }

    #[test]
    fn base64_codec() {
        assert_eq!(B64::decode_str("AQID").unwrap(), [1, 2, 3]);
        assert_eq!(B64::decode_str(" AQ\r\n\tID ").unwrap(), [1, 2, 3]);
        assert_eq!(
            B64::decode_str("AQ").unwrap(),
            [1],
            "missing padding accepted"
        );
        assert_eq!(B64::decode_str("AQ==").unwrap(), [1]);
        assert_eq!(
            B64::decode_str("AQ=").unwrap(),
            [1],
            "padding is not checked"
        );
        assert!(B64::decode_str("A===").is_err());
        assert!(B64::decode_str("A").is_err());
        assert!(
            B64::decode_str("AQ-_").is_err(),
            "url-safe alphabet is not base64Binary"
        );
        assert!(
            B64::decode_str("AR==").is_err(),
            "non-canonical trailing bits"
        );
        assert_eq!(B64::decode_str("").unwrap(), Vec::<u8>::new());
        assert_eq!(B64::encode_bytes(&[0xff; 40]).len(), 56);
        assert!(!B64::encode_bytes(&[0xff; 100]).contains('\n'));
    }

    /// Seeded byte mutations of real stanzas: every outcome is Ok or Err, never a panic.
    #[test]
    fn mutated_input_never_panics() {
        use rand::{Rng, SeedableRng};
        fn run<T: FromXml>(seed: &[u8], rng: &mut rand::rngs::StdRng) {
            assert!(xso::from_bytes::<T>(seed).is_ok());
            for _ in 0..2000 {
                let mut bytes = seed.to_vec();
                for _ in 0..rng.random_range(1..6) {
                    let i = rng.random_range(0..bytes.len());
                    match rng.random_range(0..3) {
                        0 => bytes[i] = rng.random(),
                        1 => {
                            bytes.remove(i);
                        }
                        _ => bytes.insert(i, b"<>/='\"0 x"[rng.random_range(0..9)]),
                    }
                }
                let _ = xso::from_bytes::<T>(&bytes);
                if let Ok(elem) = std::str::from_utf8(&bytes)
                    .unwrap_or("")
                    .parse::<xmpp_parsers::minidom::Element>()
                {
                    let _ = xso::transform::<T, _>(&elem);
                }
            }
        }
        let mut rng = rand::rngs::StdRng::seed_from_u64(384);
        run::<Encrypted>(TWOMEMO_MESSAGE.as_bytes(), &mut rng);
        run::<Bundle>(TWOMEMO_BUNDLE.as_bytes(), &mut rng);
        run::<DeviceList>(
            xso::to_vec(&DeviceList::from_ids([id(1), id(2)]))
                .unwrap()
                .as_slice(),
            &mut rng,
        );
    }
}
