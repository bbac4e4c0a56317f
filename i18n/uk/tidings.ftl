# Tidings, українська: переклад англійського еталона.

app-name = Tidings

## Розблокування
unlock-title = Розблокувати Tidings
unlock-explain = Ваші повідомлення зберігаються в зашифрованому вигляді. Введіть головний пароль, який їх захищає.
unlock-create-title = Захистіть свої повідомлення
unlock-create-explain = На цьому комп'ютері немає системного сховища паролів, тому Tidings потрібен головний пароль, щоб шифрувати ваші повідомлення. Якщо ви його забудете, відновити його не вдасться.
unlock-passphrase = Головний пароль
unlock-repeat = Повторіть головний пароль
unlock-button = Розблокувати
unlock-create-button = Створити
unlock-wrong = Цей головний пароль не підходить до ваших повідомлень. Спробуйте ще раз.
unlock-mismatch = Паролі не збігаються.
unlock-too-short = Використайте щонайменше 8 символів.
unlock-working = Відкриття…
unlock-failed = Tidings не вдалося відкрити свої дані: { $reason }

## Додавання акаунта
setup-title = Вітаємо в Tidings
setup-explain = Увійдіть за своєю XMPP-адресою або створіть новий акаунт на сервері, який ви оберете.
setup-address = Адреса (ім'я@сервер)
setup-password = Пароль
setup-sign-in = Увійти
setup-create = Створити акаунт
setup-advanced = Додатково
setup-host = Хост сервера (необов'язково)
setup-port = Порт (необов'язково)
setup-direct-tls = Прямий TLS
setup-bad-address = Введіть адресу у форматі ім'я@сервер.
setup-no-password = Введіть пароль.
setup-working = З'єднання…
setup-taken = Ця адреса вже зайнята. Оберіть інше ім'я.
setup-register-failed = Сервер не створив акаунт: { $reason }
setup-ca-file = Файл центру сертифікації (необов'язково)
setup-choose = Обрати…

## Стан з'єднання
state-connecting = З'єднання…
state-online = У мережі
state-offline = Немає з'єднання: { $reason }
state-retrying = Немає з'єднання. Повторна спроба через { $seconds } с.
state-auth-failed = Сервер не прийняв ваш пароль. Введіть його знову в налаштуваннях.
state-certificate = Не вдалося перевірити справжність сервера. Перевірте її в налаштуваннях.
state-no-tls = Сервер не підтримує шифрування, тому Tidings не став під'єднуватися.
command-offline = Немає з'єднання. Повідомлення, які ви пишете, зберігаються й будуть надіслані пізніше; для цієї дії потрібне з'єднання.

## Чати
chats-search = Пошук
chats-empty = Чатів поки немає. Почніть новий, указавши адресу контакту.
chats-new-address = Адреса контакту (ім'я@сервер)
chats-join = Увійти до групи
chats-joining = Вхід до { $room }…
chats-room-refused = Не вдається увійти до { $room }: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = хтось у кімнаті вже має цей нік
room-refused-password = кімнаті потрібен пароль
room-refused-members = входити можуть лише учасники
room-refused-banned = вам заборонено входити до цієї кімнати
room-refused-full = кімната заповнена
room-refused-other = кімната відмовила: { $reason }
room-left = ви вийшли з кімнати
room-kicked = вас вилучили з кімнати
room-banned = вас заблокували в кімнаті
room-destroyed = кімнату закрито
room-no-member = ви більше не учасник
room-shutdown = служба кімнати зупинилася
chat-people = У кімнаті: { $count }
room-owner = власник
room-admin = адміністратор
room-moderator = модератор
room-member = учасник
room-visitor = гість
chats-start = Почати
chats-you = Ви: { $text }
chats-pick = Оберіть чат.
chats-bad-address = Введіть адресу у форматі ім'я@сервер.
chats-switch = Перейти до чату

## Чат
chat-composer = Написати повідомлення
chat-send = Надіслати
chat-edited = змінено
chat-retracted = Це повідомлення видалено.
chat-undecryptable = Не вдалося розшифрувати це повідомлення ({ $reason }).
chat-untrusted-key = Надіслано з ключа, якому ви не довіряєте.
chat-today = Сьогодні
chat-yesterday = Вчора
state-queued = Очікує надсилання
state-sent = Надіслано
state-delivered = Доставлено
state-read = Прочитано
state-failed = Не надіслано: { $reason }
chat-typing = друкує…
chat-typing-one = { $name } друкує…
chat-typing-two = { $first } і { $second } друкують…
chat-typing-many = Кілька людей друкують…
chat-visitor-note = Писати в цій групі можуть лише ті, хто має право голосу.
chat-ask-voice = Попросити слова
chat-voice-asked = Запит надіслано. Вирішить модератор.
chat-voice-request = { $nick } просить слова
chat-give-voice = Надати слово
chat-take-voice = Позбавити слова
chat-not-now = Не зараз
chat-beginning = Це початок чату.
chat-correcting = Виправлення повідомлення
chat-edit = Редагувати
chat-delete = Видалити
chat-reply = Відповісти
chat-open-link = Відкрити { $target }
chat-replying = Відповідь для { $name }
chat-you = Ви
chat-reply-missing = Початкове повідомлення тут не збережено.
chat-retry = Надіслати знову
chat-emoji-search = Пошук емодзі
chat-pin = Закріпити
chat-unpin = Відкріпити
chat-mute = Вимкнути звук
chat-unmute = Увімкнути звук
chat-new-messages = { $count ->
    [one] { $count } нове повідомлення
    [few] { $count } нові повідомлення
    [many] { $count } нових повідомлень
   *[other] { $count } нового повідомлення
}
chat-to-newest = До нових повідомлень
time-today-at = сьогодні о { $time }
time-yesterday-at = вчора о { $time }

## Навігація
nav-chats = Чати
nav-contacts = Контакти
nav-search = Пошук
nav-settings = Налаштування
nav-chats-hint = Чати (Alt+Вгору й Alt+Вниз — перемикання між ними, Ctrl+K — швидкий перехід)
nav-contacts-hint = Контакти й запити
nav-search-hint = Пошук у всіх чатах (Ctrl+F)
nav-settings-hint = Налаштування

## Статус
presence-available = У мережі
presence-away = Немає на місці
presence-xa = Давно немає на місці
presence-dnd = Не турбувати
presence-offline = Не в мережі

## Контакти
contacts-title = Контакти
contacts-add-address = Адреса або посилання xmpp:
contacts-add-name = Ім'я (необов'язково)
contacts-add = Додати
contacts-bad-address = Введіть адресу у форматі ім'я@сервер або вставте посилання xmpp:.
contacts-requests = Запити
contacts-request = { $address } хоче додати вас до контактів.
contacts-approve = Прийняти
contacts-deny = Відхилити
contacts-filter = Знайти контакт
contacts-empty = Контактів поки немає. Додайте когось за адресою.
contacts-pick = Оберіть контакт, щоб переглянути подробиці.
contacts-last-seen = Був(-ла) в мережі { $when }
contacts-blocked = Заблоковано: ви нічого не отримуєте з цієї адреси.
contacts-devices = Пристрої в мережі
contacts-message = Написати
contacts-block = Заблокувати
contacts-unblock = Розблокувати
contacts-remove = Видалити
contacts-remove-confirm = Видалити контакт { $name }?
contacts-rename = Показуване ім'я контакту
contacts-sub-both = Ви бачите статуси одне одного.
contacts-sub-to = Ви бачите статус контакту, а він ваш — ні.
contacts-sub-from = Контакт бачить ваш статус, а ви його — ні.
contacts-sub-pending = Чекаємо, поки контакт прийме запит.
contacts-sub-none = Ви не бачите статусів одне одного.

## Пошук
search-title = Пошук
search-placeholder = Пошук у всіх чатах
search-nothing = Повідомлень не знайдено.
search-count = { $count ->
    [one] { $count } повідомлення
    [few] { $count } повідомлення
    [many] { $count } повідомлень
   *[other] { $count } повідомлення
}
search-you-to = Ви → { $peer }

## Налаштування
settings-title = Налаштування
settings-accounts = Акаунти
settings-add-account = Додати ще акаунт
settings-password-change = Змінити пароль
settings-password-enter = Ввести пароль знову
settings-password-new = Новий пароль
settings-password-again = Пароль від цього акаунта
settings-password-working = Зміна пароля…
settings-password-changed = Пароль змінено.
settings-password-failed = Не вдалося змінити пароль: { $reason }
settings-certificate-explain = Сервер надав сертифікат, не підписаний жодним центром сертифікації, якому довіряє цей комп'ютер. Довіряйте йому, лише якщо його відбиток збігається з тим, який вам дав адміністратор сервера:
settings-certificate-trust = Довіряти цьому сертифікату
settings-save = Зберегти
settings-cancel = Скасувати
settings-appearance = Вигляд
settings-theme = Тема
settings-theme-system = Як у системі
settings-theme-light = Світла
settings-theme-dark = Темна
settings-language = Мова
settings-language-system = Мова системи
settings-notifications = Сповіщення
settings-notify = Показувати сповіщення про нові повідомлення
settings-previews = Показувати текст повідомлень у сповіщеннях
settings-sound = Відтворювати звук
settings-privacy = Конфіденційність
settings-send-typing = Показувати контактам і закритим групам, що я друкую
settings-send-read = Показувати контактам, що я прочитав(-ла) їхні повідомлення
settings-downloads = Завантаження
settings-auto-download = Автоматично завантажувати файли від контактів
settings-download-never = Ніколи
settings-download-up-to = До { $mib } МБ
settings-about = Про програму
settings-version = Tidings { $version }
settings-licences = Tidings — вільна програма, що поширюється за ліцензією GNU GPL версії 3 або новішої. Шрифти: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, зображення — CC-BY 4.0, Twitter, Inc. і учасники).
settings-licences-data = Слова для пошуку емодзі: анотації Unicode CLDR (Unicode License v3).

## Сповіщення
notify-hidden = Нове повідомлення
notify-mark-read = Позначити як прочитане
notify-reply = Відповісти

## Шифрування (OMEMO): ключі, перевірка, замок розмови
security-title = Безпека
security-explain = Повідомлення для { $name } захищені наскрізним шифруванням для ключів нижче. Щоб переконатися, що між вами нікого немає, порівняйте їх із ключами, які { $name } бачить на своїх пристроях, або відскануйте код.
security-no-keys = Ключі шифрування цього контакту ще невідомі. Вони з'являться, коли пристрої контакту їх опублікують.
security-key-unknown = Ключ ще не отримано
security-device = Пристрій { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = більше не використовується
security-trust-verified = Перевірений
security-trust-blind = Довірений, не перевірений
security-trust-undecided = Новий ключ, не перевірений: для нього нічого не шифрується
security-trust-distrusted = Недовірений
security-mark-verified = Позначити як перевірений
security-distrust = Не довіряти
security-verify-title = Перевірити, відсканувавши або вставивши код
security-verify-paste = Вставте посилання xmpp: контакту з ключами
security-verify = Перевірити
security-verify-image = Прочитати QR-код із зображення…
security-verify-clipboard = З буфера обміну
security-images = Зображення
security-verified = Ключі { $name } у цьому коді збігаються: тепер вони перевірені.
security-verified-unknown = Деякі ключі в коді належать пристроям, ще не відомим тут; їх не перевірено.
security-mismatch = Ключ у коді для пристрою { $device } не збігається з ключем, який цей пристрій використовує тут. Нічого не змінено: попросіть { $name } перевірити свої пристрої.
security-no-match = Жоден ключ у цьому коді не належить { $name }. Нічого не змінено.
security-other-address = Цей код для { $address }, а не для { $name }. Нічого не змінено.
security-no-keys-in-code = У цьому посиланні немає ключів для перевірки.
security-no-qr = На цьому зображенні не знайдено QR-коду.
security-image-unreadable = Не вдається прочитати зображення: { $reason }
security-image-too-large = файл завеликий.
security-image-dimensions = зображення більше за { $max } × { $max } пікселів.
security-image-malformed = дані зображення пошкоджені або неповні.
security-clipboard-empty = У буфері обміну немає ні зображення, ні посилання xmpp:.
security-clipboard-unavailable = Не вдається прочитати буфер обміну: { $reason }
chat-encrypted = Зашифровано
chat-not-encrypted = Не зашифровано
chat-new-device = Новий пристрій — не перевірений
chat-encryption-explain-on = Повідомлення захищені наскрізним шифруванням: прочитати їх можуть лише пристрої { $name }, ключам яких ви довіряєте.
chat-encryption-explain-group = Повідомлення наскрізно зашифровані для учасників цієї закритої групи: прочитати їх можуть лише їхні пристрої, ключам яких ви довіряєте.
chat-encryption-explain-auto = Повідомлення шифруватимуться, щойно в { $name } з'явиться пристрій із довіреним ключем. Доти вони надсилаються без наскрізного шифрування.
chat-encryption-explain-off = Ви вимкнули наскрізне шифрування в цій розмові.
chat-encryption-off = Вимкнути шифрування
chat-encryption-on = Увімкнути шифрування
chat-encryption-off-confirm = Повідомлення надсилатимуться без наскрізного шифрування.
chat-encryption-keys = Показати ключі
chat-room = Груповий чат · { $address }
chat-encryption-devices = Пристрої { $name }: перевірено { $verified }, не перевірено { $unverified }
chat-encryption-member-devices = Пристрої учасників: перевірено { $verified }, не перевірено { $unverified }
chat-encryption-left-out = Виключені, доки ви не вирішите щодо їхніх ключів: { $count }
chat-encryption-members-unreachable = Не можуть прочитати, немає пристрою з довіреним ключем: { $names }
chat-encryption-own = Ваші інші пристрої: { $count }
chat-encryption-new = Нові після вашого останнього повідомлення: { $devices }
settings-key-title = Ваш ключ шифрування
settings-key-explain = Контакти порівнюють цей ключ або сканують цей код, щоб переконатися, що повідомлення з цього пристрою справді від вас.
settings-key-device = Цей пристрій: { $id }
settings-key-copy = Скопіювати посилання
settings-key-copied = Посилання скопійовано.
settings-key-others = Ваші інші пристрої
settings-key-none = Ваш ключ буде створено під час першого входу цього облікового запису.
settings-key-failed = Не вдається прочитати ваш ключ: { $reason }
settings-device-remove = Вилучити
settings-device-remove-confirm = Вилучити пристрій { $id }? Контакти перестануть шифрувати для нього повідомлення. Якщо на ньому ще працює застосунок, він додасть себе знову.

# Groups page and a room's people panel
nav-groups = Групи
nav-groups-hint = Шукати, створювати групи й приєднуватися до них
groups-title = Групи
groups-invited = { $from } запрошує вас до { $room }
groups-accept = Приєднатися
groups-decline = Відхилити
groups-new = Нова група
groups-name = Назва
groups-address-hint = Адреса, ім'я@{ $service }
groups-address-placeholder = Адреса (ім'я@групи.сервер)
groups-private = Закрита група: лише учасники, наскрізне шифрування
groups-public = Відкритий канал: будь-хто може знайти його й приєднатися
groups-picture = Додати зображення
groups-create = Створити
groups-public-title = Відкриті групи на вашому сервері
groups-refresh = Оновити
groups-search = Шукати відкриті групи
groups-looking = Шукаю групи вашого сервера…
groups-no-service = Ваш сервер не пропонує групових чатів.
groups-none = Немає відповідних відкритих груп.
groups-people = Усередині: { $count }
groups-bad-address = Напишіть адресу групи як ім'я@сервіс.
chat-invited = Запрошення надіслано { $jid }.
chat-invite-placeholder = Запросити (ім'я@сервер)
chat-invite = Запросити
chat-leave = Вийти з групи
chat-leave-confirm = Вийти з цієї групи? Ви більше не отримуватимете її повідомлень.
chat-leave-confirm-private = Вийти з цієї закритої групи? Щоб повернутися, знадобиться нове запрошення.
chat-kick = Вилучити
chat-ban = Заблокувати
chat-ban-confirm = Заблокувати { $nick } назавжди?
chat-topic-placeholder = Нова тема для всіх
chat-set-topic = Змінити тему
chats-nick-placeholder = Інший нік
chats-join-as = Увійти з ним
groups-description = Опис (необов'язково)
chat-make-moderator = Зробити модератором
chat-unmake-moderator = Зняти модератора
chat-write-privately = Написати особисто
chat-private-subtitle = Особисте повідомлення через { $room }, без наскрізного шифрування
chats-private = особисто · { $room }
notify-private = { $nick } (особисто, { $room })
chat-revoke-confirm = { $nick } доведеться залишити групу. Позбавити участі?
chat-remove-for-everyone = Видалити для всіх
chat-room-picture = Змінити зображення
chat-room-picture-failed = Зображення не можна використати: { $reason }
chat-people-find = Знайти когось у групі
chat-people-more = Ще { $count }: введіть ім’я, щоб знайти
chat-make-member = Зробити учасником
chat-unmake-member = Позбавити членства
chat-make-admin = Зробити адміністратором
chat-unmake-admin = Зняти адміністратора
chat-attach = Надіслати файл
file-download = Завантажити
file-show = Показати в теці
file-save = Зберегти
file-sending = Надсилання { $name }… { $percent } %
file-downloading = Завантаження… { $percent } %
file-cancel = Скасувати
file-failed = { $name } не надіслано: { $reason }
file-download-failed = Не вдалося завантажити { $name }: { $reason }
chat-record = Записати голосове повідомлення
voice-recording = Запис { $time }
voice-send = Надіслати
voice-failed = Не вдалося записати голосове повідомлення: { $reason }
voice-cannot-play = Не вдається відтворити: { $reason }
voice-file = Голосове повідомлення
file-pasted = Вставлене зображення
viewer-close = Закрити
settings-download-folder = Зберігати файли в
settings-photos = Надсилання фото
settings-reduce-photos = Надсилати великі фото зменшеними (швидше, менше трафіку)
settings-keep-metadata = Зберігати місце й час зйомки (фото надсилаються в повному розмірі)
settings-change = Змінити…

# Starting, closing and the tray icon
settings-startup = Запуск і закриття
settings-start-at-login = Запускати Tidings під час входу в систему
settings-start-minimised = Запускати згорнутим
settings-close-to-tray = Залишатися в треї після закриття вікна
settings-login-failed = Tidings не може запускатися під час входу: { $reason }
tray-show = Показати Tidings
tray-hide = Сховати Tidings
tray-mute = Вимкнути сповіщення
tray-quit = Вийти з Tidings
tray-unread = { $count ->
    [one] { $count } непрочитане повідомлення
    [few] { $count } непрочитані повідомлення
    [many] { $count } непрочитаних повідомлень
   *[other] { $count } непрочитаного повідомлення
}
tray-still-running = Tidings і далі працює
tray-still-running-body = Він залишається в треї, щоб доставляти нові повідомлення. Натисніть його значок, щоб відкрити знову, або виберіть там «Вийти». Це можна змінити в налаштуваннях.
settings-no-tray = Цей робочий стіл не показує значки в треї, тому закриття вікна завершує Tidings.
settings-no-notifications = Служба сповіщень не відповіла, тому Tidings не може показувати сповіщення на цьому робочому столі.
no-file-chooser = На цьому робочому столі не відкривається вікно вибору файлів (xdg-desktop-portal не запущено). Перетягніть файли у вікно.
