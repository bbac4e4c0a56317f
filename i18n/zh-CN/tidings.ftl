# Tidings，简体中文（Simplified Chinese）。键与英文参考文件完全相同。

app-name = Tidings

## 解锁
unlock-title = 解锁 Tidings
unlock-explain = 你的消息已加密保存。请输入保护这些消息的密码短语。
unlock-create-title = 保护你的消息
unlock-create-explain = 这台电脑没有密钥环，所以 Tidings 需要一个密码短语来加密你的消息。忘记后将无法找回。
unlock-passphrase = 密码短语
unlock-repeat = 再次输入密码短语
unlock-button = 解锁
unlock-create-button = 创建
unlock-wrong = 此密码短语无法打开你的消息，请重试。
unlock-mismatch = 两次输入的密码短语不一致。
unlock-too-short = 请至少使用 8 个字符。
unlock-working = 正在打开…
unlock-failed = Tidings 无法打开数据：{ $reason }

## 添加账号
setup-title = 欢迎使用 Tidings
setup-explain = 使用你的 XMPP 地址登录，或在你选择的服务器上创建新账号。
setup-address = 地址（用户名@服务器）
setup-password = 密码
setup-sign-in = 登录
setup-create = 创建账号
setup-advanced = 高级
setup-host = 服务器主机（可选）
setup-port = 端口（可选）
setup-direct-tls = 直接 TLS
setup-bad-address = 请按“用户名@服务器”的格式填写地址。
setup-no-password = 请输入密码。
setup-working = 正在连接…
setup-taken = 此地址已被占用，请换一个名称。
setup-register-failed = 服务器未能创建账号：{ $reason }
setup-ca-file = 证书颁发机构文件（可选）
setup-choose = 选择…

## 连接状态
state-connecting = 正在连接…
state-online = 在线
state-offline = 离线：{ $reason }
state-retrying = 离线。{ $seconds } 秒后重试。
state-auth-failed = 服务器未接受你的密码。请在“设置”中重新输入。
state-certificate = 无法验证服务器的身份。请在“设置”中查看。
state-no-tls = 服务器不支持加密，因此 Tidings 没有连接。
command-offline = 未连接。你写的消息会被保存并稍后发送；此操作需要连接。

## 聊天列表
chats-search = 搜索
chats-empty = 还没有聊天。输入联系人的地址，开始聊天吧。
chats-new-address = 联系人地址（用户名@服务器）
chats-join = 加入群组
chats-joining = 正在加入 { $room }…
chats-room-refused = 无法进入 { $room }:{ $reason }
chats-room-left = { $room }:{ $reason }
room-refused-nick = 房间里已有人使用这个昵称
room-refused-password = 该房间需要密码
room-refused-members = 只有成员可以进入
room-refused-banned = 你已被禁止进入该房间
room-refused-full = 房间已满
room-refused-other = 房间拒绝了:{ $reason }
room-left = 你已离开房间
room-kicked = 你被移出了房间
room-banned = 你被房间封禁
room-destroyed = 房间已关闭
room-no-member = 你已不再是成员
room-shutdown = 房间服务已停止
chat-people = 房间内 { $count } 人
room-owner = 所有者
room-admin = 管理员
room-moderator = 主持人
room-member = 成员
room-visitor = 访客
chats-start = 开始
chats-you = 我：{ $text }
chats-pick = 选择一个聊天。
chats-bad-address = 请按“用户名@服务器”的格式填写地址。
chats-switch = 跳转到聊天

## 聊天
chat-composer = 输入消息
chat-send = 发送
chat-edited = 已编辑
chat-retracted = 此消息已删除。
chat-undecryptable = 无法解密此消息（{ $reason }）。
chat-untrusted-key = 来自你不信任的密钥。
chat-today = 今天
chat-yesterday = 昨天
state-queued = 等待发送
state-sent = 已发送
state-delivered = 已送达
state-read = 已读
state-failed = 未发送：{ $reason }
chat-typing = 正在输入…
chat-beginning = 这是聊天的开始。
chat-correcting = 正在修改消息
chat-edit = 编辑
chat-delete = 删除
chat-reply = 回复
chat-replying = 回复 { $name }
chat-you = 你
chat-reply-missing = 原消息未保存在此处。
chat-retry = 重新发送
chat-emoji-search = 搜索表情
chat-pin = 置顶
chat-unpin = 取消置顶
chat-mute = 免打扰
chat-unmute = 取消免打扰
chat-new-messages = { $count } 条新消息
chat-to-newest = 跳到最新消息
time-today-at = 今天 { $time }
time-yesterday-at = 昨天 { $time }

## 导航
nav-chats = 聊天
nav-contacts = 联系人
nav-search = 搜索
nav-settings = 设置
nav-chats-hint = 聊天（Alt+↑/↓ 切换，Ctrl+K 快速跳转）
nav-contacts-hint = 联系人和好友请求
nav-search-hint = 搜索所有聊天（Ctrl+F）
nav-settings-hint = 设置

## 在线状态
presence-available = 在线
presence-away = 离开
presence-xa = 离开较久
presence-dnd = 请勿打扰
presence-offline = 离线

## 联系人
contacts-title = 联系人
contacts-add-address = 地址或 xmpp: 链接
contacts-add-name = 名称（可选）
contacts-add = 添加
contacts-bad-address = 请按“用户名@服务器”的格式填写地址，或粘贴 xmpp: 链接。
contacts-requests = 好友请求
contacts-request = { $address } 想添加你为联系人。
contacts-approve = 接受
contacts-deny = 拒绝
contacts-filter = 查找联系人
contacts-empty = 还没有联系人。输入对方的地址来添加吧。
contacts-pick = 选择一个联系人查看详情。
contacts-last-seen = 最后上线：{ $when }
contacts-blocked = 已屏蔽：你不会收到来自此地址的任何内容。
contacts-devices = 在线设备
contacts-message = 发消息
contacts-block = 屏蔽
contacts-unblock = 取消屏蔽
contacts-remove = 删除
contacts-remove-confirm = 要将 { $name } 从联系人中删除吗？
contacts-rename = 此联系人的显示名称
contacts-sub-both = 你们可以看到彼此的状态。
contacts-sub-to = 你能看到对方的状态，对方看不到你的。
contacts-sub-from = 对方能看到你的状态，你看不到对方的。
contacts-sub-pending = 等待对方接受。
contacts-sub-none = 你们都看不到对方的状态。

## 搜索
search-title = 搜索
search-placeholder = 搜索所有聊天
search-nothing = 未找到消息。
search-count = { $count } 条消息
search-you-to = 我发给 { $peer }

## 设置
settings-title = 设置
settings-accounts = 账号
settings-add-account = 添加其他账号
settings-password-change = 修改密码
settings-password-enter = 重新输入密码
settings-password-new = 新密码
settings-password-again = 此账号的密码
settings-password-working = 正在修改密码…
settings-password-changed = 密码已修改。
settings-password-failed = 密码未修改：{ $reason }
settings-certificate-explain = 服务器出示的证书不是由这台电脑信任的机构签发的。只有当它的指纹与服务器管理员提供给你的一致时，才能信任它：
settings-certificate-trust = 信任此证书
settings-save = 保存
settings-cancel = 取消
settings-appearance = 外观
settings-theme = 主题
settings-theme-system = 跟随系统
settings-theme-light = 浅色
settings-theme-dark = 深色
settings-language = 语言
settings-language-system = 系统语言
settings-notifications = 通知
settings-notify = 收到新消息时显示通知
settings-previews = 在通知中显示消息内容
settings-sound = 播放提示音
settings-privacy = 隐私
settings-send-typing = 让联系人看到我正在输入
settings-send-read = 让联系人看到我已读他们的消息
settings-downloads = 下载
settings-auto-download = 自动下载联系人发来的文件
settings-download-never = 从不
settings-download-up-to = 不超过 { $mib } MB
settings-about = 关于
settings-version = Tidings { $version }
settings-licences = Tidings 是自由软件，依据 GNU GPL 第 3 版或更高版本授权。字体：Inter（SIL Open Font License 1.1）；Twemoji Mozilla（SIL Open Font License 1.1，图案采用 CC-BY 4.0，作者为 Twitter, Inc. 及贡献者）。

## 通知
notify-hidden = 新消息

## 加密（OMEMO）：密钥、验证、会话的锁
security-title = 安全
security-explain = 发给 { $name } 的消息针对下面的密钥进行端到端加密。要确认中间没有他人，请把它们与 { $name } 在自己设备上看到的密钥对比，或扫描对方的二维码。
security-no-keys = 暂时还不知道此联系人的任何加密密钥。联系人的设备发布密钥后，它们会显示在这里。
security-key-unknown = 尚未获取密钥
security-device = 设备 { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = 已不再使用
security-trust-verified = 已验证
security-trust-blind = 已信任，未验证
security-trust-undecided = 新密钥，未验证：不会为它加密任何内容
security-trust-distrusted = 不信任
security-mark-verified = 标记为已验证
security-distrust = 不信任
security-verify-title = 扫描或粘贴代码进行验证
security-verify-paste = 粘贴对方带密钥的 xmpp: 链接
security-verify = 验证
security-verify-image = 从图片读取二维码…
security-verify-clipboard = 从剪贴板
security-images = 图片
security-verified = 此代码中 { $name } 的密钥一致：现已验证。
security-verified-unknown = 代码中的部分密钥属于这里尚不知道的设备；它们没有被验证。
security-mismatch = 代码中设备 { $device } 的密钥与该设备在这里使用的密钥不一致。未做任何更改：请让 { $name } 检查自己的设备。
security-no-match = 此代码中没有任何密钥属于 { $name }。未做任何更改。
security-other-address = 此代码属于 { $address }，而不是 { $name }。未做任何更改。
security-no-keys-in-code = 此链接不包含需要验证的密钥。
security-no-qr = 在这张图片中没有找到二维码。
security-image-unreadable = 无法读取这张图片：{ $reason }
security-image-too-large = 文件太大。
security-image-dimensions = 图片大于 { $max } × { $max } 像素。
security-image-malformed = 图片数据已损坏或不完整。
security-clipboard-empty = 剪贴板中既没有图片，也没有 xmpp: 链接。
security-clipboard-unavailable = 无法读取剪贴板：{ $reason }
chat-encrypted = 已加密
chat-not-encrypted = 未加密
chat-new-device = 新设备 — 未验证
chat-encryption-explain-on = 消息已端到端加密：只有 { $name } 那些密钥受你信任的设备才能读取。
chat-encryption-explain-group = 消息已为此私密群组的成员进行端到端加密：只有你信任其密钥的成员设备才能阅读。
chat-encryption-explain-auto = 一旦 { $name } 有了带受信任密钥的设备，消息就会加密。在此之前，消息不经端到端加密发送。
chat-encryption-explain-off = 你已为此会话关闭端到端加密。
chat-encryption-off = 关闭加密
chat-encryption-on = 开启加密
chat-encryption-off-confirm = 消息将在没有端到端加密的情况下发送。
chat-encryption-keys = 查看密钥
chat-room = 群聊 · { $address }
chat-encryption-devices = { $name } 的设备:已验证 { $verified } 个,未验证 { $unverified } 个
chat-encryption-member-devices = 成员的设备：已验证 { $verified } 台，未验证 { $unverified } 台
chat-encryption-left-out = 在你决定其密钥之前被排除:{ $count }
chat-encryption-members-unreachable = 无法阅读（没有你信任的密钥的设备）：{ $names }
chat-encryption-own = 你的其他设备:{ $count }
chat-encryption-new = 自你上一条消息以来的新设备:{ $devices }
settings-key-title = 你的加密密钥
settings-key-explain = 联系人对比这个密钥或扫描这个二维码，以确认来自此设备的消息确实是你发的。
settings-key-device = 此设备：{ $id }
settings-key-copy = 复制链接
settings-key-copied = 链接已复制。
settings-key-others = 你的其他设备
settings-key-none = 此账号首次登录时会生成你的密钥。
settings-key-failed = 无法读取你的密钥：{ $reason }
settings-device-remove = 移除
settings-device-remove-confirm = 移除设备 { $id }?联系人将不再为它加密消息。如果该设备上仍有应用在运行,它会重新加入。
