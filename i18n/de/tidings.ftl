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
chats-join = Gruppe betreten
chats-joining = Betrete { $room }…
chats-room-refused = { $room } kann nicht betreten werden: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = jemand im Raum hat diesen Spitznamen schon
room-refused-password = der Raum braucht ein Passwort
room-refused-members = nur Mitglieder dürfen hinein
room-refused-banned = du bist aus diesem Raum verbannt
room-refused-full = der Raum ist voll
room-refused-other = der Raum lehnt ab: { $reason }
room-left = du hast den Raum verlassen
room-kicked = du wurdest aus dem Raum entfernt
room-banned = du wurdest aus dem Raum verbannt
room-destroyed = der Raum wurde geschlossen
room-no-member = du bist kein Mitglied mehr
room-shutdown = der Dienst des Raums wurde beendet
chat-people = { $count } im Raum
room-owner = Eigentümer
room-admin = Admin
room-moderator = Moderator
room-member = Mitglied
room-visitor = Besucher
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
chat-untrusted-key = Mit einem Schlüssel gesendet, dem du nicht vertraust.
chat-today = Heute
chat-yesterday = Gestern
state-queued = Wartet auf Versand
state-sent = Gesendet
state-delivered = Zugestellt
state-read = Gelesen
state-failed = Nicht gesendet: { $reason }
chat-typing = schreibt…
chat-typing-one = { $name } schreibt…
chat-typing-two = { $first } und { $second } schreiben…
chat-typing-many = Mehrere Personen schreiben…
chat-visitor-note = Nur Personen mit Rederecht können in dieser Gruppe schreiben.
chat-ask-voice = Rederecht erbitten
chat-voice-asked = Angefragt. Ein Moderator entscheidet.
chat-voice-request = { $nick } bittet um Rederecht
chat-give-voice = Rederecht geben
chat-take-voice = Rederecht entziehen
chat-not-now = Nicht jetzt
chat-beginning = Hier beginnt die Unterhaltung.
chat-correcting = Du korrigierst deine Nachricht
chat-edit = Bearbeiten
chat-delete = Löschen
chat-reply = Antworten
chat-open-link = { $target } öffnen
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
settings-send-typing = Kontakte und private Gruppen sehen lassen, wenn ich schreibe
settings-send-read = Kontakte sehen lassen, wenn ich ihre Nachrichten gelesen habe
settings-downloads = Downloads
settings-auto-download = Dateien von Kontakten automatisch herunterladen
settings-download-never = Nie
settings-download-up-to = Bis { $mib } MB
settings-about = Info
settings-version = Tidings { $version }
settings-licences = Tidings ist freie Software unter der GNU GPL, Version 3 oder neuer. Schriftarten: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, Grafiken CC-BY 4.0 von Twitter, Inc. und Mitwirkenden).
settings-licences-data = Suchwörter für Emoji: Unicode-CLDR-Annotationen (Unicode License v3).

## Benachrichtigungen
notify-hidden = Neue Nachricht
notify-mark-read = Als gelesen markieren
notify-reply = Antworten

## Verschlüsselung (OMEMO): Schlüssel, Verifizierung, das Schloss der Unterhaltung
security-title = Sicherheit
security-explain = Nachrichten an { $name } sind Ende-zu-Ende-verschlüsselt, für die Schlüssel unten. Um sicher zu sein, dass niemand dazwischen ist, vergleiche sie mit den Schlüsseln, die { $name } auf den eigenen Geräten sieht, oder scanne den Code.
security-no-keys = Für diesen Kontakt sind noch keine Schlüssel bekannt. Sie erscheinen, sobald die Geräte des Kontakts sie veröffentlichen.
security-key-unknown = Schlüssel noch nicht abgerufen
security-device = Gerät { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = nicht mehr benutzt
security-trust-verified = Verifiziert
security-trust-blind = Vertraut, nicht verifiziert
security-trust-undecided = Neuer Schlüssel, nicht verifiziert: Es wird nichts für ihn verschlüsselt
security-trust-distrusted = Nicht vertraut
security-mark-verified = Als verifiziert markieren
security-distrust = Nicht vertrauen
security-verify-title = Per Code verifizieren: scannen oder einfügen
security-verify-paste = xmpp:-Link mit Schlüsseln einfügen
security-verify = Verifizieren
security-verify-image = QR-Code aus einem Bild lesen …
security-verify-clipboard = Aus der Zwischenablage
security-images = Bilder
security-verified = Die Schlüssel von { $name } in diesem Code stimmen überein: Sie sind jetzt verifiziert.
security-verified-unknown = Einige Schlüssel im Code gehören zu Geräten, die hier noch nicht bekannt sind; sie wurden nicht verifiziert.
security-mismatch = Der Schlüssel im Code für Gerät { $device } ist nicht der, den dieses Gerät hier benutzt. Es wurde nichts geändert: Bitte { $name }, die eigenen Geräte zu prüfen.
security-no-match = Keiner der Schlüssel in diesem Code gehört zu { $name }. Es wurde nichts geändert.
security-other-address = Dieser Code ist für { $address }, nicht für { $name }. Es wurde nichts geändert.
security-no-keys-in-code = Dieser Link enthält keine Schlüssel zum Verifizieren.
security-no-qr = In diesem Bild wurde kein QR-Code gefunden.
security-image-unreadable = Dieses Bild kann nicht gelesen werden: { $reason }
security-image-too-large = Die Datei ist zu groß.
security-image-dimensions = Das Bild ist größer als { $max } × { $max } Pixel.
security-image-malformed = Die Bilddaten sind beschädigt oder unvollständig.
security-clipboard-empty = Die Zwischenablage enthält weder ein Bild noch einen xmpp:-Link.
security-clipboard-unavailable = Die Zwischenablage kann nicht gelesen werden: { $reason }
chat-encrypted = Verschlüsselt
chat-not-encrypted = Nicht verschlüsselt
chat-new-device = Neues Gerät – nicht verifiziert
chat-encryption-explain-on = Nachrichten sind Ende-zu-Ende-verschlüsselt: Nur die Geräte von { $name }, deren Schlüsseln du vertraust, können sie lesen.
chat-encryption-explain-group = Nachrichten sind Ende-zu-Ende-verschlüsselt für die Mitglieder dieser privaten Gruppe: Nur ihre Geräte, deren Schlüsseln du vertraust, können sie lesen.
chat-encryption-explain-auto = Nachrichten werden verschlüsselt, sobald { $name } ein Gerät mit einem vertrauten Schlüssel hat. Bis dahin werden sie ohne Ende-zu-Ende-Verschlüsselung gesendet.
chat-encryption-explain-off = Du hast die Ende-zu-Ende-Verschlüsselung für diese Unterhaltung ausgeschaltet.
chat-encryption-off = Verschlüsselung ausschalten
chat-encryption-on = Verschlüsselung einschalten
chat-encryption-off-confirm = Nachrichten werden ohne Ende-zu-Ende-Verschlüsselung gesendet.
chat-encryption-keys = Schlüssel zeigen
chat-room = Gruppenchat · { $address }
chat-encryption-devices = Geräte von { $name }: { $verified } verifiziert, { $unverified } nicht verifiziert
chat-encryption-member-devices = Geräte der Mitglieder: { $verified } verifiziert, { $unverified } nicht verifiziert
chat-encryption-left-out = Ausgelassen, bis du über ihre Schlüssel entscheidest: { $count }
chat-encryption-members-unreachable = Können sie nicht lesen, kein Gerät mit einem Schlüssel, dem du vertraust: { $names }
chat-encryption-own = Deine anderen Geräte: { $count }
chat-encryption-new = Neu seit deiner letzten Nachricht: { $devices }
settings-key-title = Dein Schlüssel
settings-key-explain = Kontakte vergleichen diesen Schlüssel oder scannen diesen Code, um sicher zu sein, dass Nachrichten von diesem Gerät wirklich von dir kommen.
settings-key-device = Dieses Gerät: { $id }
settings-key-copy = Link kopieren
settings-key-copied = Link kopiert.
settings-key-others = Deine anderen Geräte
settings-key-none = Dein Schlüssel wird bei der ersten Anmeldung dieses Kontos erzeugt.
settings-key-failed = Dein Schlüssel kann nicht gelesen werden: { $reason }
settings-device-remove = Entfernen
settings-device-remove-confirm = Gerät { $id } entfernen? Kontakte verschlüsseln dann nicht mehr für dieses Gerät. Läuft dort noch eine App, trägt sie sich wieder ein.

# Groups page and a room's people panel
nav-groups = Gruppen
nav-groups-hint = Gruppen finden, erstellen und beitreten
groups-title = Gruppen
groups-invited = { $from } lädt dich in { $room } ein
groups-accept = Beitreten
groups-decline = Ablehnen
groups-new = Neue Gruppe
groups-name = Name
groups-address-hint = Adresse, name@{ $service }
groups-address-placeholder = Adresse (name@gruppen.server)
groups-private = Private Gruppe: nur Mitglieder, Ende-zu-Ende-verschlüsselt
groups-public = Öffentlicher Kanal: alle können ihn finden und beitreten
groups-picture = Bild hinzufügen
groups-create = Erstellen
groups-public-title = Öffentliche Gruppen auf deinem Server
groups-refresh = Aktualisieren
groups-search = Öffentliche Gruppen durchsuchen
groups-looking = Suche die Gruppen deines Servers…
groups-no-service = Dein Server bietet keine Gruppenchats an.
groups-none = Keine öffentliche Gruppe passt.
groups-people = { $count } darin
groups-bad-address = Schreibe die Adresse der Gruppe als name@dienst.
chat-invited = Einladung an { $jid } gesendet.
chat-invite-placeholder = Jemanden einladen (name@server)
chat-invite = Einladen
chat-leave = Gruppe verlassen
chat-leave-confirm = Diese Gruppe verlassen? Du bekommst ihre Nachrichten dann nicht mehr.
chat-leave-confirm-private = Diese private Gruppe verlassen? Um zurückzukommen, brauchst du eine neue Einladung.
chat-kick = Entfernen
chat-ban = Sperren
chat-ban-confirm = { $nick } dauerhaft sperren?
chat-topic-placeholder = Neues Thema für alle
chat-set-topic = Thema setzen
chats-nick-placeholder = Anderer Spitzname
chats-join-as = So beitreten
groups-description = Beschreibung (optional)
chat-make-moderator = Zum Moderator machen
chat-unmake-moderator = Moderator entziehen
chat-write-privately = Privat schreiben
chat-private-subtitle = Private Nachricht über { $room }, nicht Ende-zu-Ende-verschlüsselt
chats-private = privat · { $room }
notify-private = { $nick } (privat, { $room })
chat-revoke-confirm = { $nick } muss die Gruppe dann verlassen. Mitgliedschaft entziehen?
chat-remove-for-everyone = Für alle entfernen
chat-room-picture = Bild ändern
chat-room-picture-failed = Das Bild kann nicht verwendet werden: { $reason }
chat-people-find = Jemanden in der Gruppe finden
chat-people-more = { $count } weitere: Namen eingeben, um sie zu finden
chat-make-member = Zum Mitglied machen
chat-unmake-member = Mitgliedschaft entziehen
chat-make-admin = Zum Admin machen
chat-unmake-admin = Admin entziehen
chat-attach = Datei senden
file-download = Herunterladen
file-show = Im Ordner zeigen
file-save = Speichern
file-sending = { $name } wird gesendet … { $percent } %
file-downloading = Wird heruntergeladen … { $percent } %
file-cancel = Abbrechen
file-failed = { $name } wurde nicht gesendet: { $reason }
file-download-failed = { $name } konnte nicht heruntergeladen werden: { $reason }
chat-record = Sprachnachricht aufnehmen
voice-recording = Aufnahme { $time }
voice-send = Senden
voice-failed = Die Sprachnachricht konnte nicht aufgenommen werden: { $reason }
voice-cannot-play = Wiedergabe nicht möglich: { $reason }
voice-file = Sprachnachricht
file-pasted = Eingefügtes Bild
viewer-close = Schließen
settings-download-folder = Dateien speichern in
settings-photos = Fotos senden
settings-reduce-photos = Große Fotos verkleinert senden (schneller, weniger Daten)
settings-keep-metadata = Aufnahmeort und -zeit von Fotos behalten (sendet sie in voller Größe)
settings-change = Ändern …

# Starting, closing and the tray icon
settings-startup = Starten und Schließen
settings-start-at-login = Tidings bei der Anmeldung starten
settings-start-minimised = Minimiert starten
settings-close-to-tray = Beim Schließen des Fensters im Infobereich weiterlaufen
settings-login-failed = Tidings kann nicht bei der Anmeldung starten: { $reason }
tray-show = Tidings zeigen
tray-hide = Tidings ausblenden
tray-mute = Benachrichtigungen stumm
tray-quit = Tidings beenden
tray-unread = { $count ->
    [one] Eine ungelesene Nachricht
   *[other] { $count } ungelesene Nachrichten
}
tray-still-running = Tidings läuft weiter
tray-still-running-body = Es bleibt im Infobereich, um dir neue Nachrichten zu bringen. Klicke auf das Symbol, um es wieder zu öffnen, oder wähle dort Beenden. Das lässt sich in den Einstellungen ändern.
settings-no-tray = Diese Arbeitsumgebung zeigt keine Symbole im Infobereich, daher beendet das Schließen des Fensters Tidings.
settings-no-notifications = Kein Benachrichtigungsdienst hat geantwortet, daher kann Tidings hier keine Benachrichtigungen zeigen.
no-file-chooser = Auf dieser Arbeitsumgebung kann sich keine Dateiauswahl öffnen (xdg-desktop-portal läuft nicht). Ziehe Dateien stattdessen auf das Fenster.
