# Tidings、日本語（Japanese）。キーは英語の参照ファイルとまったく同じです。

app-name = Tidings

## ロック解除
unlock-title = Tidings のロックを解除
unlock-explain = メッセージは暗号化して保存されています。保護用のパスフレーズを入力してください。
unlock-create-title = メッセージを保護
unlock-create-explain = このパソコンにはキーリングがないため、メッセージの暗号化にパスフレーズが必要です。忘れると復元できません。
unlock-passphrase = パスフレーズ
unlock-repeat = パスフレーズをもう一度入力
unlock-button = ロック解除
unlock-create-button = 作成
unlock-wrong = このパスフレーズではメッセージを開けません。もう一度お試しください。
unlock-mismatch = 2つのパスフレーズが一致しません。
unlock-too-short = 8文字以上にしてください。
unlock-working = 開いています…
unlock-failed = Tidings のデータを開けませんでした：{ $reason }

## アカウントを追加
setup-title = Tidings へようこそ
setup-explain = XMPP アドレスでログインするか、お好きなサーバーで新しいアカウントを作成してください。
setup-address = アドレス（ユーザー名@サーバー）
setup-password = パスワード
setup-sign-in = ログイン
setup-create = アカウントを作成
setup-advanced = 詳細設定
setup-host = サーバーホスト（任意）
setup-port = ポート（任意）
setup-direct-tls = Direct TLS
setup-bad-address = アドレスは「ユーザー名@サーバー」の形式で入力してください。
setup-no-password = パスワードを入力してください。
setup-working = 接続中…
setup-taken = このアドレスはすでに使われています。別の名前を選んでください。
setup-register-failed = サーバーでアカウントを作成できませんでした：{ $reason }
setup-ca-file = 認証局ファイル（任意）
setup-choose = 選択…

## 接続状態
state-connecting = 接続中…
state-online = オンライン
state-offline = オフライン：{ $reason }
state-retrying = オフライン。{ $seconds } 秒後に再接続します。
state-auth-failed = パスワードがサーバーに受け付けられませんでした。設定で入力し直してください。
state-certificate = サーバーの身元を確認できませんでした。設定で確認してください。
state-no-tls = サーバーが暗号化に対応していないため、Tidings は接続しませんでした。
command-offline = 接続されていません。書いたメッセージは保存され、あとで送信されます。この操作には接続が必要です。

## トーク一覧
chats-search = 検索
chats-empty = まだトークはありません。相手のアドレスを入力して始めましょう。
chats-new-address = 相手のアドレス（ユーザー名@サーバー）
chats-join = グループに参加
chats-joining = { $room } に参加中…
chats-room-refused = { $room } に入れません: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = このニックネームはルーム内で既に使われています
room-refused-password = このルームにはパスワードが必要です
room-refused-members = メンバーのみ入室できます
room-refused-banned = このルームから追放されています
room-refused-full = ルームは満員です
room-refused-other = ルームが拒否しました: { $reason }
room-left = ルームから退出しました
room-kicked = ルームから退室させられました
room-banned = ルームから追放されました
room-destroyed = ルームは閉鎖されました
room-no-member = メンバーではなくなりました
room-shutdown = ルームのサービスが停止しました
chat-people = ルーム内 { $count } 人
room-owner = オーナー
room-admin = 管理者
room-moderator = モデレーター
room-member = メンバー
room-visitor = ビジター
chats-start = 開始
chats-you = あなた：{ $text }
chats-pick = トークを選んでください。
chats-bad-address = アドレスは「ユーザー名@サーバー」の形式で入力してください。
chats-switch = トークに移動

## トーク
chat-composer = メッセージを入力
chat-send = 送信
chat-edited = 編集済み
chat-retracted = このメッセージは削除されました。
chat-undecryptable = このメッセージを復号できませんでした（{ $reason }）。
chat-untrusted-key = 信頼していない鍵から送信されました。
chat-today = 今日
chat-yesterday = 昨日
state-queued = 送信待ち
state-sent = 送信済み
state-delivered = 配信済み
state-read = 既読
state-failed = 未送信：{ $reason }
chat-typing = 入力中…
chat-beginning = ここからトークが始まります。
chat-correcting = メッセージを修正中
chat-edit = 編集
chat-delete = 削除
chat-reply = 返信
chat-replying = { $name } に返信
chat-you = あなた
chat-reply-missing = 元のメッセージはここに保存されていません。
chat-retry = 再送信
chat-emoji-search = 絵文字を検索
chat-pin = ピン留め
chat-unpin = ピン留めを解除
chat-mute = 通知オフ
chat-unmute = 通知オン
chat-new-messages = 新着メッセージ { $count } 件
chat-to-newest = 最新のメッセージへ
time-today-at = 今日 { $time }
time-yesterday-at = 昨日 { $time }

## ナビゲーション
nav-chats = トーク
nav-contacts = 連絡先
nav-search = 検索
nav-settings = 設定
nav-chats-hint = トーク（Alt+↑/↓ で移動、Ctrl+K でジャンプ）
nav-contacts-hint = 連絡先とリクエスト
nav-search-hint = すべてのトークを検索（Ctrl+F）
nav-settings-hint = 設定

## ステータス
presence-available = 連絡可能
presence-away = 離席中
presence-xa = しばらく離席中
presence-dnd = 応答不可
presence-offline = オフライン

## 連絡先
contacts-title = 連絡先
contacts-add-address = アドレスまたは xmpp: リンク
contacts-add-name = 名前（任意）
contacts-add = 追加
contacts-bad-address = アドレスを「ユーザー名@サーバー」の形式で入力するか、xmpp: リンクを貼り付けてください。
contacts-requests = リクエスト
contacts-request = { $address } から連絡先追加のリクエストが届いています。
contacts-approve = 承認
contacts-deny = 拒否
contacts-filter = 連絡先を検索
contacts-empty = まだ連絡先はありません。相手のアドレスを入力して追加しましょう。
contacts-pick = 連絡先を選ぶと詳細が表示されます。
contacts-last-seen = 最終オンライン：{ $when }
contacts-blocked = ブロック中：このアドレスからは何も届きません。
contacts-devices = オンラインのデバイス
contacts-message = トーク
contacts-block = ブロック
contacts-unblock = ブロック解除
contacts-remove = 削除
contacts-remove-confirm = { $name } を連絡先から削除しますか？
contacts-rename = この連絡先の表示名
contacts-sub-both = お互いのステータスが見えます。
contacts-sub-to = 相手のステータスは見えますが、相手にはあなたのステータスは見えません。
contacts-sub-from = 相手にはあなたのステータスが見えますが、あなたには相手のステータスは見えません。
contacts-sub-pending = 相手の承認待ちです。
contacts-sub-none = お互いのステータスは見えません。

## 検索
search-title = 検索
search-placeholder = すべてのトークを検索
search-nothing = メッセージが見つかりません。
search-count = { $count } 件のメッセージ
search-you-to = あなた → { $peer }

## 設定
settings-title = 設定
settings-accounts = アカウント
settings-add-account = アカウントを追加
settings-password-change = パスワードを変更
settings-password-enter = パスワードを再入力
settings-password-new = 新しいパスワード
settings-password-again = このアカウントのパスワード
settings-password-working = パスワードを変更中…
settings-password-changed = パスワードを変更しました。
settings-password-failed = パスワードを変更できませんでした：{ $reason }
settings-certificate-explain = サーバーが提示した証明書は、このパソコンが信頼する認証局によって署名されていません。フィンガープリントがサーバー管理者から伝えられたものと一致する場合のみ、信頼してください：
settings-certificate-trust = この証明書を信頼
settings-save = 保存
settings-cancel = キャンセル
settings-appearance = 外観
settings-theme = テーマ
settings-theme-system = システムに合わせる
settings-theme-light = ライト
settings-theme-dark = ダーク
settings-language = 言語
settings-language-system = システムの言語
settings-notifications = 通知
settings-notify = 新着メッセージを通知
settings-previews = 通知にメッセージ内容を表示
settings-sound = 通知音を鳴らす
settings-privacy = プライバシー
settings-send-typing = 入力中であることを相手に表示
settings-send-read = メッセージを読んだことを相手に表示（既読）
settings-downloads = ダウンロード
settings-auto-download = 連絡先から届いたファイルを自動でダウンロード
settings-download-never = しない
settings-download-up-to = { $mib } MB まで
settings-about = Tidings について
settings-version = Tidings { $version }
settings-licences = Tidings は GNU GPL バージョン 3 以降で提供されるフリーソフトウェアです。フォント：Inter（SIL Open Font License 1.1）、Twemoji Mozilla（SIL Open Font License 1.1、アートワークは CC-BY 4.0、Twitter, Inc. およびコントリビューター）。

## 通知
notify-hidden = 新着メッセージ

## 暗号化（OMEMO）：鍵、検証、会話の鍵マーク
security-title = セキュリティ
security-explain = { $name } へのメッセージは、下の鍵に向けてエンドツーエンドで暗号化されます。間に誰もいないことを確かめるには、{ $name } が自分のデバイスで見ている鍵と比べるか、相手のコードをスキャンしてください。
security-no-keys = この連絡先の暗号化鍵はまだわかりません。連絡先のデバイスが鍵を公開すると表示されます。
security-key-unknown = 鍵はまだ取得されていません
security-device = デバイス { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = 使用されなくなりました
security-trust-verified = 検証済み
security-trust-blind = 信頼済み、未検証
security-trust-undecided = 新しい鍵、未検証：この鍵には何も暗号化されません
security-trust-distrusted = 信頼しない
security-mark-verified = 検証済みにする
security-distrust = 信頼しない
security-verify-title = コードをスキャンまたは貼り付けて検証
security-verify-paste = 鍵を含む相手の xmpp: リンクを貼り付け
security-verify = 検証
security-verify-image = 画像から QR コードを読み取る…
security-verify-clipboard = クリップボードから
security-images = 画像
security-verified = このコードにある { $name } の鍵は一致しました。検証済みになりました。
security-verified-unknown = コード内の一部の鍵は、ここでまだ知られていないデバイスのものです。それらは検証されていません。
security-mismatch = コード内のデバイス { $device } の鍵は、そのデバイスがここで使っている鍵と異なります。何も変更していません。{ $name } に自分のデバイスを確認してもらってください。
security-no-match = このコードの鍵はどれも { $name } のものではありません。何も変更していません。
security-other-address = このコードは { $name } ではなく { $address } のものです。何も変更していません。
security-no-keys-in-code = このリンクには検証する鍵が含まれていません。
security-no-qr = この画像には QR コードが見つかりませんでした。
security-image-unreadable = この画像を読み取れません：{ $reason }
security-image-too-large = ファイルが大きすぎます。
security-image-dimensions = 画像が { $max } × { $max } ピクセルを超えています。
security-image-malformed = 画像データが壊れているか不完全です。
security-clipboard-empty = クリップボードに画像も xmpp: リンクもありません。
security-clipboard-unavailable = クリップボードを読み取れません：{ $reason }
chat-encrypted = 暗号化済み
chat-not-encrypted = 暗号化なし
chat-new-device = 新しいデバイス — 未検証
chat-encryption-explain-on = メッセージはエンドツーエンドで暗号化されています。読めるのは、あなたが鍵を信頼している { $name } のデバイスだけです。
chat-encryption-explain-group = メッセージはこの非公開グループのメンバー向けにエンドツーエンドで暗号化されています。読めるのは、あなたが鍵を信頼しているメンバーのデバイスだけです。
chat-encryption-explain-auto = { $name } に信頼できる鍵のデバイスができ次第、メッセージは暗号化されます。それまではエンドツーエンド暗号化なしで送信されます。
chat-encryption-explain-off = この会話のエンドツーエンド暗号化をオフにしました。
chat-encryption-off = 暗号化をオフにする
chat-encryption-on = 暗号化をオンにする
chat-encryption-off-confirm = メッセージはエンドツーエンド暗号化なしで送信されます。
chat-encryption-keys = 鍵を表示
chat-room = グループチャット · { $address }
chat-encryption-devices = { $name } のデバイス: 検証済み { $verified }、未検証 { $unverified }
chat-encryption-member-devices = メンバーのデバイス: 検証済み { $verified }、未検証 { $unverified }
chat-encryption-left-out = 鍵について決めるまで除外: { $count }
chat-encryption-members-unreachable = 読めません（信頼する鍵を持つデバイスがありません）: { $names }
chat-encryption-own = あなたの他のデバイス: { $count }
chat-encryption-new = 前回のメッセージ以降の新しいデバイス: { $devices }
settings-key-title = あなたの暗号化鍵
settings-key-explain = 連絡先はこの鍵を比べるか、このコードをスキャンして、このデバイスからのメッセージが本当にあなたからのものだと確かめます。
settings-key-device = このデバイス：{ $id }
settings-key-copy = リンクをコピー
settings-key-copied = リンクをコピーしました。
settings-key-others = あなたの他のデバイス
settings-key-none = 鍵はこのアカウントの初回ログイン時に作成されます。
settings-key-failed = 鍵を読み取れません：{ $reason }
settings-device-remove = 削除
settings-device-remove-confirm = デバイス { $id } を削除しますか?連絡先はこのデバイス宛てに暗号化しなくなります。そのデバイスでアプリがまだ動いていれば、自動的に再び追加されます。
