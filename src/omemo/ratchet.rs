//! The Double Ratchet, shared by both namespaces (Signal spec; python-doubleratchet 1.x
//! with python-oldmemo/twomemo's parameters).
//!
//! - Root chain: HKDF-SHA-256(salt = root key, ikm = DH output, info) -> new root || chain key;
//!   info "WhisperRatchet" (legacy) or "OMEMO Root Chain" (OMEMO 2).
//! - Message chains: message key = HMAC(ck, 0x01), next chain key = HMAC(ck, 0x02).
//! - Message encryption: HKDF-SHA-256(salt = 32 zeros, ikm = message key, info) -> 80 bytes =
//!   AES-256 key || HMAC key || CBC IV; AES-256-CBC with PKCS#7, then a truncated HMAC-SHA-256
//!   over associated data || serialized message (formats and lengths in `legacy.rs`/`v2.rs`).
//!
//! Decryption computes everything it would change into local values and commits only after
//! the MAC and padding checked out, so a failure leaves the state as it was.

use std::borrow::Cow;

use aes::Aes256;
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit, block_padding::Pkcs7};
use curve25519_dalek::scalar::clamp_integer;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::CryptoRng;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::codec::{Reader, Writer};
use super::keys::x25519_public;
use super::x3dh::dh;
use super::{Error, Namespace, legacy, v2};

/// At most this many message keys are derived for one incoming message per chain.
pub const MAX_SKIP_PER_STEP: u32 = 1000;
/// At most this many skipped message keys are kept per session; the oldest go first (as
/// libsignal and python-doubleratchet do), so a long-lost burst never wedges the session.
pub const MAX_SKIPPED_TOTAL: usize = 2000;
/// Remote ratchet keys remembered so that replays of old chains are reported as such.
const OLD_REMOTES: usize = 8;
const FORMAT_VERSION: u8 = 1;

type HmacSha256 = Hmac<Sha256>;

/// A ratchet message header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub dh: [u8; 32],
    pub n: u32,
    pub pn: u32,
}

/// A parsed ratchet message: `authenticated` is the byte range the MAC covers after the
/// associated data, exactly as received.
pub(crate) struct Parsed<'a> {
    pub header: Header,
    pub ciphertext: Vec<u8>,
    pub mac: Cow<'a, [u8]>,
    pub authenticated: Cow<'a, [u8]>,
}

fn root_info(ns: Namespace) -> &'static [u8] {
    match ns {
        Namespace::Legacy => b"WhisperRatchet",
        Namespace::V2 => b"OMEMO Root Chain",
    }
}

fn message_info(ns: Namespace) -> &'static [u8] {
    match ns {
        Namespace::Legacy => b"WhisperMessageKeys",
        Namespace::V2 => b"OMEMO Message Key Material",
    }
}

pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// Constant-time check of a truncated HMAC-SHA-256 tag.
pub(crate) fn hmac_verify(key: &[u8], parts: &[&[u8]], tag: &[u8]) -> Result<(), Error> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    for p in parts {
        mac.update(p);
    }
    if tag.is_empty() {
        return Err(Error::BadMac);
    }
    mac.verify_truncated_left(tag).map_err(|_| Error::BadMac)
}

/// HKDF-SHA-256 with a zero salt to 80 bytes: key(32) || auth key(32) || IV(16).
pub(crate) fn derive_80(ikm: &[u8], info: &[u8]) -> Zeroizing<[u8; 80]> {
    let mut okm = Zeroizing::new([0u8; 80]);
    Hkdf::<Sha256>::new(Some(&[0u8; 32]), ikm)
        .expand(info, &mut okm[..])
        .expect("80 bytes is a valid HKDF length");
    okm
}

pub(crate) fn cbc_encrypt(key: &[u8], iv: &[u8], plaintext: &[u8]) -> Vec<u8> {
    cbc::Encryptor::<Aes256>::new_from_slices(key, iv)
        .expect("32-byte key, 16-byte IV")
        .encrypt_padded_vec_mut::<Pkcs7>(plaintext)
}

pub(crate) fn cbc_decrypt(
    key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Error> {
    cbc::Decryptor::<Aes256>::new_from_slices(key, iv)
        .expect("32-byte key, 16-byte IV")
        .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
        .map(Zeroizing::new)
        .map_err(|_| Error::DecryptFailed)
}

fn kdf_root(ns: Namespace, root: &[u8; 32], dh_out: &[u8; 32]) -> ([u8; 32], [u8; 32]) {
    let mut okm = Zeroizing::new([0u8; 64]);
    Hkdf::<Sha256>::new(Some(root), dh_out)
        .expand(root_info(ns), &mut okm[..])
        .expect("64 bytes is a valid HKDF length");
    let mut a = [0u8; 32];
    let mut b = [0u8; 32];
    a.copy_from_slice(&okm[..32]);
    b.copy_from_slice(&okm[32..]);
    (a, b)
}

/// One chain step: (message key, next chain key).
fn kdf_chain(ck: &[u8; 32]) -> ([u8; 32], [u8; 32]) {
    (hmac_sha256(ck, &[&[0x01]]), hmac_sha256(ck, &[&[0x02]]))
}

#[derive(Clone, Zeroize, ZeroizeOnDrop)]
struct Skipped {
    ratchet: [u8; 32],
    n: u32,
    key: [u8; 32],
}

/// A Double Ratchet session state. Serialises with [`RatchetState::to_bytes`].
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct RatchetState {
    #[zeroize(skip)]
    ns: Namespace,
    root: [u8; 32],
    self_secret: [u8; 32],
    self_public: [u8; 32],
    remote: Option<[u8; 32]>,
    send_chain: [u8; 32],
    send_n: u32,
    prev_n: u32,
    recv_chain: Option<[u8; 32]>,
    recv_n: u32,
    skipped: Vec<Skipped>,
    old_remotes: Vec<[u8; 32]>,
    /// Associated data for what we send and what we receive (legacy orders it sender first).
    ad_send: Vec<u8>,
    ad_recv: Vec<u8>,
}

impl std::fmt::Debug for RatchetState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RatchetState")
            .field("ns", &self.ns)
            .field("send_n", &self.send_n)
            .field("recv_n", &self.recv_n)
            .field("skipped", &self.skipped.len())
            .finish_non_exhaustive()
    }
}

/// What a successful decryption will change, computed before the MAC check.
struct Step {
    root: [u8; 32],
    remote: [u8; 32],
    recv_chain: [u8; 32],
    recv_n: u32,
    /// New sending side after a DH ratchet step: (secret, chain).
    send: Option<([u8; 32], [u8; 32])>,
    skipped: Vec<Skipped>,
}

impl Drop for Step {
    fn drop(&mut self) {
        self.root.zeroize();
        self.recv_chain.zeroize();
        if let Some((s, c)) = &mut self.send {
            s.zeroize();
            c.zeroize();
        }
    }
}

impl RatchetState {
    /// Alice's state after X3DH: sending chain from DH(own ratchet key, Bob's signed prekey).
    pub(crate) fn initiator(
        ns: Namespace,
        sk: &[u8; 32],
        their_spk: &[u8; 32],
        ratchet_secret: [u8; 32],
        ad_send: Vec<u8>,
        ad_recv: Vec<u8>,
    ) -> Result<Self, Error> {
        let (root, send_chain) = kdf_root(ns, sk, &*dh(&ratchet_secret, their_spk)?);
        Ok(RatchetState {
            ns,
            root,
            self_public: x25519_public(&ratchet_secret),
            self_secret: ratchet_secret,
            remote: Some(*their_spk),
            send_chain,
            send_n: 0,
            prev_n: 0,
            recv_chain: None,
            recv_n: 0,
            skipped: Vec::new(),
            old_remotes: Vec::new(),
            ad_send,
            ad_recv,
        })
    }

    /// Bob's state from X3DH plus the first message; only a successful decryption makes one.
    pub(crate) fn responder(
        ns: Namespace,
        sk: &[u8; 32],
        spk_secret: &[u8; 32],
        ad_send: Vec<u8>,
        ad_recv: Vec<u8>,
        message: &[u8],
        next_ratchet_secret: [u8; 32],
    ) -> Result<(Self, Zeroizing<Vec<u8>>), Error> {
        let mut state = RatchetState {
            ns,
            root: *sk,
            self_secret: *spk_secret,
            self_public: x25519_public(spk_secret),
            remote: None,
            send_chain: [0; 32],
            send_n: 0,
            prev_n: 0,
            recv_chain: None,
            recv_n: 0,
            skipped: Vec::new(),
            old_remotes: Vec::new(),
            ad_send,
            ad_recv,
        };
        let plaintext = state.decrypt_with(message, next_ratchet_secret)?;
        Ok((state, plaintext))
    }

    pub fn namespace(&self) -> Namespace {
        self.ns
    }

    /// Messages received on the current receiving chain (python-omemo sends an empty message
    /// once this grows large, to keep the session from going stale).
    pub fn receiving_chain_length(&self) -> u32 {
        self.recv_n
    }

    pub fn skipped_keys(&self) -> usize {
        self.skipped.len()
    }

    /// Encrypts one ratchet message; returns its wire bytes (legacy: WhisperMessage with MAC,
    /// OMEMO 2: OMEMOAuthenticatedMessage).
    pub fn encrypt(&mut self, plaintext: &[u8]) -> Result<Vec<u8>, Error> {
        let next_n = self.send_n.checked_add(1).ok_or(Error::TooManySkipped)?;
        let (mut mk, next_chain) = kdf_chain(&self.send_chain);
        let keys = derive_80(&mk, message_info(self.ns));
        mk.zeroize();
        let ciphertext = cbc_encrypt(&keys[..32], &keys[64..], plaintext);
        let header = Header {
            dh: self.self_public,
            n: self.send_n,
            pn: self.prev_n,
        };
        let body = match self.ns {
            Namespace::Legacy => legacy::encode_message(&header, &ciphertext),
            Namespace::V2 => v2::encode_message(&header, &ciphertext),
        };
        let mac = hmac_sha256(&keys[32..64], &[&self.ad_send, &body]);
        self.send_chain = next_chain;
        self.send_n = next_n;
        Ok(match self.ns {
            Namespace::Legacy => legacy::frame_message(body, &mac),
            Namespace::V2 => v2::frame_message(&body, &mac),
        })
    }

    /// Decrypts one ratchet message. On any error the state is unchanged.
    pub fn decrypt<R: CryptoRng + ?Sized>(
        &mut self,
        message: &[u8],
        rng: &mut R,
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        // Only a new DH step needs a fresh key: draw it lazily (it costs nothing otherwise).
        self.decrypt_inner(message, || {
            let mut s = [0u8; 32];
            rng.fill_bytes(&mut s);
            clamp_integer(s)
        })
    }

    /// [`RatchetState::decrypt`] with the next own ratchet key given (used only if the
    /// message starts a new DH step); deterministic for known-answer tests.
    pub(crate) fn decrypt_with(
        &mut self,
        message: &[u8],
        mut next_ratchet_secret: [u8; 32],
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let result = self.decrypt_inner(message, || next_ratchet_secret);
        next_ratchet_secret.zeroize();
        result
    }

    fn decrypt_inner(
        &mut self,
        message: &[u8],
        next_secret: impl FnOnce() -> [u8; 32],
    ) -> Result<Zeroizing<Vec<u8>>, Error> {
        let parsed = match self.ns {
            Namespace::Legacy => legacy::parse_message(message)?,
            Namespace::V2 => v2::parse_message(message)?,
        };
        let h = parsed.header;
        if let Some(i) = self
            .skipped
            .iter()
            .position(|s| s.ratchet == h.dh && s.n == h.n)
        {
            let plaintext = self.open(&self.skipped[i].key, &parsed)?;
            self.skipped.remove(i);
            return Ok(plaintext);
        }
        let mut step = self.plan(&h, next_secret)?;
        let mut ck = step.recv_chain;
        while step.recv_n < h.n {
            let (mk, next) = kdf_chain(&ck);
            step.skipped.push(Skipped {
                ratchet: h.dh,
                n: step.recv_n,
                key: mk,
            });
            ck = next;
            step.recv_n += 1;
        }
        let (mut mk, next) = kdf_chain(&ck);
        ck.zeroize();
        let result = self.open(&mk, &parsed);
        mk.zeroize();
        let plaintext = result?;
        // Commit.
        step.recv_chain = next;
        self.commit(step, h.n);
        Ok(plaintext)
    }

    /// Works out the receiving chain for `h` without touching `self`.
    fn plan(&self, h: &Header, next_secret: impl FnOnce() -> [u8; 32]) -> Result<Step, Error> {
        if self.remote == Some(h.dh) {
            let chain = self
                .recv_chain
                .ok_or(Error::Malformed("message on an unopened chain"))?;
            if h.n < self.recv_n {
                return Err(Error::Duplicate);
            }
            if h.n - self.recv_n > MAX_SKIP_PER_STEP {
                return Err(Error::TooManySkipped);
            }
            return Ok(Step {
                root: self.root,
                remote: h.dh,
                recv_chain: chain,
                recv_n: self.recv_n,
                send: None,
                skipped: Vec::new(),
            });
        }
        if self.old_remotes.contains(&h.dh) {
            return Err(Error::Duplicate);
        }
        if h.n > MAX_SKIP_PER_STEP {
            return Err(Error::TooManySkipped);
        }
        let mut skipped = Vec::new();
        // Keys left on the old receiving chain; beyond the bound they are given up (the
        // message that old is lost, not the session), as python-doubleratchet does.
        if let (Some(mut ck), Some(remote)) = (self.recv_chain, self.remote) {
            let gap = h.pn.saturating_sub(self.recv_n);
            if gap <= MAX_SKIP_PER_STEP {
                for n in self.recv_n..h.pn {
                    let (mk, next) = kdf_chain(&ck);
                    skipped.push(Skipped {
                        ratchet: remote,
                        n,
                        key: mk,
                    });
                    ck = next;
                }
            }
            ck.zeroize();
        }
        let (root1, recv_chain) = kdf_root(self.ns, &self.root, &*dh(&self.self_secret, &h.dh)?);
        let next_secret = Zeroizing::new(next_secret());
        let (root, send_chain) = kdf_root(self.ns, &root1, &*dh(&next_secret, &h.dh)?);
        Ok(Step {
            root,
            remote: h.dh,
            recv_chain,
            recv_n: 0,
            send: Some((*next_secret, send_chain)),
            skipped,
        })
    }

    fn open(&self, mk: &[u8; 32], parsed: &Parsed<'_>) -> Result<Zeroizing<Vec<u8>>, Error> {
        let keys = derive_80(mk, message_info(self.ns));
        hmac_verify(
            &keys[32..64],
            &[&self.ad_recv, &parsed.authenticated],
            &parsed.mac,
        )?;
        cbc_decrypt(&keys[..32], &keys[64..], &parsed.ciphertext)
    }

    fn commit(&mut self, mut step: Step, n: u32) {
        if let Some((secret, chain)) = step.send.take() {
            if let Some(old) = self.remote
                && self.recv_chain.is_some()
            {
                self.old_remotes.push(old);
                if self.old_remotes.len() > OLD_REMOTES {
                    self.old_remotes.remove(0);
                }
            }
            self.self_secret = secret;
            self.self_public = x25519_public(&secret);
            self.prev_n = self.send_n;
            self.send_n = 0;
            self.send_chain = chain;
        }
        self.root = step.root;
        self.remote = Some(step.remote);
        self.recv_chain = Some(step.recv_chain);
        self.recv_n = n + 1;
        self.skipped.append(&mut step.skipped);
        if self.skipped.len() > MAX_SKIPPED_TOTAL {
            let excess = self.skipped.len() - MAX_SKIPPED_TOTAL;
            self.skipped.drain(..excess);
        }
    }

    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut w = Writer(Vec::with_capacity(
            300 + self.skipped.len() * 68 + self.old_remotes.len() * 32 + self.ad_send.len() * 2,
        ));
        w.u8(FORMAT_VERSION);
        w.u8(self.ns.to_byte());
        w.bytes(&self.root);
        w.bytes(&self.self_secret);
        // Stored so that loading costs no scalar multiplication.
        w.bytes(&self.self_public);
        w.opt32(&self.remote);
        w.bytes(&self.send_chain);
        w.u32(self.send_n);
        w.u32(self.prev_n);
        w.opt32(&self.recv_chain);
        w.u32(self.recv_n);
        w.u32(self.skipped.len() as u32);
        for s in &self.skipped {
            w.bytes(&s.ratchet);
            w.u32(s.n);
            w.bytes(&s.key);
        }
        w.u32(self.old_remotes.len() as u32);
        for r in &self.old_remotes {
            w.bytes(r);
        }
        for ad in [&self.ad_send, &self.ad_recv] {
            w.u32(ad.len() as u32);
            w.bytes(ad);
        }
        Zeroizing::new(w.0)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader(bytes);
        let v = r.u8()?;
        if v != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion(v));
        }
        let state = Self::read(&mut r)?;
        r.end()?;
        Ok(state)
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let ns = Namespace::from_byte(r.u8()?)?;
        let root = r.arr()?;
        let self_secret: [u8; 32] = r.arr()?;
        let self_public = r.arr()?;
        let remote = r.opt32()?;
        let send_chain = r.arr()?;
        let send_n = r.u32()?;
        let prev_n = r.u32()?;
        let recv_chain = r.opt32()?;
        let recv_n = r.u32()?;
        let count = r.count(68)?;
        if count > MAX_SKIPPED_TOTAL {
            return Err(Error::Malformed("stored state: too many skipped keys"));
        }
        let mut skipped = Vec::with_capacity(count);
        for _ in 0..count {
            skipped.push(Skipped {
                ratchet: r.arr()?,
                n: r.u32()?,
                key: r.arr()?,
            });
        }
        let count = r.count(32)?;
        let old_remotes = (0..count).map(|_| r.arr()).collect::<Result<_, _>>()?;
        let mut ads = [Vec::new(), Vec::new()];
        for ad in &mut ads {
            let len = r.count(1)?;
            *ad = r.take(len)?.to_vec();
        }
        let [ad_send, ad_recv] = ads;
        Ok(RatchetState {
            ns,
            root,
            self_public,
            self_secret,
            remote,
            send_chain,
            send_n,
            prev_n,
            recv_chain,
            recv_n,
            skipped,
            old_remotes,
            ad_send,
            ad_recv,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::omemo::keys::generate_x25519;
    use crate::omemo::testutil::rng;
    use rand::Rng;

    /// A fresh pair (alice, bob) after one message from alice, for each test.
    pub(crate) fn pair(ns: Namespace, seed: u64) -> (RatchetState, RatchetState) {
        let mut r = rng(seed);
        let mut sk = [0u8; 32];
        r.fill(&mut sk);
        let (spk_secret, spk_public) = generate_x25519(&mut r);
        let (ra, _) = generate_x25519(&mut r);
        let (rb, _) = generate_x25519(&mut r);
        let (ad_ab, ad_ba) = match ns {
            Namespace::Legacy => ([1u8; 66].to_vec(), [2u8; 66].to_vec()),
            Namespace::V2 => ([3u8; 64].to_vec(), [3u8; 64].to_vec()),
        };
        let mut alice =
            RatchetState::initiator(ns, &sk, &spk_public, ra, ad_ab.clone(), ad_ba.clone())
                .unwrap();
        let first = alice.encrypt(b"hello").unwrap();
        let (bob, pt) =
            RatchetState::responder(ns, &sk, &spk_secret, ad_ba, ad_ab, &first, rb).unwrap();
        assert_eq!(&pt[..], b"hello");
        (alice, bob)
    }

    const BOTH: [Namespace; 2] = [Namespace::Legacy, Namespace::V2];

    #[test]
    fn ping_pong_and_out_of_order() {
        for ns in BOTH {
            let (mut a, mut b) = pair(ns, 1);
            let mut r = rng(2);
            for round in 0..5u8 {
                let msgs: Vec<_> = (0..4u8).map(|i| a.encrypt(&[round, i]).unwrap()).collect();
                for i in [2usize, 0, 3, 1] {
                    assert_eq!(&b.decrypt(&msgs[i], &mut r).unwrap()[..], &[round, i as u8]);
                }
                let reply = b.encrypt(&[round]).unwrap();
                assert_eq!(&a.decrypt(&reply, &mut r).unwrap()[..], &[round]);
            }
            assert_eq!(b.skipped_keys(), 0);
        }
    }

    #[test]
    fn replays_fail_and_leave_state_unchanged() {
        for ns in BOTH {
            let (mut a, mut b) = pair(ns, 3);
            let mut r = rng(4);
            let m1 = a.encrypt(b"one").unwrap();
            let m2 = a.encrypt(b"two").unwrap();
            b.decrypt(&m2, &mut r).unwrap();
            b.decrypt(&m1, &mut r).unwrap();
            let before = b.to_bytes();
            assert_eq!(b.decrypt(&m1, &mut r).err(), Some(Error::Duplicate));
            assert_eq!(b.decrypt(&m2, &mut r).err(), Some(Error::Duplicate));
            assert_eq!(b.to_bytes(), before);
            // a replay from an older chain, after both sides ratcheted
            let reply = b.encrypt(b"r").unwrap();
            a.decrypt(&reply, &mut r).unwrap();
            let m3 = a.encrypt(b"three").unwrap();
            b.decrypt(&m3, &mut r).unwrap();
            assert_eq!(b.decrypt(&m1, &mut r).err(), Some(Error::Duplicate));
            assert_eq!(b.decrypt(&m3, &mut r).err(), Some(Error::Duplicate));
        }
    }

    #[test]
    fn tampering_fails_and_leaves_state_unchanged() {
        for ns in BOTH {
            let (mut a, mut b) = pair(ns, 5);
            let mut r = rng(6);
            let reply = b.encrypt(b"x").unwrap();
            a.decrypt(&reply, &mut r).unwrap();
            let m = a.encrypt(b"secret").unwrap();
            let before = b.to_bytes();
            for i in 0..m.len() {
                let mut t = m.clone();
                t[i] ^= 0x10;
                assert!(b.decrypt(&t, &mut r).is_err(), "{ns:?} byte {i}");
                assert_eq!(b.to_bytes(), before);
            }
            assert_eq!(&b.decrypt(&m, &mut r).unwrap()[..], b"secret");
        }
    }

    #[test]
    fn skipped_keys_are_bounded() {
        for ns in BOTH {
            let (mut a, mut b) = pair(ns, 7);
            let mut r = rng(8);
            for _ in 0..MAX_SKIP_PER_STEP {
                a.encrypt(b"lost").unwrap();
            }
            let ok = a.encrypt(b"ok").unwrap();
            assert_eq!(&b.decrypt(&ok, &mut r).unwrap()[..], b"ok");
            assert_eq!(b.skipped_keys(), MAX_SKIP_PER_STEP as usize);
            for _ in 0..=MAX_SKIP_PER_STEP {
                a.encrypt(b"lost").unwrap();
            }
            let too_far = a.encrypt(b"far").unwrap();
            let before = b.to_bytes();
            assert_eq!(
                b.decrypt(&too_far, &mut r).err(),
                Some(Error::TooManySkipped)
            );
            assert_eq!(b.to_bytes(), before);
            // total bound: keep skipping on new chains; never more than MAX_SKIPPED_TOTAL
            for _ in 0..3 {
                let reply = b.encrypt(b"r").unwrap();
                a.decrypt(&reply, &mut r).unwrap();
                for _ in 0..MAX_SKIP_PER_STEP {
                    a.encrypt(b"lost").unwrap();
                }
                let m = a.encrypt(b"m").unwrap();
                b.decrypt(&m, &mut r).unwrap();
                assert!(b.skipped_keys() <= MAX_SKIPPED_TOTAL);
            }
            assert_eq!(b.skipped_keys(), MAX_SKIPPED_TOTAL);
        }
    }

    #[test]
    fn serialisation_round_trip() {
        for ns in BOTH {
            let (mut a, mut b) = pair(ns, 9);
            let mut r = rng(10);
            let m1 = a.encrypt(b"1").unwrap();
            let m2 = a.encrypt(b"2").unwrap();
            b.decrypt(&m2, &mut r).unwrap();
            let bytes = b.to_bytes();
            let mut b2 = RatchetState::from_bytes(&bytes).unwrap();
            assert_eq!(b2.to_bytes(), bytes);
            assert_eq!(&b2.decrypt(&m1, &mut r).unwrap()[..], b"1");
            let mut bad = bytes.to_vec();
            bad[0] = 9;
            assert_eq!(
                RatchetState::from_bytes(&bad).err(),
                Some(Error::UnsupportedVersion(9))
            );
            for cut in 0..bytes.len() {
                assert!(RatchetState::from_bytes(&bytes[..cut]).is_err());
            }
        }
    }

    #[test]
    fn fuzz_decrypt_never_panics() {
        for ns in BOTH {
            let (mut a, mut b) = pair(ns, 11);
            let mut r = rng(12);
            let good = a.encrypt(b"good").unwrap();
            for i in 0..10_000 {
                let bytes: Vec<u8> = if i % 2 == 0 {
                    let len = r.random_range(0..200);
                    (0..len).map(|_| r.random()).collect()
                } else {
                    let mut g = good.clone();
                    let k = r.random_range(0..g.len());
                    g[k] = r.random();
                    g.truncate(r.random_range(0..=g.len()));
                    g
                };
                let _ = b.decrypt(&bytes, &mut r);
                let _ = RatchetState::from_bytes(&bytes);
            }
        }
    }
}
