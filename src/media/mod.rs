//! Files in messages: HTTP upload and capped download (http.rs), XEP-0454 file encryption
//! (aesgcm.rs), safe names for what senders send (name.rs), picture previews (picture.rs),
//! voice notes encoded and audio decoded (voice.rs), microphone and speakers (audio.rs),
//! and the sealed cache of what the window shows (cache.rs).
//! The session hands this module upload slots and URLs; it never touches the XMPP stream.

pub mod aesgcm;
pub mod cache;
pub mod http;
pub mod metadata;
pub mod name;
// The microphone and speakers, and picture decoding, are the window's.
#[cfg(feature = "gui")]
pub mod audio;
#[cfg(feature = "gui")]
pub mod picture;
pub mod voice;

/// The media type of a file from its name, for the upload request and the receiver's
/// preview; what we do not know is `application/octet-stream`.
pub fn media_type(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "svg" => "image/svg+xml",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "m4a" => "audio/mp4",
        "aac" => "audio/aac",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mov" => "video/quicktime",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "txt" => "text/plain",
        "odt" => "application/vnd.oasis.opendocument.text",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn media_types_come_from_the_extension() {
        assert_eq!(super::media_type("IMG_0001.JPG"), "image/jpeg");
        assert_eq!(super::media_type("voice.opus"), "audio/ogg");
        assert_eq!(super::media_type("archive"), "application/octet-stream");
        assert_eq!(super::media_type("x.tar.gz"), "application/octet-stream");
    }
}
