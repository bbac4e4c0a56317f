# Tidings, Nederlands (Dutch). Precies dezelfde sleutels als de Engelse referentie.

app-name = Tidings

## Ontgrendelen
unlock-title = Tidings ontgrendelen
unlock-explain = Je berichten worden versleuteld opgeslagen. Voer de wachtwoordzin in die ze beschermt.
unlock-create-title = Bescherm je berichten
unlock-create-explain = Deze computer heeft geen sleutelbos, dus Tidings heeft een wachtwoordzin nodig om je berichten te versleutelen. Als je hem vergeet, kun je hem niet meer herstellen.
unlock-passphrase = Wachtwoordzin
unlock-repeat = Herhaal de wachtwoordzin
unlock-button = Ontgrendelen
unlock-create-button = Aanmaken
unlock-wrong = Met deze wachtwoordzin gaan je berichten niet open. Probeer het opnieuw.
unlock-mismatch = De twee wachtwoordzinnen zijn niet hetzelfde.
unlock-too-short = Gebruik minstens 8 tekens.
unlock-working = Openen…
unlock-failed = Tidings kan zijn gegevens niet openen: { $reason }

## Account toevoegen
setup-title = Welkom bij Tidings
setup-explain = Log in met je XMPP-adres, of maak een nieuw account aan op een server naar keuze.
setup-address = Adres (naam@server)
setup-password = Wachtwoord
setup-sign-in = Inloggen
setup-create = Account aanmaken
setup-advanced = Geavanceerd
setup-host = Serverhost (optioneel)
setup-port = Poort (optioneel)
setup-direct-tls = Direct TLS
setup-bad-address = Schrijf het adres als naam@server.
setup-no-password = Voer je wachtwoord in.
setup-working = Verbinden…
setup-taken = Dit adres is al bezet. Kies een andere naam.
setup-register-failed = De server heeft het account niet aangemaakt: { $reason }
setup-ca-file = Bestand van certificeringsinstantie (optioneel)
setup-choose = Kiezen…

## Verbindingsstatus
state-connecting = Verbinden…
state-online = Online
state-offline = Offline: { $reason }
state-retrying = Offline. Nieuwe poging over { $seconds } s.
state-auth-failed = De server heeft je wachtwoord niet geaccepteerd. Voer het opnieuw in bij Instellingen.
state-certificate = De identiteit van de server kon niet worden gecontroleerd. Controleer het bij Instellingen.
state-no-tls = De server biedt geen versleuteling, dus Tidings heeft geen verbinding gemaakt.
command-offline = Niet verbonden. Berichten die je schrijft worden bewaard en later verstuurd; dit heeft de verbinding nodig.

## Gesprekken
chats-search = Zoeken
chats-empty = Nog geen gesprekken. Begin er een met het adres van een contact.
chats-new-address = Adres van contact (naam@server)
chats-join = Groep betreden
chats-joining = { $room } betreden…
chats-room-refused = Kan { $room } niet betreden: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = iemand in de ruimte heeft deze bijnaam al
room-refused-password = de ruimte vraagt een wachtwoord
room-refused-members = alleen leden mogen erin
room-refused-banned = je bent uit deze ruimte verbannen
room-refused-full = de ruimte is vol
room-refused-other = de ruimte weigerde: { $reason }
room-left = je hebt de ruimte verlaten
room-kicked = je bent uit de ruimte verwijderd
room-banned = je bent uit de ruimte verbannen
room-destroyed = de ruimte is gesloten
room-no-member = je bent geen lid meer
room-shutdown = de dienst van de ruimte is gestopt
chat-people = { $count } in de ruimte
room-owner = eigenaar
room-admin = beheerder
room-moderator = moderator
room-member = lid
room-visitor = bezoeker
chats-start = Starten
chats-you = Jij: { $text }
chats-pick = Kies een gesprek.
chats-bad-address = Schrijf het adres als naam@server.
chats-switch = Ga naar een gesprek

## Een gesprek
chat-composer = Typ een bericht
chat-send = Versturen
chat-edited = bewerkt
chat-retracted = Dit bericht is verwijderd.
chat-undecryptable = Dit bericht kon niet worden ontsleuteld ({ $reason }).
chat-untrusted-key = Verstuurd vanaf een sleutel die je niet vertrouwt.
chat-today = Vandaag
chat-yesterday = Gisteren
state-queued = Wacht op verzenden
state-sent = Verzonden
state-delivered = Afgeleverd
state-read = Gelezen
state-failed = Niet verzonden: { $reason }
chat-typing = typt…
chat-typing-one = { $name } typt…
chat-typing-two = { $first } en { $second } typen…
chat-typing-many = Meerdere mensen typen…
chat-visitor-note = Alleen mensen met spreekrecht kunnen in deze groep schrijven.
chat-ask-voice = Vraag om spreekrecht
chat-voice-asked = Gevraagd. Een moderator beslist.
chat-voice-request = { $nick } vraagt om spreekrecht
chat-give-voice = Spreekrecht geven
chat-take-voice = Spreekrecht intrekken
chat-not-now = Niet nu
chat-beginning = Dit is het begin van het gesprek.
chat-correcting = Je bericht aanpassen
chat-edit = Bewerken
chat-delete = Verwijderen
chat-reply = Beantwoorden
chat-open-link = { $target } openen
chat-replying = Antwoord aan { $name }
chat-you = Jij
chat-reply-missing = Het oorspronkelijke bericht is hier niet bewaard.
chat-retry = Opnieuw versturen
chat-emoji-search = Emoji zoeken
chat-pin = Vastzetten
chat-unpin = Losmaken
chat-mute = Dempen
chat-unmute = Dempen opheffen
chat-new-messages = { $count ->
    [one] 1 nieuw bericht
   *[other] { $count } nieuwe berichten
}
chat-to-newest = Naar de nieuwste berichten
time-today-at = vandaag om { $time }
time-yesterday-at = gisteren om { $time }

## Navigatie
nav-chats = Chats
nav-contacts = Contacten
nav-search = Zoeken
nav-settings = Instellingen
nav-chats-hint = Gesprekken (Alt+Omhoog en Alt+Omlaag om te wisselen, Ctrl+K om te springen)
nav-contacts-hint = Contacten en verzoeken
nav-search-hint = Zoeken in alle gesprekken (Ctrl+F)
nav-settings-hint = Instellingen

## Status
presence-available = Beschikbaar
presence-away = Afwezig
presence-xa = Een tijdje afwezig
presence-dnd = Niet storen
presence-offline = Offline

## Contacten
contacts-title = Contacten
contacts-add-address = Adres of xmpp:-link
contacts-add-name = Naam (optioneel)
contacts-add = Toevoegen
contacts-bad-address = Schrijf het adres als naam@server, of plak een xmpp:-link.
contacts-requests = Verzoeken
contacts-request = { $address } wil je toevoegen als contact.
contacts-approve = Accepteren
contacts-deny = Weigeren
contacts-filter = Contact zoeken
contacts-empty = Nog geen contacten. Voeg iemand toe met zijn of haar adres.
contacts-pick = Kies een contact om de gegevens te bekijken.
contacts-last-seen = Laatst gezien { $when }
contacts-blocked = Geblokkeerd: je ontvangt niets van dit adres.
contacts-devices = Apparaten online
contacts-message = Bericht
contacts-block = Blokkeren
contacts-unblock = Deblokkeren
contacts-remove = Verwijderen
contacts-remove-confirm = { $name } verwijderen uit je contacten?
contacts-rename = Naam voor dit contact
contacts-sub-both = Jullie zien elkaars status.
contacts-sub-to = Jij ziet hun status; zij zien die van jou niet.
contacts-sub-from = Zij zien jouw status; jij ziet die van hen niet.
contacts-sub-pending = Wachten tot ze accepteren.
contacts-sub-none = Jullie zien elkaars status niet.

## Zoeken
search-title = Zoeken
search-placeholder = Zoek in alle gesprekken
search-nothing = Geen berichten gevonden.
search-count = { $count ->
    [one] 1 bericht
   *[other] { $count } berichten
}
search-you-to = Jij aan { $peer }

## Instellingen
settings-title = Instellingen
settings-accounts = Accounts
settings-add-account = Nog een account toevoegen
settings-password-change = Wachtwoord wijzigen
settings-password-enter = Wachtwoord opnieuw invoeren
settings-password-new = Nieuw wachtwoord
settings-password-again = Het wachtwoord van dit account
settings-password-working = Wachtwoord wijzigen…
settings-password-changed = Het wachtwoord is gewijzigd.
settings-password-failed = Het wachtwoord is niet gewijzigd: { $reason }
settings-certificate-explain = De server gaf een certificaat dat niet is ondertekend door een instantie die deze computer vertrouwt. Vertrouw het alleen als de vingerafdruk overeenkomt met wat de beheerder van de server je heeft gegeven:
settings-certificate-trust = Dit certificaat vertrouwen
settings-save = Opslaan
settings-cancel = Annuleren
settings-appearance = Weergave
settings-theme = Thema
settings-theme-system = Systeem volgen
settings-theme-light = Licht
settings-theme-dark = Donker
settings-language = Taal
settings-language-system = Systeemtaal
settings-notifications = Meldingen
settings-notify = Melding tonen bij nieuwe berichten
settings-previews = Berichttekst tonen in meldingen
settings-sound = Geluid afspelen
settings-privacy = Privacy
settings-send-typing = Contacten en privégroepen laten zien wanneer ik typ
settings-send-read = Contacten laten zien wanneer ik hun berichten heb gelezen
settings-downloads = Downloads
settings-auto-download = Bestanden van contacten automatisch downloaden
settings-download-never = Nooit
settings-download-up-to = Tot { $mib } MB
settings-about = Over
settings-version = Tidings { $version }
settings-licences = Tidings is vrije software onder de GNU GPL, versie 3 of later. Lettertypen: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, illustraties CC-BY 4.0 door Twitter, Inc. en bijdragers).
settings-licences-data = Zoekwoorden voor emoji: Unicode CLDR-annotaties (Unicode License v3).

## Meldingen
notify-hidden = Nieuw bericht
notify-mark-read = Markeren als gelezen
notify-reply = Beantwoorden

## Versleuteling (OMEMO): sleutels, verificatie, het slot van het gesprek
security-title = Beveiliging
security-explain = Berichten aan { $name } zijn end-to-end versleuteld voor de sleutels hieronder. Vergelijk ze met de sleutels die { $name } op de eigen apparaten ziet, of scan de code, om zeker te weten dat niemand ertussen zit.
security-no-keys = Er zijn nog geen versleutelingssleutels van dit contact bekend. Ze verschijnen zodra de apparaten van het contact ze publiceren.
security-key-unknown = Sleutel nog niet opgehaald
security-device = Apparaat { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = niet meer in gebruik
security-trust-verified = Geverifieerd
security-trust-blind = Vertrouwd, niet geverifieerd
security-trust-undecided = Nieuwe sleutel, niet geverifieerd: er wordt niets voor versleuteld
security-trust-distrusted = Niet vertrouwd
security-mark-verified = Markeren als geverifieerd
security-distrust = Niet vertrouwen
security-verify-title = Verifiëren door een code te scannen of te plakken
security-verify-paste = Plak hun xmpp:-link met sleutels
security-verify = Verifiëren
security-verify-image = QR-code uit een afbeelding lezen…
security-verify-clipboard = Van het klembord
security-images = Afbeeldingen
security-verified = De sleutels van { $name } in deze code kloppen: ze zijn nu geverifieerd.
security-verified-unknown = Sommige sleutels in de code horen bij apparaten die hier nog niet bekend zijn; die zijn niet geverifieerd.
security-mismatch = De sleutel in de code voor apparaat { $device } is niet de sleutel die dat apparaat hier gebruikt. Er is niets veranderd: vraag { $name } de eigen apparaten na te kijken.
security-no-match = Geen van de sleutels in deze code is van { $name }. Er is niets veranderd.
security-other-address = Deze code is van { $address }, niet van { $name }. Er is niets veranderd.
security-no-keys-in-code = Deze link bevat geen sleutels om te verifiëren.
security-no-qr = In deze afbeelding is geen QR-code gevonden.
security-image-unreadable = Deze afbeelding kan niet worden gelezen: { $reason }
security-image-too-large = het bestand is te groot.
security-image-dimensions = de afbeelding is groter dan { $max } × { $max } pixels.
security-image-malformed = de beeldgegevens zijn beschadigd of onvolledig.
security-clipboard-empty = Het klembord bevat geen afbeelding en geen xmpp:-link.
security-clipboard-unavailable = Het klembord kan niet worden gelezen: { $reason }
chat-encrypted = Versleuteld
chat-not-encrypted = Niet versleuteld
chat-new-device = Nieuw apparaat — niet geverifieerd
chat-encryption-explain-on = Berichten zijn end-to-end versleuteld: alleen de apparaten van { $name } waarvan je de sleutels vertrouwt, kunnen ze lezen.
chat-encryption-explain-group = Berichten zijn end-to-end versleuteld voor de leden van deze privégroep: alleen hun apparaten waarvan je de sleutels vertrouwt kunnen ze lezen.
chat-encryption-explain-auto = Berichten worden versleuteld zodra { $name } een apparaat met een vertrouwde sleutel heeft. Tot dan worden ze zonder end-to-end versleuteling verstuurd.
chat-encryption-explain-off = Je hebt end-to-end versleuteling voor dit gesprek uitgezet.
chat-encryption-off = Versleuteling uitzetten
chat-encryption-on = Versleuteling aanzetten
chat-encryption-off-confirm = Berichten worden zonder end-to-end versleuteling verstuurd.
chat-encryption-keys = Sleutels tonen
chat-room = Groepsgesprek · { $address }
chat-encryption-devices = Apparaten van { $name }: { $verified } geverifieerd, { $unverified } niet geverifieerd
chat-encryption-member-devices = Apparaten van de leden: { $verified } geverifieerd, { $unverified } niet geverifieerd
chat-encryption-left-out = Buitengesloten tot je over hun sleutels beslist: { $count }
chat-encryption-members-unreachable = Kunnen ze niet lezen, geen apparaat met een vertrouwde sleutel: { $names }
chat-encryption-own = Je andere apparaten: { $count }
chat-encryption-new = Nieuw sinds je laatste bericht: { $devices }
settings-key-title = Je versleutelingssleutel
settings-key-explain = Contacten vergelijken deze sleutel of scannen deze code om zeker te weten dat berichten van dit apparaat echt van jou komen.
settings-key-device = Dit apparaat: { $id }
settings-key-copy = Link kopiëren
settings-key-copied = Link gekopieerd.
settings-key-others = Je andere apparaten
settings-key-none = Je sleutel wordt gemaakt wanneer dit account voor het eerst inlogt.
settings-key-failed = Je sleutel kan niet worden gelezen: { $reason }
settings-device-remove = Verwijderen
settings-device-remove-confirm = Apparaat { $id } verwijderen? Contacten versleutelen dan niet meer voor dit apparaat. Draait er nog een app op, dan voegt die zich opnieuw toe.

# Groups page and a room's people panel
nav-groups = Groepen
nav-groups-hint = Groepen zoeken, maken en erin gaan
groups-title = Groepen
groups-invited = { $from } nodigt je uit in { $room }
groups-accept = Meedoen
groups-decline = Weigeren
groups-new = Nieuwe groep
groups-name = Naam
groups-address-hint = Adres, naam@{ $service }
groups-address-placeholder = Adres (naam@groepen.server)
groups-private = Privégroep: alleen leden, end-to-end versleuteld
groups-public = Openbaar kanaal: iedereen kan het vinden en erin gaan
groups-picture = Afbeelding toevoegen
groups-create = Maken
groups-public-title = Openbare groepen op je server
groups-refresh = Vernieuwen
groups-search = Openbare groepen zoeken
groups-looking = De groepen van je server worden gezocht…
groups-no-service = Je server biedt geen groepsgesprekken.
groups-none = Geen openbare groep komt overeen.
groups-people = { $count } aanwezig
groups-bad-address = Schrijf het adres van de groep als naam@dienst.
chat-invited = Uitnodiging verstuurd naar { $jid }.
chat-invite-placeholder = Iemand uitnodigen (naam@server)
chat-invite = Uitnodigen
chat-leave = Groep verlaten
chat-leave-confirm = Deze groep verlaten? Je krijgt de berichten dan niet meer.
chat-leave-confirm-private = Deze privégroep verlaten? Om terug te komen heb je een nieuwe uitnodiging nodig.
chat-kick = Verwijderen
chat-ban = Verbannen
chat-ban-confirm = { $nick } voorgoed verbannen?
chat-topic-placeholder = Nieuw onderwerp voor iedereen
chat-set-topic = Onderwerp instellen
chats-nick-placeholder = Andere bijnaam
chats-join-as = Zo meedoen
groups-description = Beschrijving (optioneel)
chat-make-moderator = Moderator maken
chat-unmake-moderator = Moderator intrekken
chat-write-privately = Privé schrijven
chat-private-subtitle = Privébericht via { $room }, niet end-to-end versleuteld
chats-private = privé · { $room }
notify-private = { $nick } (privé, { $room })
chat-revoke-confirm = { $nick } moet de groep dan verlaten. Lidmaatschap intrekken?
chat-remove-for-everyone = Voor iedereen verwijderen
chat-room-picture = Afbeelding wijzigen
chat-room-picture-failed = De afbeelding kan niet worden gebruikt: { $reason }
chat-people-find = Iemand in de groep zoeken
chat-people-more = { $count } meer: typ een naam om ze te vinden
chat-make-member = Lid maken
chat-unmake-member = Lidmaatschap intrekken
chat-make-admin = Beheerder maken
chat-unmake-admin = Beheerder intrekken
chat-attach = Bestand versturen
file-download = Downloaden
file-show = Tonen in map
file-save = Opslaan
file-sending = { $name } wordt verstuurd… { $percent }%
file-downloading = Bezig met downloaden… { $percent }%
file-cancel = Annuleren
file-failed = { $name } is niet verstuurd: { $reason }
file-download-failed = { $name } kon niet worden gedownload: { $reason }
chat-record = Spraakbericht opnemen
voice-recording = Opnemen { $time }
voice-send = Versturen
voice-failed = Het spraakbericht kon niet worden opgenomen: { $reason }
voice-cannot-play = Kan niet afspelen: { $reason }
voice-file = Spraakbericht
file-pasted = Geplakte afbeelding
viewer-close = Sluiten
settings-download-folder = Bestanden opslaan in
settings-photos = Foto's versturen
settings-reduce-photos = Grote foto's kleiner versturen (sneller, minder data)
settings-keep-metadata = Waar en wanneer foto's zijn gemaakt behouden (verstuurt ze op volle grootte)
settings-change = Wijzigen…

# Starting, closing and the tray icon
settings-startup = Starten en sluiten
settings-start-at-login = Tidings starten bij het aanmelden
settings-start-minimised = Geminimaliseerd starten
settings-close-to-tray = Blijven draaien in het systeemvak als het venster sluit
settings-login-failed = Tidings kan niet starten bij het aanmelden: { $reason }
tray-show = Tidings tonen
tray-hide = Tidings verbergen
tray-mute = Meldingen dempen
tray-quit = Tidings afsluiten
tray-unread = { $count ->
    [one] Eén ongelezen bericht
   *[other] { $count } ongelezen berichten
}
tray-still-running = Tidings draait nog
tray-still-running-body = Het blijft in het systeemvak om je nieuwe berichten te brengen. Klik op het pictogram om het weer te openen, of kies daar Afsluiten. Je kunt dit wijzigen in Instellingen.
settings-no-tray = Deze desktop toont geen pictogrammen in het systeemvak, dus het venster sluiten sluit Tidings af.
settings-no-notifications = Geen meldingsdienst gaf antwoord, dus Tidings kan op deze desktop geen meldingen tonen.
no-file-chooser = Op deze desktop kan geen bestandskiezer openen (xdg-desktop-portal draait niet). Sleep bestanden in plaats daarvan naar het venster.
