# Tidings, русский: перевод английского эталона.

app-name = Tidings

## Разблокировка
unlock-title = Разблокировать Tidings
unlock-explain = Ваши сообщения хранятся в зашифрованном виде. Введите мастер-пароль, который их защищает.
unlock-create-title = Защитите свои сообщения
unlock-create-explain = На этом компьютере нет системного хранилища паролей, поэтому Tidings нужен мастер-пароль для шифрования ваших сообщений. Если вы его забудете, восстановить его будет невозможно.
unlock-passphrase = Мастер-пароль
unlock-repeat = Повторите мастер-пароль
unlock-button = Разблокировать
unlock-create-button = Создать
unlock-wrong = Этот мастер-пароль не подходит к вашим сообщениям. Попробуйте ещё раз.
unlock-mismatch = Пароли не совпадают.
unlock-too-short = Используйте не менее 8 символов.
unlock-working = Открытие…
unlock-failed = Tidings не удалось открыть свои данные: { $reason }

## Добавление аккаунта
setup-title = Добро пожаловать в Tidings
setup-explain = Войдите со своим XMPP-адресом или создайте новый аккаунт на выбранном вами сервере.
setup-address = Адрес (имя@сервер)
setup-password = Пароль
setup-sign-in = Войти
setup-create = Создать аккаунт
setup-advanced = Дополнительно
setup-host = Хост сервера (необязательно)
setup-port = Порт (необязательно)
setup-direct-tls = Прямой TLS
setup-bad-address = Введите адрес в виде имя@сервер.
setup-no-password = Введите пароль.
setup-working = Подключение…
setup-taken = Этот адрес уже занят. Выберите другое имя.
setup-register-failed = Сервер не создал аккаунт: { $reason }
setup-ca-file = Файл центра сертификации (необязательно)
setup-choose = Выбрать…

## Состояние подключения
state-connecting = Подключение…
state-online = В сети
state-offline = Нет подключения: { $reason }
state-retrying = Нет подключения. Повторная попытка через { $seconds } с.
state-auth-failed = Сервер не принял ваш пароль. Введите его заново в настройках.
state-certificate = Не удалось проверить подлинность сервера. Проверьте её в настройках.
state-no-tls = Сервер не поддерживает шифрование, поэтому Tidings не стал подключаться.
command-offline = Нет подключения. Сообщения, которые вы пишете, сохраняются и будут отправлены позже; для этого действия нужно подключение.

## Чаты
chats-search = Поиск
chats-empty = Чатов пока нет. Начните новый, указав адрес контакта.
chats-new-address = Адрес контакта (имя@сервер)
chats-join = Войти в группу
chats-joining = Вход в { $room }…
chats-room-refused = Не удаётся войти в { $room }: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = кто-то в комнате уже носит этот ник
room-refused-password = комнате нужен пароль
room-refused-members = входить могут только участники
room-refused-banned = вам запрещён вход в эту комнату
room-refused-full = комната заполнена
room-refused-other = комната отказала: { $reason }
room-left = вы вышли из комнаты
room-kicked = вас удалили из комнаты
room-banned = вас забанили в комнате
room-destroyed = комната закрыта
room-no-member = вы больше не участник
room-shutdown = служба комнаты остановлена
chat-people = В комнате: { $count }
room-owner = владелец
room-admin = администратор
room-moderator = модератор
room-member = участник
room-visitor = гость
chats-start = Начать
chats-you = Вы: { $text }
chats-pick = Выберите чат.
chats-bad-address = Введите адрес в виде имя@сервер.
chats-switch = Перейти к чату

## Чат
chat-composer = Написать сообщение
chat-send = Отправить
chat-edited = изменено
chat-retracted = Это сообщение удалено.
chat-undecryptable = Не удалось расшифровать это сообщение ({ $reason }).
chat-untrusted-key = Отправлено с ключа, которому вы не доверяете.
chat-today = Сегодня
chat-yesterday = Вчера
state-queued = Ожидает отправки
state-sent = Отправлено
state-delivered = Доставлено
state-read = Прочитано
state-failed = Не отправлено: { $reason }
chat-typing = печатает…
chat-typing-one = { $name } печатает…
chat-typing-two = { $first } и { $second } печатают…
chat-typing-many = Несколько человек печатают…
chat-visitor-note = Писать в этой группе могут только те, у кого есть право голоса.
chat-ask-voice = Попросить слова
chat-voice-asked = Запрос отправлен. Решит модератор.
chat-voice-request = { $nick } просит слова
chat-give-voice = Дать слово
chat-take-voice = Лишить слова
chat-not-now = Не сейчас
chat-beginning = Это начало чата.
chat-correcting = Исправление сообщения
chat-edit = Изменить
chat-delete = Удалить
chat-reply = Ответить
chat-open-link = Открыть { $target }
chat-replying = Ответ для { $name }
chat-you = Вы
chat-reply-missing = Исходное сообщение здесь не сохранено.
chat-retry = Отправить снова
chat-emoji-search = Поиск эмодзи
chat-pin = Закрепить
chat-unpin = Открепить
chat-mute = Выключить звук
chat-unmute = Включить звук
chat-new-messages = { $count ->
    [one] { $count } новое сообщение
    [few] { $count } новых сообщения
    [many] { $count } новых сообщений
   *[other] { $count } нового сообщения
}
chat-to-newest = К новым сообщениям
time-today-at = сегодня в { $time }
time-yesterday-at = вчера в { $time }

## Навигация
nav-chats = Чаты
nav-contacts = Контакты
nav-search = Поиск
nav-settings = Настройки
nav-chats-hint = Чаты (Alt+Вверх и Alt+Вниз — переключение между ними, Ctrl+K — быстрый переход)
nav-contacts-hint = Контакты и запросы
nav-search-hint = Поиск по всем чатам (Ctrl+F)
nav-settings-hint = Настройки

## Статус
presence-available = В сети
presence-away = Нет на месте
presence-xa = Давно нет на месте
presence-dnd = Не беспокоить
presence-offline = Не в сети

## Контакты
contacts-title = Контакты
contacts-add-address = Адрес или ссылка xmpp:
contacts-add-name = Имя (необязательно)
contacts-add = Добавить
contacts-bad-address = Введите адрес в виде имя@сервер или вставьте ссылку xmpp:.
contacts-requests = Запросы
contacts-request = { $address } хочет добавить вас в контакты.
contacts-approve = Принять
contacts-deny = Отклонить
contacts-filter = Найти контакт
contacts-empty = Контактов пока нет. Добавьте кого-нибудь по адресу.
contacts-pick = Выберите контакт, чтобы посмотреть подробности.
contacts-last-seen = Был(а) в сети { $when }
contacts-blocked = Заблокировано: вы ничего не получаете с этого адреса.
contacts-devices = Устройства в сети
contacts-message = Написать
contacts-block = Заблокировать
contacts-unblock = Разблокировать
contacts-remove = Удалить
contacts-remove-confirm = Удалить контакт { $name }?
contacts-rename = Отображаемое имя контакта
contacts-sub-both = Вы видите статусы друг друга.
contacts-sub-to = Вы видите статус контакта, а он ваш — нет.
contacts-sub-from = Контакт видит ваш статус, а вы его — нет.
contacts-sub-pending = Ждём, когда контакт примет запрос.
contacts-sub-none = Вы не видите статусы друг друга.

## Поиск
search-title = Поиск
search-placeholder = Поиск по всем чатам
search-nothing = Сообщения не найдены.
search-count = { $count ->
    [one] { $count } сообщение
    [few] { $count } сообщения
    [many] { $count } сообщений
   *[other] { $count } сообщения
}
search-you-to = Вы → { $peer }

## Настройки
settings-title = Настройки
settings-accounts = Аккаунты
settings-add-account = Добавить ещё аккаунт
settings-password-change = Сменить пароль
settings-password-enter = Ввести пароль заново
settings-password-new = Новый пароль
settings-password-again = Пароль от этого аккаунта
settings-password-working = Смена пароля…
settings-password-changed = Пароль изменён.
settings-password-failed = Не удалось сменить пароль: { $reason }
settings-certificate-explain = Сервер предъявил сертификат, не подписанный ни одним центром сертификации, которому доверяет этот компьютер. Доверяйте ему, только если его отпечаток совпадает с тем, что вам сообщил администратор сервера:
settings-certificate-trust = Доверять этому сертификату
settings-save = Сохранить
settings-cancel = Отмена
settings-appearance = Внешний вид
settings-theme = Тема
settings-theme-system = Как в системе
settings-theme-light = Светлая
settings-theme-dark = Тёмная
settings-language = Язык
settings-language-system = Язык системы
settings-notifications = Уведомления
settings-notify = Показывать уведомления о новых сообщениях
settings-previews = Показывать текст сообщений в уведомлениях
settings-sound = Воспроизводить звук
settings-privacy = Конфиденциальность
settings-send-typing = Показывать контактам и закрытым группам, что я печатаю
settings-send-read = Показывать контактам, что я прочитал(а) их сообщения
settings-downloads = Загрузки
settings-auto-download = Автоматически загружать файлы от контактов
settings-download-never = Никогда
settings-download-up-to = До { $mib } МБ
settings-about = О программе
settings-version = Tidings { $version }
settings-licences = Tidings — свободная программа, распространяемая по лицензии GNU GPL версии 3 или более поздней. Шрифты: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, изображения — CC-BY 4.0, Twitter, Inc. и участники).
settings-licences-data = Слова для поиска эмодзи: аннотации Unicode CLDR (Unicode License v3).

## Уведомления
notify-hidden = Новое сообщение
notify-mark-read = Отметить как прочитанное
notify-reply = Ответить

## Шифрование (OMEMO): ключи, проверка, замок беседы
security-title = Безопасность
security-explain = Сообщения для { $name } шифруются сквозным шифрованием для ключей ниже. Чтобы убедиться, что между вами никого нет, сравните их с ключами, которые { $name } видит на своих устройствах, или отсканируйте код.
security-no-keys = Ключи шифрования этого контакта пока неизвестны. Они появятся, когда устройства контакта их опубликуют.
security-key-unknown = Ключ ещё не получен
security-device = Устройство { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = больше не используется
security-trust-verified = Проверен
security-trust-blind = Доверенный, не проверен
security-trust-undecided = Новый ключ, не проверен: для него ничего не шифруется
security-trust-distrusted = Недоверенный
security-mark-verified = Отметить как проверенный
security-distrust = Не доверять
security-verify-title = Проверить, отсканировав или вставив код
security-verify-paste = Вставьте ссылку xmpp: контакта с ключами
security-verify = Проверить
security-verify-image = Прочитать QR-код из изображения…
security-verify-clipboard = Из буфера обмена
security-images = Изображения
security-verified = Ключи { $name } в этом коде совпадают: теперь они проверены.
security-verified-unknown = Некоторые ключи в коде принадлежат устройствам, ещё не известным здесь; они не проверены.
security-mismatch = Ключ в коде для устройства { $device } не совпадает с ключом, который это устройство использует здесь. Ничего не изменено: попросите { $name } проверить свои устройства.
security-no-match = Ни один ключ в этом коде не принадлежит { $name }. Ничего не изменено.
security-other-address = Этот код для { $address }, а не для { $name }. Ничего не изменено.
security-no-keys-in-code = В этой ссылке нет ключей для проверки.
security-no-qr = В этом изображении не найден QR-код.
security-image-unreadable = Не удаётся прочитать изображение: { $reason }
security-image-too-large = файл слишком большой.
security-image-dimensions = изображение больше { $max } × { $max } пикселей.
security-image-malformed = данные изображения повреждены или неполны.
security-clipboard-empty = В буфере обмена нет ни изображения, ни ссылки xmpp:.
security-clipboard-unavailable = Не удаётся прочитать буфер обмена: { $reason }
chat-encrypted = Зашифровано
chat-not-encrypted = Не зашифровано
chat-new-device = Новое устройство — не проверено
chat-encryption-explain-on = Сообщения защищены сквозным шифрованием: прочитать их могут только устройства { $name }, ключам которых вы доверяете.
chat-encryption-explain-group = Сообщения зашифрованы сквозным шифрованием для участников этой закрытой группы: прочитать их могут только их устройства, ключам которых вы доверяете.
chat-encryption-explain-auto = Сообщения будут шифроваться, как только у { $name } появится устройство с доверенным ключом. До тех пор они отправляются без сквозного шифрования.
chat-encryption-explain-off = Вы выключили сквозное шифрование в этой беседе.
chat-encryption-off = Выключить шифрование
chat-encryption-on = Включить шифрование
chat-encryption-off-confirm = Сообщения будут отправляться без сквозного шифрования.
chat-encryption-keys = Показать ключи
chat-room = Групповой чат · { $address }
chat-encryption-devices = Устройства { $name }: проверено { $verified }, не проверено { $unverified }
chat-encryption-member-devices = Устройства участников: проверено { $verified }, не проверено { $unverified }
chat-encryption-left-out = Исключены, пока вы не решите насчёт их ключей: { $count }
chat-encryption-members-unreachable = Не могут прочитать, нет устройства с доверенным ключом: { $names }
chat-encryption-own = Ваши другие устройства: { $count }
chat-encryption-new = Новые после вашего последнего сообщения: { $devices }
settings-key-title = Ваш ключ шифрования
settings-key-explain = Контакты сравнивают этот ключ или сканируют этот код, чтобы убедиться, что сообщения с этого устройства действительно от вас.
settings-key-device = Это устройство: { $id }
settings-key-copy = Скопировать ссылку
settings-key-copied = Ссылка скопирована.
settings-key-others = Ваши другие устройства
settings-key-none = Ваш ключ будет создан при первом входе этой учётной записи.
settings-key-failed = Не удаётся прочитать ваш ключ: { $reason }
settings-device-remove = Удалить
settings-device-remove-confirm = Удалить устройство { $id }? Контакты перестанут шифровать для него сообщения. Если на нём ещё работает приложение, оно добавит себя снова.

# Groups page and a room's people panel
nav-groups = Группы
nav-groups-hint = Искать, создавать группы и вступать в них
groups-title = Группы
groups-invited = { $from } приглашает вас в { $room }
groups-accept = Вступить
groups-decline = Отклонить
groups-new = Новая группа
groups-name = Название
groups-address-hint = Адрес, имя@{ $service }
groups-address-placeholder = Адрес (имя@группы.сервер)
groups-private = Закрытая группа: только участники, сквозное шифрование
groups-public = Открытый канал: любой может найти его и вступить
groups-picture = Добавить изображение
groups-create = Создать
groups-public-title = Открытые группы на вашем сервере
groups-refresh = Обновить
groups-search = Искать открытые группы
groups-looking = Ищу группы вашего сервера…
groups-no-service = Ваш сервер не предлагает групповых чатов.
groups-none = Подходящих открытых групп нет.
groups-people = Внутри: { $count }
groups-bad-address = Напишите адрес группы в виде имя@сервис.
chat-invited = Приглашение отправлено { $jid }.
chat-invite-placeholder = Пригласить (имя@сервер)
chat-invite = Пригласить
chat-leave = Покинуть группу
chat-leave-confirm = Покинуть эту группу? Вы больше не будете получать её сообщения.
chat-leave-confirm-private = Покинуть эту закрытую группу? Чтобы вернуться, понадобится новое приглашение.
chat-kick = Удалить
chat-ban = Забанить
chat-ban-confirm = Забанить { $nick } навсегда?
chat-topic-placeholder = Новая тема для всех
chat-set-topic = Сменить тему
chats-nick-placeholder = Другой ник
chats-join-as = Войти с ним
groups-description = Описание (необязательно)
chat-make-moderator = Сделать модератором
chat-unmake-moderator = Снять модератора
chat-write-privately = Написать лично
chat-private-subtitle = Личное сообщение через { $room }, без сквозного шифрования
chats-private = лично · { $room }
notify-private = { $nick } (лично, { $room })
chat-revoke-confirm = { $nick } придётся покинуть группу. Лишить участия?
chat-remove-for-everyone = Удалить для всех
chat-room-picture = Сменить изображение
chat-room-picture-failed = Изображение нельзя использовать: { $reason }
chat-people-find = Найти человека в группе
chat-people-more = Ещё { $count }: введите имя, чтобы найти
chat-make-member = Сделать участником
chat-unmake-member = Лишить членства
chat-make-admin = Сделать администратором
chat-unmake-admin = Снять администратора
chat-attach = Отправить файл
file-download = Скачать
file-show = Показать в папке
file-save = Сохранить
file-sending = Отправка { $name }… { $percent } %
file-downloading = Загрузка… { $percent } %
file-cancel = Отмена
file-failed = { $name } не отправлен: { $reason }
file-download-failed = Не удалось скачать { $name }: { $reason }
chat-record = Записать голосовое сообщение
voice-recording = Запись { $time }
voice-send = Отправить
voice-failed = Не удалось записать голосовое сообщение: { $reason }
voice-cannot-play = Не удаётся воспроизвести: { $reason }
voice-file = Голосовое сообщение
file-pasted = Вставленное изображение
viewer-close = Закрыть
settings-download-folder = Сохранять файлы в
settings-photos = Отправка фото
settings-reduce-photos = Отправлять большие фото уменьшенными (быстрее, меньше трафика)
settings-keep-metadata = Сохранять место и время съёмки (фото отправляются в полном размере)
settings-change = Изменить…

# Starting, closing and the tray icon
settings-startup = Запуск и закрытие
settings-start-at-login = Запускать Tidings при входе в систему
settings-start-minimised = Запускать свёрнутым
settings-close-to-tray = Оставаться в трее после закрытия окна
settings-login-failed = Tidings не может запускаться при входе: { $reason }
tray-show = Показать Tidings
tray-hide = Скрыть Tidings
tray-mute = Отключить уведомления
tray-quit = Выйти из Tidings
tray-unread = { $count ->
    [one] { $count } непрочитанное сообщение
    [few] { $count } непрочитанных сообщения
    [many] { $count } непрочитанных сообщений
   *[other] { $count } непрочитанного сообщения
}
tray-still-running = Tidings продолжает работать
tray-still-running-body = Он остаётся в трее, чтобы доставлять новые сообщения. Нажмите на его значок, чтобы открыть снова, или выберите там «Выйти». Это можно изменить в настройках.
settings-no-tray = Этот рабочий стол не показывает значки в трее, поэтому закрытие окна завершает Tidings.
settings-no-notifications = Служба уведомлений не ответила, поэтому Tidings не может показывать уведомления на этом рабочем столе.
no-file-chooser = На этом рабочем столе не открывается окно выбора файлов (xdg-desktop-portal не запущен). Перетащите файлы в окно.
