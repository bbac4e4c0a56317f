# Tidings, English: the reference. Every other language has exactly these keys.

app-name = Tidings

## Unlock
unlock-title = Unlock Tidings
unlock-explain = Your messages are stored encrypted. Enter the passphrase that protects them.
unlock-create-title = Protect your messages
unlock-create-explain = This computer has no keyring, so Tidings needs a passphrase to encrypt your messages. It cannot be recovered if you forget it.
unlock-passphrase = Passphrase
unlock-repeat = Repeat the passphrase
unlock-button = Unlock
unlock-create-button = Create
unlock-wrong = That passphrase does not open your messages. Try again.
unlock-mismatch = The two passphrases are not the same.
unlock-too-short = Use at least 8 characters.
unlock-working = Opening…
unlock-failed = Tidings could not open its data: { $reason }

## Add an account
setup-title = Welcome to Tidings
setup-explain = Sign in with your XMPP address, or create a new account on a server you choose.
setup-address = Address (name@server)
setup-password = Password
setup-sign-in = Sign in
setup-create = Create account
setup-advanced = Advanced
setup-host = Server host (optional)
setup-port = Port (optional)
setup-direct-tls = Direct TLS
setup-bad-address = Write the address as name@server.
setup-no-password = Enter your password.
setup-working = Connecting…
setup-taken = This address is already taken. Choose another name.
setup-register-failed = The server did not create the account: { $reason }
setup-ca-file = Certificate authority file (optional)
setup-choose = Choose…

## Connection states
state-connecting = Connecting…
state-online = Online
state-offline = Offline: { $reason }
state-retrying = Offline. Trying again in { $seconds } s.
state-auth-failed = The server did not accept your password. Enter it again in Settings.
state-certificate = The server's identity could not be verified. Check it in Settings.
state-no-tls = The server does not offer encryption, so Tidings did not connect.
command-offline = Not connected. Messages you write are kept and sent later; this needs the connection.

## Conversations
chats-search = Search
chats-empty = No conversations yet. Start one with a contact's address.
chats-new-address = Contact's address (name@server)
chats-join = Join group
chats-joining = Joining { $room }…
chats-room-refused = Cannot enter { $room }: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = someone in the room already has this nickname
room-refused-password = the room needs a password
room-refused-members = only members may enter
room-refused-banned = you are banned from this room
room-refused-full = the room is full
room-refused-other = the room refused: { $reason }
room-left = you left the room
room-kicked = you were removed from the room
room-banned = you were banned from the room
room-destroyed = the room was closed
room-no-member = you are no longer a member
room-shutdown = the room's service shut down
chat-people = { $count } in the room
room-owner = owner
room-admin = admin
room-moderator = moderator
room-member = member
room-visitor = visitor
chats-start = Start
chats-you = You: { $text }
chats-pick = Choose a conversation.
chats-bad-address = Write the address as name@server.
chats-switch = Go to a conversation

## A conversation
chat-composer = Write a message
chat-send = Send
chat-edited = edited
chat-retracted = This message was deleted.
chat-undecryptable = This message could not be decrypted ({ $reason }).
chat-untrusted-key = Sent from a key you do not trust.
chat-today = Today
chat-yesterday = Yesterday
state-queued = Waiting to send
state-sent = Sent
state-delivered = Delivered
state-read = Read
state-failed = Not sent: { $reason }
chat-typing = typing…
chat-typing-one = { $name } is typing…
chat-typing-two = { $first } and { $second } are typing…
chat-typing-many = Several people are typing…
chat-visitor-note = Only people with a voice can write in this group.
chat-ask-voice = Ask to speak
chat-voice-asked = Asked. A moderator decides.
chat-voice-request = { $nick } asks to speak
chat-give-voice = Give voice
chat-take-voice = Take voice
chat-not-now = Not now
chat-beginning = This is the beginning of the conversation.
chat-correcting = Correcting your message
chat-edit = Edit
chat-delete = Delete
chat-reply = Reply
chat-open-link = Open { $target }
chat-replying = Replying to { $name }
chat-you = You
chat-reply-missing = The original message is not stored here.
chat-retry = Send again
chat-emoji-search = Search emoji
chat-pin = Pin
chat-unpin = Unpin
chat-mute = Mute
chat-unmute = Unmute
chat-new-messages = { $count ->
    [one] 1 new message
   *[other] { $count } new messages
}
chat-to-newest = Go to the newest messages
time-today-at = today at { $time }
time-yesterday-at = yesterday at { $time }

## Navigation
nav-chats = Chats
nav-contacts = Contacts
nav-search = Search
nav-settings = Settings
nav-chats-hint = Conversations (Alt+Up and Alt+Down move between them, Ctrl+K jumps)
nav-contacts-hint = Contacts and requests
nav-search-hint = Search all conversations (Ctrl+F)
nav-settings-hint = Settings

## Presence
presence-available = Available
presence-away = Away
presence-xa = Away for a while
presence-dnd = Do not disturb
presence-offline = Offline

## Contacts
contacts-title = Contacts
contacts-add-address = Address or xmpp: link
contacts-add-name = Name (optional)
contacts-add = Add
contacts-bad-address = Write the address as name@server, or paste an xmpp: link.
contacts-requests = Requests
contacts-request = { $address } wants to add you as a contact.
contacts-approve = Accept
contacts-deny = Decline
contacts-filter = Find a contact
contacts-empty = No contacts yet. Add one with their address.
contacts-pick = Choose a contact to see their details.
contacts-last-seen = Last seen { $when }
contacts-blocked = Blocked: you receive nothing from this address.
contacts-devices = Online devices
contacts-message = Message
contacts-block = Block
contacts-unblock = Unblock
contacts-remove = Remove
contacts-remove-confirm = Remove { $name } from your contacts?
contacts-rename = Name shown for this contact
contacts-sub-both = You see each other's status.
contacts-sub-to = You see their status; they do not see yours.
contacts-sub-from = They see your status; you do not see theirs.
contacts-sub-pending = Waiting for them to accept.
contacts-sub-none = Neither of you sees the other's status.

## Search
search-title = Search
search-placeholder = Search all conversations
search-nothing = No messages found.
search-count = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
search-you-to = You to { $peer }

## Settings
settings-title = Settings
settings-accounts = Accounts
settings-add-account = Add another account
settings-password-change = Change password
settings-password-enter = Enter the password again
settings-password-new = New password
settings-password-again = The password for this account
settings-password-working = Changing the password…
settings-password-changed = The password was changed.
settings-password-failed = The password was not changed: { $reason }
settings-certificate-explain = The server presented a certificate that is not signed by an authority this computer trusts. Trust it only if its fingerprint matches what the server's administrator gave you:
settings-certificate-trust = Trust this certificate
settings-save = Save
settings-cancel = Cancel
settings-appearance = Appearance
settings-theme = Theme
settings-theme-system = Follow the system
settings-theme-light = Light
settings-theme-dark = Dark
settings-language = Language
settings-language-system = System language
settings-notifications = Notifications
settings-notify = Show a notification for new messages
settings-previews = Show message text in notifications
settings-sound = Play a sound
settings-privacy = Privacy
settings-send-typing = Let contacts and private groups see when I am typing
settings-send-read = Let contacts see when I have read their messages
settings-downloads = Downloads
settings-auto-download = Download files from contacts automatically
settings-download-never = Never
settings-download-up-to = Up to { $mib } MB
settings-about = About
settings-version = Tidings { $version }
settings-licences = Tidings is free software under the GNU GPL, version 3 or later. Fonts: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, artwork CC-BY 4.0 by Twitter, Inc. and contributors).
settings-licences-data = Emoji search words: Unicode CLDR annotations (Unicode License v3).

## Notifications
notify-hidden = New message
notify-mark-read = Mark as read
notify-reply = Reply

## Encryption (OMEMO): keys, verification, the conversation's lock
security-title = Security
security-explain = Messages to { $name } are end-to-end encrypted to the keys below. To be sure nobody is in between, compare them with the keys { $name } sees on their devices, or scan their code.
security-no-keys = No encryption keys are known for this contact yet. They appear once the contact's devices publish them.
security-key-unknown = Key not fetched yet
security-device = Device { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = no longer used
security-trust-verified = Verified
security-trust-blind = Trusted, not verified
security-trust-undecided = New key, not verified: nothing is encrypted to it
security-trust-distrusted = Not trusted
security-mark-verified = Mark as verified
security-distrust = Don't trust
security-verify-title = Verify by scanning or pasting a code
security-verify-paste = Paste their xmpp: link with keys
security-verify = Verify
security-verify-image = Read a QR code from an image…
security-verify-clipboard = From clipboard
security-images = Images
security-verified = The keys of { $name } in this code match: they are now verified.
security-verified-unknown = Some keys in the code belong to devices not known here yet; they were not verified.
security-mismatch = The code's key for device { $device } is not the key that device uses here. Nothing was changed: ask { $name } to check their devices.
security-no-match = None of the keys in this code belong to { $name }. Nothing was changed.
security-other-address = This code is for { $address }, not for { $name }. Nothing was changed.
security-no-keys-in-code = This link carries no keys to verify.
security-no-qr = No QR code was found in this image.
security-image-unreadable = This image cannot be read: { $reason }
security-image-too-large = the file is too large.
security-image-dimensions = the image is larger than { $max } × { $max } pixels.
security-image-malformed = the image data is damaged or incomplete.
security-clipboard-empty = The clipboard holds neither an image nor an xmpp: link.
security-clipboard-unavailable = The clipboard cannot be read: { $reason }
chat-encrypted = Encrypted
chat-not-encrypted = Not encrypted
chat-new-device = New device — not verified
chat-encryption-explain-on = Messages are end-to-end encrypted: only the devices of { $name } whose keys you trust can read them.
chat-encryption-explain-group = Messages are end-to-end encrypted for the members of this private group: only their devices whose keys you trust can read them.
chat-encryption-explain-auto = Messages are encrypted as soon as { $name } has a device with a trusted key. Until then they are sent without end-to-end encryption.
chat-encryption-explain-off = You turned end-to-end encryption off for this conversation.
chat-encryption-off = Turn off encryption
chat-encryption-on = Turn on encryption
chat-encryption-off-confirm = Messages will be sent without end-to-end encryption.
chat-encryption-keys = Show keys
chat-room = Group chat · { $address }
chat-encryption-devices = Devices of { $name }: { $verified } verified, { $unverified } not verified
chat-encryption-member-devices = Members' devices: { $verified } verified, { $unverified } not verified
chat-encryption-left-out = Left out until you decide on their keys: { $count }
chat-encryption-members-unreachable = Cannot read it, no device with a key you trust: { $names }
chat-encryption-own = Your other devices: { $count }
chat-encryption-new = New since your last message: { $devices }
settings-key-title = Your encryption key
settings-key-explain = Contacts compare this key, or scan this code, to be sure messages from this device really come from you.
settings-key-device = This device: { $id }
settings-key-copy = Copy link
settings-key-copied = Link copied.
settings-key-others = Your other devices
settings-key-none = Your key is made when this account first signs in.
settings-key-failed = Your key cannot be read: { $reason }
settings-device-remove = Remove
settings-device-remove-confirm = Remove device { $id }? Contacts will stop encrypting messages to it. If an app still runs on that device, it will add itself back.

# Groups page and a room's people panel
nav-groups = Groups
nav-groups-hint = Find, create and join groups
groups-title = Groups
groups-invited = { $from } invites you to { $room }
groups-accept = Join
groups-decline = Decline
groups-new = New group
groups-name = Name
groups-address-hint = Address, name@{ $service }
groups-address-placeholder = Address (name@groups.server)
groups-private = Private group: members only, end-to-end encrypted
groups-public = Public channel: anyone can find and join it
groups-picture = Add a picture
groups-create = Create
groups-public-title = Public groups on your server
groups-refresh = Refresh
groups-search = Search public groups
groups-looking = Looking for your server's groups…
groups-no-service = Your server offers no group chats.
groups-none = No public group matches.
groups-people = { $count } in it
groups-bad-address = Write the group's address as name@service.
chat-invited = Invitation sent to { $jid }.
chat-invite-placeholder = Invite someone (name@server)
chat-invite = Invite
chat-leave = Leave group
chat-leave-confirm = Leave this group? You will no longer get its messages.
chat-leave-confirm-private = Leave this private group? You need a new invitation to come back.
chat-kick = Remove
chat-ban = Ban
chat-ban-confirm = Ban { $nick } for good?
chat-topic-placeholder = New topic everyone sees
chat-set-topic = Set topic
chats-nick-placeholder = Another nickname
chats-join-as = Join as this
groups-description = Description (optional)
chat-make-moderator = Make moderator
chat-unmake-moderator = Revoke moderator
chat-write-privately = Write privately
chat-private-subtitle = Private message through { $room }, not end-to-end encrypted
chats-private = private · { $room }
notify-private = { $nick } (private, { $room })
chat-revoke-confirm = { $nick } will have to leave the group. Revoke membership?
chat-remove-for-everyone = Remove for everyone
chat-room-picture = Change picture
chat-room-picture-failed = The picture cannot be used: { $reason }
chat-people-find = Find someone in the group
chat-people-more = { $count } more: type a name to find them
chat-make-member = Make member
chat-unmake-member = Revoke membership
chat-make-admin = Make admin
chat-unmake-admin = Revoke admin
chat-attach = Send a file
file-download = Download
file-show = Show in folder
file-save = Save
file-sending = Sending { $name }… { $percent }%
file-downloading = Downloading… { $percent }%
file-cancel = Cancel
file-failed = { $name } was not sent: { $reason }
file-download-failed = { $name } could not be downloaded: { $reason }
chat-record = Record a voice note
voice-recording = Recording { $time }
voice-send = Send
voice-failed = The voice note could not be recorded: { $reason }
voice-cannot-play = Cannot play it: { $reason }
voice-file = Voice note
file-pasted = Pasted picture
viewer-close = Close
settings-download-folder = Save files in
settings-photos = Sending photos
settings-reduce-photos = Send large photos smaller (faster, uses less data)
settings-keep-metadata = Keep where and when photos were taken (sends them at full size)
settings-change = Change…

# Starting, closing and the tray icon
settings-startup = Starting and closing
settings-start-at-login = Start Tidings when I log in
settings-start-minimised = Start minimised
settings-close-to-tray = Keep running in the tray when the window is closed
settings-login-failed = Tidings cannot start at login: { $reason }
tray-show = Show Tidings
tray-hide = Hide Tidings
tray-mute = Mute notifications
tray-quit = Quit Tidings
tray-unread = { $count ->
    [one] One unread message
   *[other] { $count } unread messages
}
tray-still-running = Tidings is still running
tray-still-running-body = It stays in the tray to bring you new messages. Click its icon to open it again, or choose Quit there. You can change this in Settings.
settings-no-tray = This desktop shows no tray icons, so closing the window quits Tidings.
settings-no-notifications = No notification service answered, so Tidings cannot show notifications on this desktop.
no-file-chooser = No file chooser can open on this desktop (xdg-desktop-portal is not running). Drop files onto the window instead.
