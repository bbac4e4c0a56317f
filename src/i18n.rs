//! Fluent translations embedded in the binary; `fl!` is checked against the English reference
//! at compile time. The language follows the system unless the user picks one.

use std::sync::LazyLock;

use i18n_embed::fluent::{FluentLanguageLoader, fluent_language_loader};
use i18n_embed::{DesktopLanguageRequester, LanguageLoader};
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Localizations;

pub static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader: FluentLanguageLoader = fluent_language_loader!();
    let requested = DesktopLanguageRequester::requested_languages();
    if i18n_embed::select(&loader, &Localizations, &requested).is_err() {
        let _ = loader.load_fallback_language(&Localizations);
    }
    // Unicode isolation marks around arguments show as boxes in some fonts. The setting
    // belongs to the loaded bundles, so it comes after loading them.
    loader.set_use_isolating(false);
    loader
});

/// A translated string: `fl!("key")` or `fl!("key", name = value)`.
#[macro_export]
macro_rules! fl {
    ($id:literal) => {{ i18n_embed_fl::fl!($crate::i18n::LOADER, $id) }};
    ($id:literal, $($args:tt)*) => {{ i18n_embed_fl::fl!($crate::i18n::LOADER, $id, $($args)*) }};
}

/// The languages shipped, by their directory name under i18n/.
pub fn available() -> Vec<LanguageIdentifier> {
    LOADER
        .available_languages(&Localizations)
        .unwrap_or_default()
}

/// The language `fl!` speaks now, as its directory under i18n/ is named ("pt-BR").
pub fn current() -> String {
    LOADER.current_language().to_string()
}

/// Switches every later `fl!` to `language` (with English for anything missing), or back
/// to the system's languages with None. An unknown code falls back the same way.
pub fn select(language: Option<&str>) {
    let requested = match language.and_then(|l| l.parse::<LanguageIdentifier>().ok()) {
        Some(language) => vec![language],
        None => DesktopLanguageRequester::requested_languages(),
    };
    if i18n_embed::select(&*LOADER, &Localizations, &requested).is_err() {
        let _ = LOADER.load_fallback_language(&Localizations);
    }
    // The setting belongs to the loaded bundles, so it is set again for the new ones.
    LOADER.set_use_isolating(false);
}

/// A language's name in itself, as a language menu shows it.
pub fn native_name(code: &str) -> &str {
    match code {
        "en" => "English",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "it" => "Italiano",
        "pt-BR" => "Português (Brasil)",
        "pl" => "Polski",
        "ru" => "Русский",
        "uk" => "Українська",
        "nl" => "Nederlands",
        "zh-CN" => "简体中文",
        "ja" => "日本語",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// Message ids of a Fluent file (terms and attributes aside).
    fn keys(text: &str) -> BTreeSet<String> {
        text.lines()
            .filter(|l| !l.starts_with([' ', '#', '-', '.', '\t']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap().trim().to_string())
            .collect()
    }

    /// Without a language chosen (the CLI, unit tests), arguments still come without the
    /// isolation marks some fonts draw as boxes.
    #[test]
    fn arguments_come_without_isolation_marks() {
        let label = crate::fl!("chat-open-link", target = "example.org");
        assert!(label.contains("example.org"), "{label:?}");
        assert!(!label.contains(['\u{2068}', '\u{2069}']), "{label:?}");
    }

    #[test]
    fn every_language_has_exactly_the_reference_keys() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
        let reference = keys(&std::fs::read_to_string(root.join("en/tidings.ftl")).unwrap());
        assert!(reference.len() > 10);
        for entry in std::fs::read_dir(&root).unwrap() {
            let dir = entry.unwrap().path();
            let lang = dir.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(dir.join("tidings.ftl"))
                .unwrap_or_else(|_| panic!("{lang} has no tidings.ftl"));
            let have = keys(&text);
            let missing: Vec<_> = reference.difference(&have).collect();
            let extra: Vec<_> = have.difference(&reference).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        }
    }

    /// A file that is not valid Fluent loses its broken messages silently at run time; here
    /// every shipped language must parse into as many messages as the reference has.
    #[test]
    fn every_language_parses_completely() {
        use i18n_embed::LanguageLoader;
        use unic_langid::LanguageIdentifier;
        let reference: LanguageIdentifier = "en".parse().unwrap();
        let loader: i18n_embed::fluent::FluentLanguageLoader =
            i18n_embed::fluent::fluent_language_loader!();
        let languages = super::available();
        assert!(languages.len() >= 12, "{languages:?}");
        loader
            .load_languages(&super::Localizations, &languages)
            .expect("every language loads");
        let count = |l| loader.with_message_iter(l, |messages| messages.count());
        let want = count(&reference);
        for language in &languages {
            assert_eq!(count(language), want, "{language}");
        }
    }

    #[test]
    fn arguments_are_filled_in() {
        let s = crate::fl!("chats-you", text = "hello");
        assert!(s.contains("hello"), "{s}");
    }
}
