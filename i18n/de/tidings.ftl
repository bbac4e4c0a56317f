# Tidings, Deutsch.

app-name = Tidings

## Entsperren
unlock-title = Tidings entsperren
unlock-explain = Deine Nachrichten werden verschlüsselt gespeichert. Gib die Passphrase ein, die sie schützt.
unlock-create-title = Schütze deine Nachrichten
unlock-create-explain = Dieser Computer hat keinen Schlüsselbund, deshalb braucht Tidings eine Passphrase, um deine Nachrichten zu verschlüsseln. Wenn du sie vergisst, lässt sie sich nicht wiederherstellen.
unlock-passphrase = Passphrase
unlock-repeat = Passphrase wiederholen
unlock-button = Entsperren
unlock-create-button = Erstellen
unlock-wrong = Mit dieser Passphrase lassen sich deine Nachrichten nicht öffnen. Versuch es noch einmal.
unlock-mismatch = Die beiden Passphrasen stimmen nicht überein.
unlock-too-short = Verwende mindestens 8 Zeichen.
unlock-working = Wird geöffnet…
unlock-failed = Tidings konnte seine Daten nicht öffnen: { $reason }

## Konto hinzufügen
setup-title = Willkommen bei Tidings
setup-explain = Melde dich mit deiner XMPP-Adresse an oder erstelle ein neues Konto auf einem Server deiner Wahl.
setup-address = Adresse (name@server)
setup-password = Passwort
setup-sign-in = Anmelden
setup-create = Konto erstellen
setup-advanced = Erweitert
setup-host = Server-Host (optional)
setup-port = Port (optional)
setup-direct-tls = Direktes TLS
setup-bad-address = Gib die Adresse im Format name@server ein.
setup-no-password = Gib dein Passwort ein.
setup-working = Verbinden…
setup-taken = Diese Adresse ist schon vergeben. Wähle einen anderen Namen.
setup-register-failed = Der Server hat das Konto nicht erstellt: { $reason }
setup-ca-file = Datei der Zertifizierungsstelle (optional)
setup-choose = Auswählen…

## Verbindungsstatus
state-connecting = Verbinden…
state-online = Online
state-offline = Offline: { $reason }
state-retrying = Offline. Neuer Versuch in { $seconds } s.
state-auth-failed = Der Server hat dein Passwort nicht akzeptiert. Gib es in den Einstellungen erneut ein.
state-certificate = Die Identität des Servers konnte nicht überprüft werden. Prüfe sie in den Einstellungen.
state-no-tls = Der Server bietet keine Verschlüsselung an, deshalb hat Tidings keine Verbindung hergestellt.
command-offline = Nicht verbunden. Nachrichten, die du schreibst, werden aufbewahrt und später gesendet; dies braucht die Verbindung.

## Unterhaltungen
chats-search = Suchen
chats-empty = Noch keine Unterhaltungen. Starte eine mit der Adresse eines Kontakts.
chats-new-address = Adresse des Kontakts (name@server)
chats-start = Starten
chats-you = Du: { $text }
chats-pick = Wähle eine Unterhaltung aus.
chats-bad-address = Gib die Adresse im Format name@server ein.
chats-switch = Zu einer Unterhaltung wechseln

## Eine Unterhaltung
chat-composer = Nachricht schreiben
chat-send = Senden
chat-edited = bearbeitet
chat-retracted = Diese Nachricht wurde gelöscht.
chat-undecryptable = Diese Nachricht konnte nicht entschlüsselt werden ({ $reason }).
chat-today = Heute
chat-yesterday = Gestern
state-queued = Wartet auf Versand
state-sent = Gesendet
state-delivered = Zugestellt
state-read = Gelesen
state-failed = Nicht gesendet: { $reason }
chat-typing = schreibt…
chat-beginning = Hier beginnt die Unterhaltung.
chat-correcting = Du korrigierst deine Nachricht
chat-edit = Bearbeiten
chat-delete = Löschen
chat-reply = Antworten
chat-replying = Antwort an { $name }
chat-you = Du
chat-reply-missing = Die ursprüngliche Nachricht ist hier nicht gespeichert.
chat-retry = Erneut senden
chat-emoji-search = Emoji suchen
chat-pin = Anheften
chat-unpin = Loslösen
chat-mute = Stummschalten
chat-unmute = Stummschaltung aufheben
chat-new-messages = { $count ->
    [one] 1 neue Nachricht
   *[other] { $count } neue Nachrichten
}
chat-to-newest = Zu den neuesten Nachrichten
time-today-at = heute um { $time }
time-yesterday-at = gestern um { $time }

## Navigation
nav-chats = Chats
nav-contacts = Kontakte
nav-search = Suche
nav-settings = Einstellungen
nav-chats-hint = Unterhaltungen (Alt+Pfeil hoch und Alt+Pfeil runter wechseln zwischen ihnen, Strg+K springt direkt)
nav-contacts-hint = Kontakte und Anfragen
nav-search-hint = Alle Unterhaltungen durchsuchen (Strg+F)
nav-settings-hint = Einstellungen

## Status
presence-available = Verfügbar
presence-away = Abwesend
presence-xa = Länger abwesend
presence-dnd = Nicht stören
presence-offline = Offline

## Kontakte
contacts-title = Kontakte
contacts-add-address = Adresse oder xmpp:-Link
contacts-add-name = Name (optional)
contacts-add = Hinzufügen
contacts-bad-address = Gib die Adresse im Format name@server ein oder füge einen xmpp:-Link ein.
contacts-requests = Anfragen
contacts-request = { $address } möchte dich als Kontakt hinzufügen.
contacts-approve = Annehmen
contacts-deny = Ablehnen
contacts-filter = Kontakt suchen
contacts-empty = Noch keine Kontakte. Füge einen mit seiner Adresse hinzu.
contacts-pick = Wähle einen Kontakt aus, um die Details zu sehen.
contacts-last-seen = Zuletzt online { $when }
contacts-blocked = Blockiert: Du erhältst nichts von dieser Adresse.
contacts-devices = Geräte online
contacts-message = Nachricht
contacts-block = Blockieren
contacts-unblock = Blockierung aufheben
contacts-remove = Entfernen
contacts-remove-confirm = { $name } aus deinen Kontakten entfernen?
contacts-rename = Angezeigter Name für diesen Kontakt
contacts-sub-both = Ihr seht gegenseitig euren Status.
contacts-sub-to = Du siehst den Status deines Kontakts, er sieht deinen aber nicht.
contacts-sub-from = Dein Kontakt sieht deinen Status, du siehst seinen aber nicht.
contacts-sub-pending = Warten auf Bestätigung durch deinen Kontakt.
contacts-sub-none = Keiner von euch sieht den Status des anderen.

## Suche
search-title = Suche
search-placeholder = Alle Unterhaltungen durchsuchen
search-nothing = Keine Nachrichten gefunden.
search-count = { $count ->
    [one] 1 Nachricht
   *[other] { $count } Nachrichten
}
search-you-to = Du an { $peer }

## Einstellungen
settings-title = Einstellungen
settings-accounts = Konten
settings-add-account = Weiteres Konto hinzufügen
settings-password-change = Passwort ändern
settings-password-enter = Passwort erneut eingeben
settings-password-new = Neues Passwort
settings-password-again = Passwort für dieses Konto
settings-password-working = Passwort wird geändert…
settings-password-changed = Das Passwort wurde geändert.
settings-password-failed = Das Passwort wurde nicht geändert: { $reason }
settings-certificate-explain = Der Server hat ein Zertifikat vorgelegt, das nicht von einer Stelle signiert ist, der dieser Computer vertraut. Vertraue ihm nur, wenn sein Fingerabdruck mit dem übereinstimmt, den dir die Administration des Servers gegeben hat:
settings-certificate-trust = Diesem Zertifikat vertrauen
settings-save = Speichern
settings-cancel = Abbrechen
settings-appearance = Darstellung
settings-theme = Design
settings-theme-system = Systemstandard
settings-theme-light = Hell
settings-theme-dark = Dunkel
settings-language = Sprache
settings-language-system = Systemsprache
settings-notifications = Benachrichtigungen
settings-notify = Bei neuen Nachrichten benachrichtigen
settings-previews = Nachrichtentext in Benachrichtigungen anzeigen
settings-sound = Ton abspielen
settings-privacy = Datenschutz
settings-send-typing = Kontakte sehen lassen, wenn ich schreibe
settings-send-read = Kontakte sehen lassen, wenn ich ihre Nachrichten gelesen habe
settings-downloads = Downloads
settings-auto-download = Dateien von Kontakten automatisch herunterladen
settings-download-never = Nie
settings-download-up-to = Bis { $mib } MB
settings-about = Info
settings-version = Tidings { $version }
settings-licences = Tidings ist freie Software unter der GNU GPL, Version 3 oder neuer. Schriftarten: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, Grafiken CC-BY 4.0 von Twitter, Inc. und Mitwirkenden).

## Benachrichtigungen
notify-hidden = Neue Nachricht
