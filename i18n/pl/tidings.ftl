# Tidings, polski: tłumaczenie angielskiego wzorca.

app-name = Tidings

## Odblokowanie
unlock-title = Odblokuj Tidings
unlock-explain = Twoje wiadomości są przechowywane w postaci zaszyfrowanej. Wpisz hasło główne, które je chroni.
unlock-create-title = Chroń swoje wiadomości
unlock-create-explain = Ten komputer nie ma systemowego magazynu haseł, więc Tidings potrzebuje hasła głównego do szyfrowania Twoich wiadomości. Jeśli je zapomnisz, nie da się go odzyskać.
unlock-passphrase = Hasło główne
unlock-repeat = Powtórz hasło główne
unlock-button = Odblokuj
unlock-create-button = Utwórz
unlock-wrong = To hasło główne nie otwiera Twoich wiadomości. Spróbuj ponownie.
unlock-mismatch = Hasła się nie zgadzają.
unlock-too-short = Użyj co najmniej 8 znaków.
unlock-working = Otwieranie…
unlock-failed = Nie udało się otworzyć danych Tidings: { $reason }

## Dodawanie konta
setup-title = Witaj w Tidings
setup-explain = Zaloguj się swoim adresem XMPP albo utwórz nowe konto na wybranym przez siebie serwerze.
setup-address = Adres (nazwa@serwer)
setup-password = Hasło
setup-sign-in = Zaloguj się
setup-create = Utwórz konto
setup-advanced = Zaawansowane
setup-host = Host serwera (opcjonalnie)
setup-port = Port (opcjonalnie)
setup-direct-tls = Bezpośredni TLS
setup-bad-address = Wpisz adres w formacie nazwa@serwer.
setup-no-password = Wpisz hasło.
setup-working = Łączenie…
setup-taken = Ten adres jest już zajęty. Wybierz inną nazwę.
setup-register-failed = Serwer nie utworzył konta: { $reason }
setup-ca-file = Plik urzędu certyfikacji (opcjonalnie)
setup-choose = Wybierz…

## Stan połączenia
state-connecting = Łączenie…
state-online = Połączono
state-offline = Rozłączono: { $reason }
state-retrying = Rozłączono. Ponowna próba za { $seconds } s.
state-auth-failed = Serwer nie przyjął Twojego hasła. Wpisz je ponownie w Ustawieniach.
state-certificate = Nie udało się zweryfikować tożsamości serwera. Sprawdź ją w Ustawieniach.
state-no-tls = Serwer nie obsługuje szyfrowania, więc Tidings nie nawiązał połączenia.
command-offline = Brak połączenia. Wiadomości, które piszesz, zostaną zachowane i wysłane później; to wymaga połączenia.

## Czaty
chats-search = Szukaj
chats-empty = Nie masz jeszcze żadnych czatów. Zacznij nowy, podając adres kontaktu.
chats-new-address = Adres kontaktu (nazwa@serwer)
chats-join = Dołącz do grupy
chats-joining = Dołączanie do { $room }…
chats-room-refused = Nie można wejść do { $room }: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = ktoś w pokoju ma już ten pseudonim
room-refused-password = pokój wymaga hasła
room-refused-members = wejść mogą tylko członkowie
room-refused-banned = masz zakaz wstępu do tego pokoju
room-refused-full = pokój jest pełny
room-refused-other = pokój odmówił: { $reason }
room-left = opuściłeś pokój
room-kicked = usunięto cię z pokoju
room-banned = zbanowano cię w pokoju
room-destroyed = pokój został zamknięty
room-no-member = nie jesteś już członkiem
room-shutdown = usługa pokoju została wyłączona
chat-people = W pokoju: { $count }
room-owner = właściciel
room-admin = administrator
room-moderator = moderator
room-member = członek
room-visitor = gość
chats-start = Rozpocznij
chats-you = Ty: { $text }
chats-pick = Wybierz czat.
chats-bad-address = Wpisz adres w formacie nazwa@serwer.
chats-switch = Przejdź do czatu

## Czat
chat-composer = Napisz wiadomość
chat-send = Wyślij
chat-edited = edytowano
chat-retracted = Ta wiadomość została usunięta.
chat-undecryptable = Nie udało się odszyfrować tej wiadomości ({ $reason }).
chat-untrusted-key = Wysłano z klucza, któremu nie ufasz.
chat-today = Dzisiaj
chat-yesterday = Wczoraj
state-queued = Czeka na wysłanie
state-sent = Wysłano
state-delivered = Dostarczono
state-read = Przeczytano
state-failed = Nie wysłano: { $reason }
chat-typing = pisze…
chat-typing-one = { $name } pisze…
chat-typing-two = { $first } i { $second } piszą…
chat-typing-many = Kilka osób pisze…
chat-visitor-note = Tylko osoby z prawem głosu mogą pisać w tej grupie.
chat-ask-voice = Poproś o głos
chat-voice-asked = Poproszono. Zdecyduje moderator.
chat-voice-request = { $nick } prosi o głos
chat-give-voice = Udziel głosu
chat-take-voice = Odbierz głos
chat-not-now = Nie teraz
chat-beginning = To początek czatu.
chat-correcting = Poprawiasz wiadomość
chat-edit = Edytuj
chat-delete = Usuń
chat-reply = Odpowiedz
chat-open-link = Otwórz { $target }
chat-replying = Odpowiedź do { $name }
chat-you = Ty
chat-reply-missing = Oryginalnej wiadomości nie ma tutaj.
chat-retry = Wyślij ponownie
chat-emoji-search = Szukaj emoji
chat-pin = Przypnij
chat-unpin = Odepnij
chat-mute = Wycisz
chat-unmute = Wyłącz wyciszenie
chat-new-messages = { $count ->
    [one] { $count } nowa wiadomość
    [few] { $count } nowe wiadomości
    [many] { $count } nowych wiadomości
   *[other] { $count } nowej wiadomości
}
chat-to-newest = Przejdź do najnowszych wiadomości
time-today-at = dzisiaj o { $time }
time-yesterday-at = wczoraj o { $time }

## Nawigacja
nav-chats = Czaty
nav-contacts = Kontakty
nav-search = Szukaj
nav-settings = Ustawienia
nav-chats-hint = Czaty (Alt+Strzałka w górę i Alt+Strzałka w dół – przełączanie między nimi, Ctrl+K – szybkie przejście)
nav-contacts-hint = Kontakty i zaproszenia
nav-search-hint = Szukaj we wszystkich czatach (Ctrl+F)
nav-settings-hint = Ustawienia

## Status
presence-available = Dostępny
presence-away = Zaraz wracam
presence-xa = Dłużej nieobecny
presence-dnd = Nie przeszkadzać
presence-offline = Offline

## Kontakty
contacts-title = Kontakty
contacts-add-address = Adres lub link xmpp:
contacts-add-name = Nazwa (opcjonalnie)
contacts-add = Dodaj
contacts-bad-address = Wpisz adres w formacie nazwa@serwer lub wklej link xmpp:.
contacts-requests = Zaproszenia
contacts-request = { $address } chce dodać Cię do kontaktów.
contacts-approve = Akceptuj
contacts-deny = Odrzuć
contacts-filter = Znajdź kontakt
contacts-empty = Nie masz jeszcze kontaktów. Dodaj kogoś po adresie.
contacts-pick = Wybierz kontakt, aby zobaczyć szczegóły.
contacts-last-seen = Ostatnia aktywność: { $when }
contacts-blocked = Zablokowano: nie otrzymujesz nic z tego adresu.
contacts-devices = Urządzenia online
contacts-message = Napisz
contacts-block = Zablokuj
contacts-unblock = Odblokuj
contacts-remove = Usuń
contacts-remove-confirm = Usunąć kontakt { $name }?
contacts-rename = Nazwa wyświetlana dla tego kontaktu
contacts-sub-both = Widzicie nawzajem swoje statusy.
contacts-sub-to = Widzisz status kontaktu, ale kontakt nie widzi Twojego.
contacts-sub-from = Kontakt widzi Twój status, ale Ty nie widzisz jego.
contacts-sub-pending = Czekamy, aż kontakt zaakceptuje zaproszenie.
contacts-sub-none = Nie widzicie nawzajem swoich statusów.

## Wyszukiwanie
search-title = Szukaj
search-placeholder = Szukaj we wszystkich czatach
search-nothing = Nie znaleziono wiadomości.
search-count = { $count ->
    [one] { $count } wiadomość
    [few] { $count } wiadomości
    [many] { $count } wiadomości
   *[other] { $count } wiadomości
}
search-you-to = Ty → { $peer }

## Ustawienia
settings-title = Ustawienia
settings-accounts = Konta
settings-add-account = Dodaj kolejne konto
settings-password-change = Zmień hasło
settings-password-enter = Wpisz hasło ponownie
settings-password-new = Nowe hasło
settings-password-again = Hasło do tego konta
settings-password-working = Zmienianie hasła…
settings-password-changed = Hasło zostało zmienione.
settings-password-failed = Nie udało się zmienić hasła: { $reason }
settings-certificate-explain = Serwer przedstawił certyfikat, który nie jest podpisany przez żaden urząd certyfikacji zaufany na tym komputerze. Zaufaj mu tylko wtedy, gdy jego odcisk zgadza się z tym, który podał Ci administrator serwera:
settings-certificate-trust = Zaufaj temu certyfikatowi
settings-save = Zapisz
settings-cancel = Anuluj
settings-appearance = Wygląd
settings-theme = Motyw
settings-theme-system = Jak w systemie
settings-theme-light = Jasny
settings-theme-dark = Ciemny
settings-language = Język
settings-language-system = Język systemu
settings-notifications = Powiadomienia
settings-notify = Pokazuj powiadomienia o nowych wiadomościach
settings-previews = Pokazuj treść wiadomości w powiadomieniach
settings-sound = Odtwarzaj dźwięk
settings-privacy = Prywatność
settings-send-typing = Pokazuj kontaktom i grupom prywatnym, że piszę
settings-send-read = Informuj kontakty o przeczytaniu ich wiadomości
settings-downloads = Pobieranie
settings-auto-download = Automatycznie pobieraj pliki od kontaktów
settings-download-never = Nigdy
settings-download-up-to = Do { $mib } MB
settings-about = O programie
settings-version = Tidings { $version }
settings-licences = Tidings to wolne oprogramowanie na licencji GNU GPL w wersji 3 lub późniejszej. Czcionki: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, grafiki CC-BY 4.0 autorstwa Twitter, Inc. i współtwórców).
settings-licences-data = Słowa wyszukiwania emoji: adnotacje Unicode CLDR (Unicode License v3).

## Powiadomienia
notify-hidden = Nowa wiadomość
notify-mark-read = Oznacz jako przeczytane
notify-reply = Odpowiedz

## Szyfrowanie (OMEMO): klucze, weryfikacja, kłódka rozmowy
security-title = Bezpieczeństwo
security-explain = Wiadomości do { $name } są szyfrowane end-to-end dla poniższych kluczy. Aby mieć pewność, że nikt się nie podszywa, porównaj je z kluczami, które { $name } widzi na swoich urządzeniach, albo zeskanuj kod.
security-no-keys = Nie są jeszcze znane żadne klucze szyfrowania tego kontaktu. Pojawią się, gdy jego urządzenia je opublikują.
security-key-unknown = Klucz jeszcze nie pobrany
security-device = Urządzenie { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = już nieużywane
security-trust-verified = Zweryfikowany
security-trust-blind = Zaufany, niezweryfikowany
security-trust-undecided = Nowy klucz, niezweryfikowany: nic nie jest dla niego szyfrowane
security-trust-distrusted = Niezaufany
security-mark-verified = Oznacz jako zweryfikowany
security-distrust = Nie ufaj
security-verify-title = Zweryfikuj, skanując lub wklejając kod
security-verify-paste = Wklej link xmpp: kontaktu z kluczami
security-verify = Zweryfikuj
security-verify-image = Odczytaj kod QR z obrazu…
security-verify-clipboard = Ze schowka
security-images = Obrazy
security-verified = Klucze kontaktu { $name } w tym kodzie się zgadzają: są teraz zweryfikowane.
security-verified-unknown = Niektóre klucze w kodzie należą do urządzeń, których tu jeszcze nie znamy; nie zostały zweryfikowane.
security-mismatch = Klucz w kodzie dla urządzenia { $device } nie jest kluczem, którego to urządzenie tu używa. Nic nie zmieniono: poproś kontakt { $name } o sprawdzenie swoich urządzeń.
security-no-match = Żaden z kluczy w tym kodzie nie należy do kontaktu { $name }. Nic nie zmieniono.
security-other-address = Ten kod jest dla { $address }, a nie dla { $name }. Nic nie zmieniono.
security-no-keys-in-code = Ten link nie zawiera kluczy do weryfikacji.
security-no-qr = Na tym obrazie nie znaleziono kodu QR.
security-image-unreadable = Nie można odczytać tego obrazu: { $reason }
security-image-too-large = plik jest za duży.
security-image-dimensions = obraz jest większy niż { $max } × { $max } pikseli.
security-image-malformed = dane obrazu są uszkodzone lub niekompletne.
security-clipboard-empty = Schowek nie zawiera ani obrazu, ani linku xmpp:.
security-clipboard-unavailable = Nie można odczytać schowka: { $reason }
chat-encrypted = Zaszyfrowana
chat-not-encrypted = Niezaszyfrowana
chat-new-device = Nowe urządzenie — niezweryfikowane
chat-encryption-explain-on = Wiadomości są szyfrowane end-to-end: mogą je odczytać tylko urządzenia kontaktu { $name }, których kluczom ufasz.
chat-encryption-explain-group = Wiadomości są szyfrowane end-to-end dla członków tej prywatnej grupy: mogą je czytać tylko ich urządzenia, których kluczom ufasz.
chat-encryption-explain-auto = Wiadomości będą szyfrowane, gdy tylko { $name } będzie mieć urządzenie z zaufanym kluczem. Do tego czasu są wysyłane bez szyfrowania end-to-end.
chat-encryption-explain-off = Wyłączono szyfrowanie end-to-end w tej rozmowie.
chat-encryption-off = Wyłącz szyfrowanie
chat-encryption-on = Włącz szyfrowanie
chat-encryption-off-confirm = Wiadomości będą wysyłane bez szyfrowania end-to-end.
chat-encryption-keys = Pokaż klucze
chat-room = Czat grupowy · { $address }
chat-encryption-devices = Urządzenia { $name }: zweryfikowane { $verified }, niezweryfikowane { $unverified }
chat-encryption-member-devices = Urządzenia członków: { $verified } zweryfikowane, { $unverified } niezweryfikowane
chat-encryption-left-out = Pominięte, dopóki nie zdecydujesz o ich kluczach: { $count }
chat-encryption-members-unreachable = Nie mogą ich czytać, brak urządzenia z zaufanym kluczem: { $names }
chat-encryption-own = Twoje inne urządzenia: { $count }
chat-encryption-new = Nowe od twojej ostatniej wiadomości: { $devices }
settings-key-title = Twój klucz szyfrowania
settings-key-explain = Kontakty porównują ten klucz lub skanują ten kod, aby mieć pewność, że wiadomości z tego urządzenia naprawdę pochodzą od Ciebie.
settings-key-device = To urządzenie: { $id }
settings-key-copy = Kopiuj link
settings-key-copied = Skopiowano link.
settings-key-others = Twoje inne urządzenia
settings-key-none = Twój klucz zostanie utworzony przy pierwszym logowaniu tego konta.
settings-key-failed = Nie można odczytać Twojego klucza: { $reason }
settings-device-remove = Usuń
settings-device-remove-confirm = Usunąć urządzenie { $id }? Kontakty przestaną szyfrować dla niego wiadomości. Jeśli działa na nim jeszcze aplikacja, doda się z powrotem.

# Groups page and a room's people panel
nav-groups = Grupy
nav-groups-hint = Znajduj, twórz i dołączaj do grup
groups-title = Grupy
groups-invited = { $from } zaprasza cię do { $room }
groups-accept = Dołącz
groups-decline = Odrzuć
groups-new = Nowa grupa
groups-name = Nazwa
groups-address-hint = Adres, nazwa@{ $service }
groups-address-placeholder = Adres (nazwa@grupy.serwer)
groups-private = Grupa prywatna: tylko członkowie, szyfrowana end-to-end
groups-public = Kanał publiczny: każdy może go znaleźć i dołączyć
groups-picture = Dodaj obraz
groups-create = Utwórz
groups-public-title = Grupy publiczne na twoim serwerze
groups-refresh = Odśwież
groups-search = Szukaj grup publicznych
groups-looking = Szukam grup twojego serwera…
groups-no-service = Twój serwer nie oferuje czatów grupowych.
groups-none = Żadna grupa publiczna nie pasuje.
groups-people = Osób w środku: { $count }
groups-bad-address = Wpisz adres grupy jako nazwa@usługa.
chat-invited = Wysłano zaproszenie do { $jid }.
chat-invite-placeholder = Zaproś kogoś (nazwa@serwer)
chat-invite = Zaproś
chat-leave = Opuść grupę
chat-leave-confirm = Opuścić tę grupę? Nie będziesz już dostawać jej wiadomości.
chat-leave-confirm-private = Opuścić tę prywatną grupę? Aby wrócić, potrzebujesz nowego zaproszenia.
chat-kick = Usuń
chat-ban = Zbanuj
chat-ban-confirm = Zbanować { $nick } na stałe?
chat-topic-placeholder = Nowy temat widoczny dla wszystkich
chat-set-topic = Ustaw temat
chats-nick-placeholder = Inny pseudonim
chats-join-as = Dołącz jako ten
groups-description = Opis (opcjonalnie)
chat-make-moderator = Nadaj moderatora
chat-unmake-moderator = Odbierz moderatora
chat-write-privately = Napisz prywatnie
chat-private-subtitle = Prywatna wiadomość przez { $room }, bez szyfrowania end-to-end
chats-private = prywatnie · { $room }
notify-private = { $nick } (prywatnie, { $room })
chat-revoke-confirm = { $nick } będzie musiał(a) opuścić grupę. Odebrać członkostwo?
chat-remove-for-everyone = Usuń dla wszystkich
chat-room-picture = Zmień obraz
chat-room-picture-failed = Nie można użyć obrazu: { $reason }
chat-people-find = Znajdź kogoś w grupie
chat-people-more = Jeszcze { $count }: wpisz nazwę, aby ich znaleźć
chat-make-member = Nadaj członkostwo
chat-unmake-member = Odbierz członkostwo
chat-make-admin = Nadaj administratora
chat-unmake-admin = Odbierz administratora
chat-attach = Wyślij plik
file-download = Pobierz
file-show = Pokaż w folderze
file-save = Zapisz
file-sending = Wysyłanie { $name }… { $percent }%
file-downloading = Pobieranie… { $percent }%
file-cancel = Anuluj
file-failed = Nie wysłano { $name }: { $reason }
file-download-failed = Nie udało się pobrać { $name }: { $reason }
chat-record = Nagraj wiadomość głosową
voice-recording = Nagrywanie { $time }
voice-send = Wyślij
voice-failed = Nie udało się nagrać wiadomości głosowej: { $reason }
voice-cannot-play = Nie można odtworzyć: { $reason }
voice-file = Wiadomość głosowa
file-pasted = Wklejony obraz
viewer-close = Zamknij
settings-download-folder = Zapisuj pliki w
settings-photos = Wysyłanie zdjęć
settings-reduce-photos = Wysyłaj duże zdjęcia pomniejszone (szybciej, mniej danych)
settings-keep-metadata = Zachowuj miejsce i czas wykonania zdjęć (wysyła je w pełnym rozmiarze)
settings-change = Zmień…

# Starting, closing and the tray icon
settings-startup = Uruchamianie i zamykanie
settings-start-at-login = Uruchamiaj Tidings po zalogowaniu
settings-start-minimised = Uruchamiaj zminimalizowany
settings-close-to-tray = Działaj w zasobniku po zamknięciu okna
settings-login-failed = Tidings nie może uruchamiać się po zalogowaniu: { $reason }
tray-show = Pokaż Tidings
tray-hide = Ukryj Tidings
tray-mute = Wycisz powiadomienia
tray-quit = Zakończ Tidings
tray-unread = { $count ->
    [one] Jedna nieprzeczytana wiadomość
    [few] { $count } nieprzeczytane wiadomości
    [many] { $count } nieprzeczytanych wiadomości
   *[other] { $count } nieprzeczytanej wiadomości
}
tray-still-running = Tidings nadal działa
tray-still-running-body = Zostaje w zasobniku, by dostarczać nowe wiadomości. Kliknij jego ikonę, aby otworzyć go ponownie, lub wybierz tam Zakończ. Możesz to zmienić w Ustawieniach.
settings-no-tray = To środowisko nie pokazuje ikon w zasobniku, więc zamknięcie okna kończy Tidings.
settings-no-notifications = Żadna usługa powiadomień nie odpowiedziała, więc Tidings nie może tu pokazywać powiadomień.
no-file-chooser = W tym środowisku nie da się otworzyć okna wyboru plików (xdg-desktop-portal nie działa). Przeciągnij pliki na okno.
