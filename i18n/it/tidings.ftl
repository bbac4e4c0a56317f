# Tidings, italiano.

app-name = Tidings

## Sblocco
unlock-title = Sblocca Tidings
unlock-explain = I tuoi messaggi sono salvati in forma cifrata. Inserisci la passphrase che li protegge.
unlock-create-title = Proteggi i tuoi messaggi
unlock-create-explain = Questo computer non ha un portachiavi, quindi Tidings ha bisogno di una passphrase per cifrare i tuoi messaggi. Se la dimentichi, non potrà essere recuperata.
unlock-passphrase = Passphrase
unlock-repeat = Ripeti la passphrase
unlock-button = Sblocca
unlock-create-button = Crea
unlock-wrong = Questa passphrase non apre i tuoi messaggi. Riprova.
unlock-mismatch = Le due passphrase non coincidono.
unlock-too-short = Usa almeno 8 caratteri.
unlock-working = Apertura in corso…
unlock-failed = Tidings non è riuscito ad aprire i suoi dati: { $reason }

## Aggiungi un account
setup-title = Ti diamo il benvenuto in Tidings
setup-explain = Accedi con il tuo indirizzo XMPP oppure crea un nuovo account su un server a tua scelta.
setup-address = Indirizzo (nome@server)
setup-password = Password
setup-sign-in = Accedi
setup-create = Crea account
setup-advanced = Avanzate
setup-host = Host del server (facoltativo)
setup-port = Porta (facoltativa)
setup-direct-tls = TLS diretto
setup-bad-address = Scrivi l'indirizzo nel formato nome@server.
setup-no-password = Inserisci la tua password.
setup-working = Connessione in corso…
setup-taken = Questo indirizzo è già in uso. Scegli un altro nome.
setup-register-failed = Il server non ha creato l'account: { $reason }
setup-ca-file = File dell'autorità di certificazione (facoltativo)
setup-choose = Scegli…

## Stati della connessione
state-connecting = Connessione in corso…
state-online = Online
state-offline = Offline: { $reason }
state-retrying = Offline. Nuovo tentativo tra { $seconds } s.
state-auth-failed = Il server non ha accettato la tua password. Inseriscila di nuovo nelle Impostazioni.
state-certificate = Non è stato possibile verificare l'identità del server. Controllala nelle Impostazioni.
state-no-tls = Il server non offre la cifratura, quindi Tidings non si è connesso.
command-offline = Non connesso. I messaggi che scrivi vengono conservati e inviati più tardi; questo richiede la connessione.

## Conversazioni
chats-search = Cerca
chats-empty = Ancora nessuna conversazione. Iniziane una con l'indirizzo di un contatto.
chats-new-address = Indirizzo del contatto (nome@server)
chats-join = Entra nel gruppo
chats-joining = Ingresso in { $room }…
chats-room-refused = Impossibile entrare in { $room }: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = qualcuno nella stanza ha già questo soprannome
room-refused-password = la stanza richiede una password
room-refused-members = possono entrare solo i membri
room-refused-banned = sei bandito da questa stanza
room-refused-full = la stanza è piena
room-refused-other = la stanza ha rifiutato: { $reason }
room-left = hai lasciato la stanza
room-kicked = sei stato rimosso dalla stanza
room-banned = sei stato bandito dalla stanza
room-destroyed = la stanza è stata chiusa
room-no-member = non sei più un membro
room-shutdown = il servizio della stanza si è fermato
chat-people = { $count } nella stanza
room-owner = proprietario
room-admin = amministratore
room-moderator = moderatore
room-member = membro
room-visitor = visitatore
chats-start = Inizia
chats-you = Tu: { $text }
chats-pick = Scegli una conversazione.
chats-bad-address = Scrivi l'indirizzo nel formato nome@server.
chats-switch = Vai a una conversazione

## Una conversazione
chat-composer = Scrivi un messaggio
chat-send = Invia
chat-edited = modificato
chat-retracted = Questo messaggio è stato eliminato.
chat-undecryptable = Non è stato possibile decifrare questo messaggio ({ $reason }).
chat-untrusted-key = Inviato da una chiave di cui non ti fidi.
chat-today = Oggi
chat-yesterday = Ieri
state-queued = In attesa di invio
state-sent = Inviato
state-delivered = Consegnato
state-read = Letto
state-failed = Non inviato: { $reason }
chat-typing = sta scrivendo…
chat-typing-one = { $name } sta scrivendo…
chat-typing-two = { $first } e { $second } stanno scrivendo…
chat-typing-many = Più persone stanno scrivendo…
chat-visitor-note = Solo chi ha diritto di parola può scrivere in questo gruppo.
chat-ask-voice = Chiedi di parlare
chat-voice-asked = Richiesta inviata. Decide un moderatore.
chat-voice-request = { $nick } chiede di parlare
chat-give-voice = Dai la parola
chat-take-voice = Togli la parola
chat-not-now = Non ora
chat-beginning = Questo è l'inizio della conversazione.
chat-correcting = Stai correggendo il tuo messaggio
chat-edit = Modifica
chat-delete = Elimina
chat-reply = Rispondi
chat-open-link = Apri { $target }
chat-replying = Risposta a { $name }
chat-you = Tu
chat-reply-missing = Il messaggio originale non è salvato qui.
chat-retry = Invia di nuovo
chat-emoji-search = Cerca emoji
chat-pin = Fissa
chat-unpin = Non fissare più
chat-mute = Silenzia
chat-unmute = Riattiva notifiche
chat-new-messages = { $count ->
    [one] 1 nuovo messaggio
   *[other] { $count } nuovi messaggi
}
chat-to-newest = Vai ai messaggi più recenti
time-today-at = oggi alle { $time }
time-yesterday-at = ieri alle { $time }

## Navigazione
nav-chats = Chat
nav-contacts = Contatti
nav-search = Cerca
nav-settings = Impostazioni
nav-chats-hint = Conversazioni (Alt+Su e Alt+Giù per spostarti tra di esse, Ctrl+K per saltare a una)
nav-contacts-hint = Contatti e richieste
nav-search-hint = Cerca in tutte le conversazioni (Ctrl+F)
nav-settings-hint = Impostazioni

## Presenza
presence-available = Disponibile
presence-away = Assente
presence-xa = Assente da un po'
presence-dnd = Non disturbare
presence-offline = Offline

## Contatti
contacts-title = Contatti
contacts-add-address = Indirizzo o link xmpp:
contacts-add-name = Nome (facoltativo)
contacts-add = Aggiungi
contacts-bad-address = Scrivi l'indirizzo nel formato nome@server oppure incolla un link xmpp:.
contacts-requests = Richieste
contacts-request = { $address } vuole aggiungerti ai suoi contatti.
contacts-approve = Accetta
contacts-deny = Rifiuta
contacts-filter = Trova un contatto
contacts-empty = Ancora nessun contatto. Aggiungine uno con il suo indirizzo.
contacts-pick = Scegli un contatto per vederne i dettagli.
contacts-last-seen = Ultimo accesso { $when }
contacts-blocked = Bloccato: non ricevi nulla da questo indirizzo.
contacts-devices = Dispositivi online
contacts-message = Messaggio
contacts-block = Blocca
contacts-unblock = Sblocca
contacts-remove = Rimuovi
contacts-remove-confirm = Rimuovere { $name } dai tuoi contatti?
contacts-rename = Nome mostrato per questo contatto
contacts-sub-both = Vedete entrambi lo stato dell'altro.
contacts-sub-to = Vedi il suo stato; questo contatto non vede il tuo.
contacts-sub-from = Questo contatto vede il tuo stato; tu non vedi il suo.
contacts-sub-pending = In attesa della sua conferma.
contacts-sub-none = Nessuno dei due vede lo stato dell'altro.

## Ricerca
search-title = Cerca
search-placeholder = Cerca in tutte le conversazioni
search-nothing = Nessun messaggio trovato.
search-count = { $count ->
    [one] 1 messaggio
   *[other] { $count } messaggi
}
search-you-to = Tu a { $peer }

## Impostazioni
settings-title = Impostazioni
settings-accounts = Account
settings-add-account = Aggiungi un altro account
settings-password-change = Cambia password
settings-password-enter = Inserisci di nuovo la password
settings-password-new = Nuova password
settings-password-again = Password di questo account
settings-password-working = Modifica della password in corso…
settings-password-changed = La password è stata cambiata.
settings-password-failed = La password non è stata cambiata: { $reason }
settings-certificate-explain = Il server ha presentato un certificato non firmato da un'autorità di cui questo computer si fida. Fidati solo se la sua impronta digitale corrisponde a quella che ti ha fornito l'amministratore del server:
settings-certificate-trust = Fidati di questo certificato
settings-save = Salva
settings-cancel = Annulla
settings-appearance = Aspetto
settings-theme = Tema
settings-theme-system = Segui il sistema
settings-theme-light = Chiaro
settings-theme-dark = Scuro
settings-language = Lingua
settings-language-system = Lingua del sistema
settings-notifications = Notifiche
settings-notify = Mostra una notifica per i nuovi messaggi
settings-previews = Mostra il testo dei messaggi nelle notifiche
settings-sound = Riproduci un suono
settings-privacy = Privacy
settings-send-typing = Fai vedere ai contatti e ai gruppi privati quando sto scrivendo
settings-send-read = Fai vedere ai contatti quando ho letto i loro messaggi
settings-downloads = Download
settings-auto-download = Scarica automaticamente i file dai contatti
settings-download-never = Mai
settings-download-up-to = Fino a { $mib } MB
settings-about = Informazioni
settings-version = Tidings { $version }
settings-licences = Tidings è software libero distribuito con licenza GNU GPL, versione 3 o successiva. Caratteri: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, grafica CC-BY 4.0 di Twitter, Inc. e collaboratori).
settings-licences-data = Parole di ricerca delle emoji: annotazioni CLDR di Unicode (Unicode License v3).

## Notifiche
notify-hidden = Nuovo messaggio
notify-mark-read = Segna come letto
notify-reply = Rispondi

## Crittografia (OMEMO): chiavi, verifica, il lucchetto della conversazione
security-title = Sicurezza
security-explain = I messaggi a { $name } sono cifrati end-to-end per le chiavi qui sotto. Per essere sicuro che nessuno si metta in mezzo, confrontale con le chiavi che { $name } vede sui propri dispositivi, o scansiona il suo codice.
security-no-keys = Non si conosce ancora nessuna chiave di crittografia per questo contatto. Compaiono quando i suoi dispositivi le pubblicano.
security-key-unknown = Chiave non ancora recuperata
security-device = Dispositivo { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = non più usato
security-trust-verified = Verificata
security-trust-blind = Fidata, non verificata
security-trust-undecided = Nuova chiave, non verificata: nulla viene cifrato per lei
security-trust-distrusted = Non fidata
security-mark-verified = Segna come verificata
security-distrust = Non fidarti
security-verify-title = Verifica scansionando o incollando un codice
security-verify-paste = Incolla il suo link xmpp: con le chiavi
security-verify = Verifica
security-verify-image = Leggi un codice QR da un'immagine…
security-verify-clipboard = Dagli appunti
security-images = Immagini
security-verified = Le chiavi di { $name } in questo codice corrispondono: ora sono verificate.
security-verified-unknown = Alcune chiavi del codice appartengono a dispositivi non ancora conosciuti qui; non sono state verificate.
security-mismatch = La chiave del codice per il dispositivo { $device } non è quella che quel dispositivo usa qui. Non è stato cambiato nulla: chiedi a { $name } di controllare i propri dispositivi.
security-no-match = Nessuna delle chiavi di questo codice appartiene a { $name }. Non è stato cambiato nulla.
security-other-address = Questo codice è di { $address }, non di { $name }. Non è stato cambiato nulla.
security-no-keys-in-code = Questo link non contiene chiavi da verificare.
security-no-qr = In questa immagine non è stato trovato nessun codice QR.
security-image-unreadable = Impossibile leggere questa immagine: { $reason }
security-image-too-large = il file è troppo grande.
security-image-dimensions = l'immagine supera { $max } × { $max } pixel.
security-image-malformed = i dati dell'immagine sono danneggiati o incompleti.
security-clipboard-empty = Gli appunti non contengono né un'immagine né un link xmpp:.
security-clipboard-unavailable = Impossibile leggere gli appunti: { $reason }
chat-encrypted = Cifrata
chat-not-encrypted = Non cifrata
chat-new-device = Nuovo dispositivo — non verificato
chat-encryption-explain-on = I messaggi sono cifrati end-to-end: solo i dispositivi di { $name } di cui ti fidi delle chiavi possono leggerli.
chat-encryption-explain-group = I messaggi sono cifrati end-to-end per i membri di questo gruppo privato: solo i loro dispositivi di cui ti fidi delle chiavi possono leggerli.
chat-encryption-explain-auto = I messaggi vengono cifrati appena { $name } ha un dispositivo con una chiave fidata. Fino ad allora vengono inviati senza crittografia end-to-end.
chat-encryption-explain-off = Hai disattivato la crittografia end-to-end per questa conversazione.
chat-encryption-off = Disattiva la crittografia
chat-encryption-on = Attiva la crittografia
chat-encryption-off-confirm = I messaggi verranno inviati senza crittografia end-to-end.
chat-encryption-keys = Mostra le chiavi
chat-room = Chat di gruppo · { $address }
chat-encryption-devices = Dispositivi di { $name }: { $verified } verificati, { $unverified } non verificati
chat-encryption-member-devices = Dispositivi dei membri: { $verified } verificati, { $unverified } non verificati
chat-encryption-left-out = Esclusi finché non decidi sulle loro chiavi: { $count }
chat-encryption-members-unreachable = Non possono leggerli, nessun dispositivo con una chiave di cui ti fidi: { $names }
chat-encryption-own = I tuoi altri dispositivi: { $count }
chat-encryption-new = Nuovi dal tuo ultimo messaggio: { $devices }
settings-key-title = La tua chiave di crittografia
settings-key-explain = I tuoi contatti confrontano questa chiave, o scansionano questo codice, per essere sicuri che i messaggi di questo dispositivo vengano davvero da te.
settings-key-device = Questo dispositivo: { $id }
settings-key-copy = Copia link
settings-key-copied = Link copiato.
settings-key-others = I tuoi altri dispositivi
settings-key-none = La tua chiave viene creata al primo accesso di questo account.
settings-key-failed = Impossibile leggere la tua chiave: { $reason }
settings-device-remove = Rimuovi
settings-device-remove-confirm = Rimuovere il dispositivo { $id }? I contatti smetteranno di cifrare i messaggi per esso. Se un’app è ancora attiva su quel dispositivo, si aggiungerà di nuovo.

# Groups page and a room's people panel
nav-groups = Gruppi
nav-groups-hint = Trova, crea e unisciti ai gruppi
groups-title = Gruppi
groups-invited = { $from } ti invita in { $room }
groups-accept = Unisciti
groups-decline = Rifiuta
groups-new = Nuovo gruppo
groups-name = Nome
groups-address-hint = Indirizzo, nome@{ $service }
groups-address-placeholder = Indirizzo (nome@gruppi.server)
groups-private = Gruppo privato: solo membri, cifrato end-to-end
groups-public = Canale pubblico: chiunque può trovarlo e unirsi
groups-picture = Aggiungi un’immagine
groups-create = Crea
groups-public-title = Gruppi pubblici del tuo server
groups-refresh = Aggiorna
groups-search = Cerca gruppi pubblici
groups-looking = Cerco i gruppi del tuo server…
groups-no-service = Il tuo server non offre chat di gruppo.
groups-none = Nessun gruppo pubblico corrisponde.
groups-people = { $count } presenti
groups-bad-address = Scrivi l'indirizzo del gruppo come nome@servizio.
chat-invited = Invito inviato a { $jid }.
chat-invite-placeholder = Invita qualcuno (nome@server)
chat-invite = Invita
chat-leave = Lascia il gruppo
chat-leave-confirm = Lasciare questo gruppo? Non riceverai più i suoi messaggi.
chat-leave-confirm-private = Lasciare questo gruppo privato? Per tornare ti servirà un nuovo invito.
chat-kick = Rimuovi
chat-ban = Banna
chat-ban-confirm = Bannare { $nick } per sempre?
chat-topic-placeholder = Nuovo argomento visibile a tutti
chat-set-topic = Imposta argomento
chats-nick-placeholder = Altro soprannome
chats-join-as = Unisciti così
groups-description = Descrizione (facoltativa)
chat-make-moderator = Rendi moderatore
chat-unmake-moderator = Togli moderatore
chat-write-privately = Scrivi in privato
chat-private-subtitle = Messaggio privato tramite { $room }, non cifrato end-to-end
chats-private = privato · { $room }
notify-private = { $nick } (privato, { $room })
chat-revoke-confirm = { $nick } dovrà lasciare il gruppo. Revocare l’iscrizione?
chat-remove-for-everyone = Rimuovi per tutti
chat-room-picture = Cambia immagine
chat-room-picture-failed = Impossibile usare l’immagine: { $reason }
chat-people-find = Trova qualcuno nel gruppo
chat-people-more = Altri { $count }: scrivi un nome per trovarli
chat-make-member = Rendi membro
chat-unmake-member = Togli iscrizione
chat-make-admin = Rendi amministratore
chat-unmake-admin = Togli amministratore
chat-attach = Invia un file
file-download = Scarica
file-show = Mostra nella cartella
file-save = Salva
file-sending = Invio di { $name }… { $percent }%
file-downloading = Download in corso… { $percent }%
file-cancel = Annulla
file-failed = { $name } non è stato inviato: { $reason }
file-download-failed = Impossibile scaricare { $name }: { $reason }
chat-record = Registra un messaggio vocale
voice-recording = Registrazione { $time }
voice-send = Invia
voice-failed = Impossibile registrare il messaggio vocale: { $reason }
voice-cannot-play = Impossibile riprodurlo: { $reason }
voice-file = Messaggio vocale
file-pasted = Immagine incollata
viewer-close = Chiudi
settings-download-folder = Salva i file in
settings-photos = Invio di foto
settings-reduce-photos = Invia le foto grandi ridotte (più veloce, meno dati)
settings-keep-metadata = Mantieni dove e quando sono state scattate le foto (le invia a dimensione piena)
settings-change = Cambia…

# Starting, closing and the tray icon
settings-startup = Avvio e chiusura
settings-start-at-login = Avvia Tidings all’accesso
settings-start-minimised = Avvia ridotto a icona
settings-close-to-tray = Resta nell’area di notifica quando chiudi la finestra
settings-login-failed = Tidings non può avviarsi all’accesso: { $reason }
tray-show = Mostra Tidings
tray-hide = Nascondi Tidings
tray-mute = Silenzia le notifiche
tray-quit = Esci da Tidings
tray-unread = { $count ->
    [one] Un messaggio non letto
   *[other] { $count } messaggi non letti
}
tray-still-running = Tidings è ancora in esecuzione
tray-still-running-body = Resta nell’area di notifica per portarti i nuovi messaggi. Fai clic sulla sua icona per riaprirlo, oppure scegli Esci. Puoi cambiarlo nelle Impostazioni.
settings-no-tray = Questo desktop non mostra icone nell’area di notifica, quindi chiudere la finestra chiude Tidings.
settings-no-notifications = Nessun servizio di notifiche ha risposto, quindi Tidings non può mostrare notifiche su questo desktop.
no-file-chooser = Su questo desktop non si può aprire nessun selettore di file (xdg-desktop-portal non è in esecuzione). Trascina invece i file sulla finestra.
