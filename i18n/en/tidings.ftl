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

## Connection states
state-connecting = Connecting…
state-online = Online
state-offline = Offline: { $reason }
state-retrying = Offline. Trying again in { $seconds } s.
state-auth-failed = The server did not accept your password. Enter it again in Settings.
state-certificate = The server's identity could not be verified. Fingerprint: { $fingerprint }
state-no-tls = The server does not offer encryption, so Tidings did not connect.

## Conversations
chats-search = Search
chats-empty = No conversations yet. Start one with a contact's address.
chats-new = New chat
chats-new-address = Contact's address (name@server)
chats-start = Start
chats-you = You: { $text }
chats-pick = Choose a conversation.

## A conversation
chat-composer = Write a message
chat-send = Send
chat-edited = edited
chat-retracted = This message was deleted.
chat-today = Today
chat-yesterday = Yesterday
state-queued = Waiting to send
state-sent = Sent
state-delivered = Delivered
state-read = Read
state-failed = Not sent: { $reason }
