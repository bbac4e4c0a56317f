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
chat-today = Dzisiaj
chat-yesterday = Wczoraj
state-queued = Czeka na wysłanie
state-sent = Wysłano
state-delivered = Dostarczono
state-read = Przeczytano
state-failed = Nie wysłano: { $reason }
chat-typing = pisze…
chat-beginning = To początek czatu.
chat-correcting = Poprawiasz wiadomość
chat-edit = Edytuj
chat-delete = Usuń
chat-reply = Odpowiedz
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
settings-send-typing = Pokazuj kontaktom, że piszę
settings-send-read = Informuj kontakty o przeczytaniu ich wiadomości
settings-downloads = Pobieranie
settings-auto-download = Automatycznie pobieraj pliki od kontaktów
settings-download-never = Nigdy
settings-download-up-to = Do { $mib } MB
settings-about = O programie
settings-version = Tidings { $version }
settings-licences = Tidings to wolne oprogramowanie na licencji GNU GPL w wersji 3 lub późniejszej. Czcionki: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, grafiki CC-BY 4.0 autorstwa Twitter, Inc. i współtwórców).

## Powiadomienia
notify-hidden = Nowa wiadomość
