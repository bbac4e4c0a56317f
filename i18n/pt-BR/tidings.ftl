# Tidings, português do Brasil: tradução da referência em inglês.

app-name = Tidings

## Desbloqueio
unlock-title = Desbloquear o Tidings
unlock-explain = Suas mensagens ficam guardadas com criptografia. Digite a senha mestra que as protege.
unlock-create-title = Proteja suas mensagens
unlock-create-explain = Este computador não tem um chaveiro do sistema, então o Tidings precisa de uma senha mestra para criptografar suas mensagens. Se você esquecer essa senha, não vai ser possível recuperá-la.
unlock-passphrase = Senha mestra
unlock-repeat = Repita a senha mestra
unlock-button = Desbloquear
unlock-create-button = Criar
unlock-wrong = Essa senha mestra não abre suas mensagens. Tente de novo.
unlock-mismatch = As duas senhas não são iguais.
unlock-too-short = Use pelo menos 8 caracteres.
unlock-working = Abrindo…
unlock-failed = O Tidings não conseguiu abrir os dados: { $reason }

## Adicionar uma conta
setup-title = Boas-vindas ao Tidings
setup-explain = Entre com seu endereço XMPP ou crie uma conta nova em um servidor de sua escolha.
setup-address = Endereço (nome@servidor)
setup-password = Senha
setup-sign-in = Entrar
setup-create = Criar conta
setup-advanced = Avançado
setup-host = Host do servidor (opcional)
setup-port = Porta (opcional)
setup-direct-tls = TLS direto
setup-bad-address = Escreva o endereço no formato nome@servidor.
setup-no-password = Digite sua senha.
setup-working = Conectando…
setup-taken = Este endereço já está em uso. Escolha outro nome.
setup-register-failed = O servidor não criou a conta: { $reason }
setup-ca-file = Arquivo da autoridade certificadora (opcional)
setup-choose = Escolher…

## Estados da conexão
state-connecting = Conectando…
state-online = Online
state-offline = Offline: { $reason }
state-retrying = Offline. Tentando de novo em { $seconds } s.
state-auth-failed = O servidor não aceitou sua senha. Digite-a de novo nas Configurações.
state-certificate = Não foi possível verificar a identidade do servidor. Confira nas Configurações.
state-no-tls = O servidor não oferece criptografia, então o Tidings não se conectou.
command-offline = Sem conexão. As mensagens que você escreve são guardadas e enviadas depois; isto precisa da conexão.

## Conversas
chats-search = Pesquisar
chats-empty = Nenhuma conversa ainda. Comece uma com o endereço de um contato.
chats-new-address = Endereço do contato (nome@servidor)
chats-join = Entrar no grupo
chats-joining = Entrando em { $room }…
chats-room-refused = Não é possível entrar em { $room }: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = alguém na sala já usa este apelido
room-refused-password = a sala exige uma senha
room-refused-members = só membros podem entrar
room-refused-banned = você está banido desta sala
room-refused-full = a sala está cheia
room-refused-other = a sala recusou: { $reason }
room-left = você saiu da sala
room-kicked = você foi removido da sala
room-banned = você foi banido da sala
room-destroyed = a sala foi fechada
room-no-member = você não é mais membro
room-shutdown = o serviço da sala foi encerrado
chat-people = { $count } na sala
room-owner = dono
room-admin = administrador
room-moderator = moderador
room-member = membro
room-visitor = visitante
chats-start = Iniciar
chats-you = Você: { $text }
chats-pick = Escolha uma conversa.
chats-bad-address = Escreva o endereço no formato nome@servidor.
chats-switch = Ir para uma conversa

## Uma conversa
chat-composer = Digite uma mensagem
chat-send = Enviar
chat-edited = editada
chat-retracted = Esta mensagem foi apagada.
chat-undecryptable = Não foi possível descriptografar esta mensagem ({ $reason }).
chat-untrusted-key = Enviada de uma chave em que você não confia.
chat-today = Hoje
chat-yesterday = Ontem
state-queued = Aguardando envio
state-sent = Enviada
state-delivered = Entregue
state-read = Lida
state-failed = Não enviada: { $reason }
chat-typing = digitando…
chat-typing-one = { $name } está digitando…
chat-typing-two = { $first } e { $second } estão digitando…
chat-typing-many = Várias pessoas estão digitando…
chat-visitor-note = Só quem tem voz pode escrever neste grupo.
chat-ask-voice = Pedir para falar
chat-voice-asked = Pedido enviado. Um moderador decide.
chat-voice-request = { $nick } pede para falar
chat-give-voice = Dar voz
chat-take-voice = Tirar a voz
chat-not-now = Agora não
chat-beginning = Este é o início da conversa.
chat-correcting = Corrigindo sua mensagem
chat-edit = Editar
chat-delete = Apagar
chat-reply = Responder
chat-open-link = Abrir { $target }
chat-replying = Respondendo a { $name }
chat-you = Você
chat-reply-missing = A mensagem original não está salva aqui.
chat-retry = Enviar de novo
chat-emoji-search = Pesquisar emoji
chat-pin = Fixar
chat-unpin = Desafixar
chat-mute = Silenciar
chat-unmute = Ativar som
chat-new-messages = { $count ->
    [one] { $count } mensagem nova
   *[other] { $count } mensagens novas
}
chat-to-newest = Ir para as mensagens mais recentes
time-today-at = hoje às { $time }
time-yesterday-at = ontem às { $time }

## Navegação
nav-chats = Conversas
nav-contacts = Contatos
nav-search = Pesquisar
nav-settings = Configurações
nav-chats-hint = Conversas (Alt+Seta para cima e Alt+Seta para baixo alternam entre elas, Ctrl+K vai direto para uma)
nav-contacts-hint = Contatos e solicitações
nav-search-hint = Pesquisar em todas as conversas (Ctrl+F)
nav-settings-hint = Configurações

## Status
presence-available = Disponível
presence-away = Ausente
presence-xa = Ausente por um tempo
presence-dnd = Não perturbe
presence-offline = Offline

## Contatos
contacts-title = Contatos
contacts-add-address = Endereço ou link xmpp:
contacts-add-name = Nome (opcional)
contacts-add = Adicionar
contacts-bad-address = Escreva o endereço no formato nome@servidor ou cole um link xmpp:.
contacts-requests = Solicitações
contacts-request = { $address } quer adicionar você como contato.
contacts-approve = Aceitar
contacts-deny = Recusar
contacts-filter = Encontrar um contato
contacts-empty = Nenhum contato ainda. Adicione alguém pelo endereço.
contacts-pick = Escolha um contato para ver os detalhes.
contacts-last-seen = Visto por último { $when }
contacts-blocked = Bloqueado: você não recebe nada deste endereço.
contacts-devices = Dispositivos on-line
contacts-message = Mensagem
contacts-block = Bloquear
contacts-unblock = Desbloquear
contacts-remove = Remover
contacts-remove-confirm = Remover { $name } dos seus contatos?
contacts-rename = Nome exibido para este contato
contacts-sub-both = Vocês veem o status um do outro.
contacts-sub-to = Você vê o status do contato, mas o contato não vê o seu.
contacts-sub-from = O contato vê seu status, mas você não vê o dele.
contacts-sub-pending = Aguardando o contato aceitar.
contacts-sub-none = Nenhum de vocês vê o status do outro.

## Pesquisa
search-title = Pesquisar
search-placeholder = Pesquisar em todas as conversas
search-nothing = Nenhuma mensagem encontrada.
search-count = { $count ->
    [one] { $count } mensagem
   *[other] { $count } mensagens
}
search-you-to = Você para { $peer }

## Configurações
settings-title = Configurações
settings-accounts = Contas
settings-add-account = Adicionar outra conta
settings-password-change = Alterar senha
settings-password-enter = Digitar a senha de novo
settings-password-new = Nova senha
settings-password-again = A senha desta conta
settings-password-working = Alterando a senha…
settings-password-changed = A senha foi alterada.
settings-password-failed = A senha não foi alterada: { $reason }
settings-certificate-explain = O servidor apresentou um certificado que não foi assinado por uma autoridade em que este computador confia. Só confie nele se a impressão digital for igual à que o administrador do servidor passou para você:
settings-certificate-trust = Confiar neste certificado
settings-save = Salvar
settings-cancel = Cancelar
settings-appearance = Aparência
settings-theme = Tema
settings-theme-system = Seguir o sistema
settings-theme-light = Claro
settings-theme-dark = Escuro
settings-language = Idioma
settings-language-system = Idioma do sistema
settings-notifications = Notificações
settings-notify = Mostrar notificação de novas mensagens
settings-previews = Mostrar o texto das mensagens nas notificações
settings-sound = Tocar um som
settings-privacy = Privacidade
settings-send-typing = Mostrar aos contatos e grupos privados quando estou digitando
settings-send-read = Mostrar aos contatos quando li as mensagens deles
settings-downloads = Downloads
settings-auto-download = Baixar arquivos dos contatos automaticamente
settings-download-never = Nunca
settings-download-up-to = Até { $mib } MB
settings-about = Sobre
settings-version = Tidings { $version }
settings-licences = O Tidings é software livre sob a GNU GPL, versão 3 ou posterior. Fontes: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, arte CC-BY 4.0 da Twitter, Inc. e colaboradores).
settings-licences-data = Palavras de busca dos emojis: anotações CLDR do Unicode (Unicode License v3).

## Notificações
notify-hidden = Nova mensagem
notify-mark-read = Marcar como lida
notify-reply = Responder

## Criptografia (OMEMO): chaves, verificação, o cadeado da conversa
security-title = Segurança
security-explain = As mensagens para { $name } são criptografadas de ponta a ponta para as chaves abaixo. Para ter certeza de que ninguém está no meio, compare-as com as chaves que { $name } vê nos próprios dispositivos, ou escaneie o código.
security-no-keys = Ainda não se conhece nenhuma chave de criptografia deste contato. Elas aparecem quando os dispositivos do contato as publicam.
security-key-unknown = Chave ainda não obtida
security-device = Dispositivo { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = não é mais usado
security-trust-verified = Verificada
security-trust-blind = Confiável, não verificada
security-trust-undecided = Chave nova, não verificada: nada é criptografado para ela
security-trust-distrusted = Não confiável
security-mark-verified = Marcar como verificada
security-distrust = Não confiar
security-verify-title = Verificar escaneando ou colando um código
security-verify-paste = Cole o link xmpp: do contato com as chaves
security-verify = Verificar
security-verify-image = Ler um código QR de uma imagem…
security-verify-clipboard = Da área de transferência
security-images = Imagens
security-verified = As chaves de { $name } neste código conferem: agora estão verificadas.
security-verified-unknown = Algumas chaves do código são de dispositivos ainda desconhecidos aqui; elas não foram verificadas.
security-mismatch = A chave do código para o dispositivo { $device } não é a que esse dispositivo usa aqui. Nada foi alterado: peça a { $name } que confira os próprios dispositivos.
security-no-match = Nenhuma das chaves deste código pertence a { $name }. Nada foi alterado.
security-other-address = Este código é de { $address }, não de { $name }. Nada foi alterado.
security-no-keys-in-code = Este link não traz chaves para verificar.
security-no-qr = Nenhum código QR foi encontrado nesta imagem.
security-image-unreadable = Não foi possível ler esta imagem: { $reason }
security-image-too-large = o arquivo é grande demais.
security-image-dimensions = a imagem é maior que { $max } × { $max } pixels.
security-image-malformed = os dados da imagem estão danificados ou incompletos.
security-clipboard-empty = A área de transferência não contém uma imagem nem um link xmpp:.
security-clipboard-unavailable = Não foi possível ler a área de transferência: { $reason }
chat-encrypted = Criptografada
chat-not-encrypted = Sem criptografia
chat-new-device = Dispositivo novo — não verificado
chat-encryption-explain-on = As mensagens são criptografadas de ponta a ponta: só os dispositivos de { $name } com chaves em que você confia podem lê-las.
chat-encryption-explain-group = As mensagens são criptografadas de ponta a ponta para os membros deste grupo privado: só os dispositivos deles cujas chaves você confia podem lê-las.
chat-encryption-explain-auto = As mensagens passam a ser criptografadas assim que { $name } tiver um dispositivo com uma chave confiável. Até lá, são enviadas sem criptografia de ponta a ponta.
chat-encryption-explain-off = Você desativou a criptografia de ponta a ponta nesta conversa.
chat-encryption-off = Desativar criptografia
chat-encryption-on = Ativar criptografia
chat-encryption-off-confirm = As mensagens serão enviadas sem criptografia de ponta a ponta.
chat-encryption-keys = Mostrar chaves
chat-room = Chat em grupo · { $address }
chat-encryption-devices = Dispositivos de { $name }: { $verified } verificados, { $unverified } não verificados
chat-encryption-member-devices = Dispositivos dos membros: { $verified } verificados, { $unverified } não verificados
chat-encryption-left-out = Deixados de fora até você decidir sobre as chaves: { $count }
chat-encryption-members-unreachable = Não podem lê-las, nenhum dispositivo com uma chave confiável: { $names }
chat-encryption-own = Seus outros dispositivos: { $count }
chat-encryption-new = Novos desde sua última mensagem: { $devices }
settings-key-title = Sua chave de criptografia
settings-key-explain = Seus contatos comparam esta chave, ou escaneiam este código, para ter certeza de que as mensagens deste dispositivo são mesmo suas.
settings-key-device = Este dispositivo: { $id }
settings-key-copy = Copiar link
settings-key-copied = Link copiado.
settings-key-others = Seus outros dispositivos
settings-key-none = Sua chave é criada no primeiro login desta conta.
settings-key-failed = Não foi possível ler sua chave: { $reason }
settings-device-remove = Remover
settings-device-remove-confirm = Remover o dispositivo { $id }? Seus contatos deixarão de criptografar mensagens para ele. Se um app ainda estiver rodando nele, ele se adicionará de novo.

# Groups page and a room's people panel
nav-groups = Grupos
nav-groups-hint = Encontrar, criar e entrar em grupos
groups-title = Grupos
groups-invited = { $from } convida você para { $room }
groups-accept = Entrar
groups-decline = Recusar
groups-new = Novo grupo
groups-name = Nome
groups-address-hint = Endereço, nome@{ $service }
groups-address-placeholder = Endereço (nome@grupos.servidor)
groups-private = Grupo privado: só membros, criptografado de ponta a ponta
groups-public = Canal público: qualquer pessoa pode encontrá-lo e entrar
groups-picture = Adicionar imagem
groups-create = Criar
groups-public-title = Grupos públicos do seu servidor
groups-refresh = Atualizar
groups-search = Buscar grupos públicos
groups-looking = Procurando os grupos do seu servidor…
groups-no-service = Seu servidor não oferece bate-papos em grupo.
groups-none = Nenhum grupo público corresponde.
groups-people = { $count } nele
groups-bad-address = Escreva o endereço do grupo como nome@serviço.
chat-invited = Convite enviado para { $jid }.
chat-invite-placeholder = Convidar alguém (nome@servidor)
chat-invite = Convidar
chat-leave = Sair do grupo
chat-leave-confirm = Sair deste grupo? Você não receberá mais as mensagens dele.
chat-leave-confirm-private = Sair deste grupo privado? Você precisará de um novo convite para voltar.
chat-kick = Remover
chat-ban = Banir
chat-ban-confirm = Banir { $nick } de vez?
chat-topic-placeholder = Novo tópico que todos veem
chat-set-topic = Definir tópico
chats-nick-placeholder = Outro apelido
chats-join-as = Entrar assim
groups-description = Descrição (opcional)
chat-make-moderator = Tornar moderador
chat-unmake-moderator = Remover moderador
chat-write-privately = Escrever em particular
chat-private-subtitle = Mensagem privada por { $room }, sem criptografia de ponta a ponta
chats-private = privado · { $room }
notify-private = { $nick } (privado, { $room })
chat-revoke-confirm = { $nick } terá que sair do grupo. Revogar a participação?
chat-remove-for-everyone = Remover para todos
chat-room-picture = Alterar imagem
chat-room-picture-failed = Não é possível usar a imagem: { $reason }
chat-people-find = Encontrar alguém no grupo
chat-people-more = Mais { $count }: digite um nome para encontrá-los
chat-make-member = Tornar membro
chat-unmake-member = Remover participação
chat-make-admin = Tornar administrador
chat-unmake-admin = Remover administrador
chat-attach = Enviar um arquivo
file-download = Baixar
file-show = Mostrar na pasta
file-save = Salvar
file-sending = Enviando { $name }… { $percent }%
file-downloading = Baixando… { $percent }%
file-cancel = Cancelar
file-failed = { $name } não foi enviado: { $reason }
file-download-failed = Não foi possível baixar { $name }: { $reason }
chat-record = Gravar uma mensagem de voz
voice-recording = Gravando { $time }
voice-send = Enviar
voice-failed = Não foi possível gravar a mensagem de voz: { $reason }
voice-cannot-play = Não é possível reproduzir: { $reason }
voice-file = Mensagem de voz
file-pasted = Imagem colada
viewer-close = Fechar
settings-download-folder = Salvar arquivos em
settings-photos = Envio de fotos
settings-reduce-photos = Enviar fotos grandes menores (mais rápido, usa menos dados)
settings-keep-metadata = Manter onde e quando as fotos foram tiradas (envia em tamanho original)
settings-change = Alterar…

# Starting, closing and the tray icon
settings-startup = Início e fechamento
settings-start-at-login = Abrir o Tidings ao entrar na sessão
settings-start-minimised = Iniciar minimizado
settings-close-to-tray = Continuar na bandeja ao fechar a janela
settings-login-failed = O Tidings não pode abrir ao entrar na sessão: { $reason }
tray-show = Mostrar o Tidings
tray-hide = Ocultar o Tidings
tray-mute = Silenciar notificações
tray-quit = Sair do Tidings
tray-unread = { $count ->
    [one] Uma mensagem não lida
   *[other] { $count } mensagens não lidas
}
tray-still-running = O Tidings continua aberto
tray-still-running-body = Ele fica na bandeja para trazer suas novas mensagens. Clique no ícone para abri-lo de novo ou escolha Sair. Você pode mudar isso nas Configurações.
settings-no-tray = Esta área de trabalho não mostra ícones na bandeja, então fechar a janela encerra o Tidings.
settings-no-notifications = Nenhum serviço de notificações respondeu, então o Tidings não pode mostrar notificações nesta área de trabalho.
no-file-chooser = Nenhum seletor de arquivos pode abrir nesta área de trabalho (o xdg-desktop-portal não está rodando). Arraste os arquivos para a janela.
