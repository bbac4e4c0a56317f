# Tidings, español.

app-name = Tidings

## Desbloqueo
unlock-title = Desbloquear Tidings
unlock-explain = Tus mensajes se guardan cifrados. Escribe la frase de contraseña que los protege.
unlock-create-title = Protege tus mensajes
unlock-create-explain = Este equipo no tiene llavero, así que Tidings necesita una frase de contraseña para cifrar tus mensajes. Si la olvidas, no se podrá recuperar.
unlock-passphrase = Frase de contraseña
unlock-repeat = Repite la frase de contraseña
unlock-button = Desbloquear
unlock-create-button = Crear
unlock-wrong = Esa frase de contraseña no abre tus mensajes. Inténtalo de nuevo.
unlock-mismatch = Las dos frases de contraseña no coinciden.
unlock-too-short = Usa al menos 8 caracteres.
unlock-working = Abriendo…
unlock-failed = Tidings no pudo abrir sus datos: { $reason }

## Añadir una cuenta
setup-title = Te damos la bienvenida a Tidings
setup-explain = Inicia sesión con tu dirección XMPP o crea una cuenta nueva en el servidor que elijas.
setup-address = Dirección (nombre@servidor)
setup-password = Contraseña
setup-sign-in = Iniciar sesión
setup-create = Crear cuenta
setup-advanced = Opciones avanzadas
setup-host = Host del servidor (opcional)
setup-port = Puerto (opcional)
setup-direct-tls = TLS directo
setup-bad-address = Escribe la dirección como nombre@servidor.
setup-no-password = Escribe tu contraseña.
setup-working = Conectando…
setup-taken = Esta dirección ya está en uso. Elige otro nombre.
setup-register-failed = El servidor no creó la cuenta: { $reason }
setup-ca-file = Archivo de la autoridad de certificación (opcional)
setup-choose = Elegir…

## Estados de conexión
state-connecting = Conectando…
state-online = En línea
state-offline = Sin conexión: { $reason }
state-retrying = Sin conexión. Se reintentará en { $seconds } s.
state-auth-failed = El servidor no aceptó tu contraseña. Vuelve a escribirla en Ajustes.
state-certificate = No se pudo verificar la identidad del servidor. Revísala en Ajustes.
state-no-tls = El servidor no ofrece cifrado, así que Tidings no se conectó.
command-offline = Sin conexión. Los mensajes que escribas se guardan y se envían más tarde; esto necesita la conexión.

## Conversaciones
chats-search = Buscar
chats-empty = Aún no hay conversaciones. Empieza una con la dirección de un contacto.
chats-new-address = Dirección del contacto (nombre@servidor)
chats-join = Unirse al grupo
chats-joining = Entrando en { $room }…
chats-room-refused = No se puede entrar en { $room }: { $reason }
chats-room-left = { $room }: { $reason }
room-refused-nick = alguien en la sala ya tiene este apodo
room-refused-password = la sala necesita una contraseña
room-refused-members = solo pueden entrar miembros
room-refused-banned = tienes prohibida la entrada a esta sala
room-refused-full = la sala está llena
room-refused-other = la sala lo rechazó: { $reason }
room-left = saliste de la sala
room-kicked = te expulsaron de la sala
room-banned = te vetaron en la sala
room-destroyed = la sala se cerró
room-no-member = ya no eres miembro
room-shutdown = el servicio de la sala se detuvo
chat-people = { $count } en la sala
room-owner = propietario
room-admin = administrador
room-moderator = moderador
room-member = miembro
room-visitor = visitante
chats-start = Empezar
chats-you = Tú: { $text }
chats-pick = Elige una conversación.
chats-bad-address = Escribe la dirección como nombre@servidor.
chats-switch = Ir a una conversación

## Una conversación
chat-composer = Escribe un mensaje
chat-send = Enviar
chat-edited = editado
chat-retracted = Se eliminó este mensaje.
chat-undecryptable = No se pudo descifrar este mensaje ({ $reason }).
chat-untrusted-key = Enviado desde una clave en la que no confías.
chat-today = Hoy
chat-yesterday = Ayer
state-queued = Pendiente de envío
state-sent = Enviado
state-delivered = Entregado
state-read = Leído
state-failed = No enviado: { $reason }
chat-typing = escribiendo…
chat-typing-one = { $name } está escribiendo…
chat-typing-two = { $first } y { $second } están escribiendo…
chat-typing-many = Varias personas están escribiendo…
chat-visitor-note = Solo las personas con voz pueden escribir en este grupo.
chat-ask-voice = Pedir la palabra
chat-voice-asked = Pedido. Un moderador decidirá.
chat-voice-request = { $nick } pide la palabra
chat-give-voice = Dar la palabra
chat-take-voice = Quitar la palabra
chat-not-now = Ahora no
chat-beginning = Este es el comienzo de la conversación.
chat-correcting = Corrigiendo tu mensaje
chat-edit = Editar
chat-delete = Eliminar
chat-reply = Responder
chat-open-link = Abrir { $target }
chat-replying = Respondiendo a { $name }
chat-you = Tú
chat-reply-missing = El mensaje original no está guardado aquí.
chat-retry = Volver a enviar
chat-emoji-search = Buscar emoji
chat-pin = Fijar
chat-unpin = Desfijar
chat-mute = Silenciar
chat-unmute = Dejar de silenciar
chat-new-messages = { $count ->
    [one] 1 mensaje nuevo
   *[other] { $count } mensajes nuevos
}
chat-to-newest = Ir a los mensajes más recientes
time-today-at = hoy a las { $time }
time-yesterday-at = ayer a las { $time }

## Navegación
nav-chats = Chats
nav-contacts = Contactos
nav-search = Buscar
nav-settings = Ajustes
nav-chats-hint = Conversaciones (Alt+Arriba y Alt+Abajo para moverte entre ellas, Ctrl+K para saltar a una)
nav-contacts-hint = Contactos y solicitudes
nav-search-hint = Buscar en todas las conversaciones (Ctrl+F)
nav-settings-hint = Ajustes

## Presencia
presence-available = Disponible
presence-away = Ausente
presence-xa = Ausente por un tiempo
presence-dnd = No molestar
presence-offline = Desconectado

## Contactos
contacts-title = Contactos
contacts-add-address = Dirección o enlace xmpp:
contacts-add-name = Nombre (opcional)
contacts-add = Añadir
contacts-bad-address = Escribe la dirección como nombre@servidor o pega un enlace xmpp:.
contacts-requests = Solicitudes
contacts-request = { $address } quiere añadirte como contacto.
contacts-approve = Aceptar
contacts-deny = Rechazar
contacts-filter = Buscar un contacto
contacts-empty = Aún no tienes contactos. Añade uno con su dirección.
contacts-pick = Elige un contacto para ver sus detalles.
contacts-last-seen = Última conexión: { $when }
contacts-blocked = Bloqueado: no recibes nada de esta dirección.
contacts-devices = Dispositivos conectados
contacts-message = Mensaje
contacts-block = Bloquear
contacts-unblock = Desbloquear
contacts-remove = Eliminar
contacts-remove-confirm = ¿Eliminar a { $name } de tus contactos?
contacts-rename = Nombre que se muestra para este contacto
contacts-sub-both = Cada uno ve el estado del otro.
contacts-sub-to = Ves su estado; este contacto no ve el tuyo.
contacts-sub-from = Este contacto ve tu estado; tú no ves el suyo.
contacts-sub-pending = Esperando a que acepte.
contacts-sub-none = Ninguno de los dos ve el estado del otro.

## Búsqueda
search-title = Buscar
search-placeholder = Buscar en todas las conversaciones
search-nothing = No se encontraron mensajes.
search-count = { $count ->
    [one] 1 mensaje
   *[other] { $count } mensajes
}
search-you-to = Tú a { $peer }

## Ajustes
settings-title = Ajustes
settings-accounts = Cuentas
settings-add-account = Añadir otra cuenta
settings-password-change = Cambiar contraseña
settings-password-enter = Volver a escribir la contraseña
settings-password-new = Contraseña nueva
settings-password-again = Contraseña de esta cuenta
settings-password-working = Cambiando la contraseña…
settings-password-changed = Se cambió la contraseña.
settings-password-failed = No se cambió la contraseña: { $reason }
settings-certificate-explain = El servidor presentó un certificado que no está firmado por ninguna autoridad en la que confíe este equipo. Confía en él solo si su huella digital coincide con la que te dio el administrador del servidor:
settings-certificate-trust = Confiar en este certificado
settings-save = Guardar
settings-cancel = Cancelar
settings-appearance = Apariencia
settings-theme = Tema
settings-theme-system = Según el sistema
settings-theme-light = Claro
settings-theme-dark = Oscuro
settings-language = Idioma
settings-language-system = Idioma del sistema
settings-notifications = Notificaciones
settings-notify = Mostrar una notificación al recibir mensajes nuevos
settings-previews = Mostrar el texto del mensaje en las notificaciones
settings-sound = Reproducir un sonido
settings-privacy = Privacidad
settings-send-typing = Permitir que mis contactos y grupos privados vean cuándo estoy escribiendo
settings-send-read = Permitir que mis contactos vean cuándo he leído sus mensajes
settings-downloads = Descargas
settings-auto-download = Descargar automáticamente los archivos de mis contactos
settings-download-never = Nunca
settings-download-up-to = Hasta { $mib } MB
settings-about = Acerca de
settings-version = Tidings { $version }
settings-licences = Tidings es software libre bajo la GNU GPL, versión 3 o posterior. Tipografías: Inter (SIL Open Font License 1.1); Twemoji Mozilla (SIL Open Font License 1.1, ilustraciones CC-BY 4.0 de Twitter, Inc. y colaboradores).
settings-licences-data = Palabras de búsqueda de emoji: anotaciones CLDR de Unicode (Unicode License v3).

## Notificaciones
notify-hidden = Mensaje nuevo
notify-mark-read = Marcar como leído
notify-reply = Responder

## Cifrado (OMEMO): claves, verificación, el candado de la conversación
security-title = Seguridad
security-explain = Los mensajes a { $name } van cifrados de extremo a extremo para las claves de abajo. Para estar seguro de que nadie se interpone, compáralas con las claves que { $name } ve en sus dispositivos, o escanea su código.
security-no-keys = Todavía no se conoce ninguna clave de cifrado de este contacto. Aparecen cuando sus dispositivos las publican.
security-key-unknown = Clave aún no obtenida
security-device = Dispositivo { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = ya no se usa
security-trust-verified = Verificada
security-trust-blind = De confianza, sin verificar
security-trust-undecided = Clave nueva, sin verificar: no se cifra nada para ella
security-trust-distrusted = Sin confianza
security-mark-verified = Marcar como verificada
security-distrust = No confiar
security-verify-title = Verificar escaneando o pegando un código
security-verify-paste = Pega su enlace xmpp: con claves
security-verify = Verificar
security-verify-image = Leer un código QR de una imagen…
security-verify-clipboard = Desde el portapapeles
security-images = Imágenes
security-verified = Las claves de { $name } en este código coinciden: ahora están verificadas.
security-verified-unknown = Algunas claves del código son de dispositivos que aún no se conocen aquí; no se verificaron.
security-mismatch = La clave del código para el dispositivo { $device } no es la que ese dispositivo usa aquí. No se cambió nada: pide a { $name } que revise sus dispositivos.
security-no-match = Ninguna de las claves de este código pertenece a { $name }. No se cambió nada.
security-other-address = Este código es de { $address }, no de { $name }. No se cambió nada.
security-no-keys-in-code = Este enlace no contiene claves que verificar.
security-no-qr = No se encontró ningún código QR en esta imagen.
security-image-unreadable = No se puede leer esta imagen: { $reason }
security-image-too-large = el archivo es demasiado grande.
security-image-dimensions = la imagen supera los { $max } × { $max } píxeles.
security-image-malformed = los datos de la imagen están dañados o incompletos.
security-clipboard-empty = El portapapeles no contiene ninguna imagen ni ningún enlace xmpp:.
security-clipboard-unavailable = No se puede leer el portapapeles: { $reason }
chat-encrypted = Cifrado
chat-not-encrypted = Sin cifrar
chat-new-device = Dispositivo nuevo — sin verificar
chat-encryption-explain-on = Los mensajes van cifrados de extremo a extremo: solo los dispositivos de { $name } cuyas claves son de tu confianza pueden leerlos.
chat-encryption-explain-group = Los mensajes están cifrados de extremo a extremo para los miembros de este grupo privado: solo sus dispositivos cuyas claves confías pueden leerlos.
chat-encryption-explain-auto = Los mensajes se cifran en cuanto { $name } tenga un dispositivo con una clave de confianza. Hasta entonces se envían sin cifrado de extremo a extremo.
chat-encryption-explain-off = Desactivaste el cifrado de extremo a extremo en esta conversación.
chat-encryption-off = Desactivar el cifrado
chat-encryption-on = Activar el cifrado
chat-encryption-off-confirm = Los mensajes se enviarán sin cifrado de extremo a extremo.
chat-encryption-keys = Ver claves
chat-room = Chat de grupo · { $address }
chat-encryption-devices = Dispositivos de { $name }: { $verified } verificados, { $unverified } sin verificar
chat-encryption-member-devices = Dispositivos de los miembros: { $verified } verificados, { $unverified } sin verificar
chat-encryption-left-out = Excluidos hasta que decidas sobre sus claves: { $count }
chat-encryption-members-unreachable = No pueden leerlos, ningún dispositivo con una clave de confianza: { $names }
chat-encryption-own = Tus otros dispositivos: { $count }
chat-encryption-new = Nuevos desde tu último mensaje: { $devices }
settings-key-title = Tu clave de cifrado
settings-key-explain = Tus contactos comparan esta clave, o escanean este código, para estar seguros de que los mensajes de este dispositivo son realmente tuyos.
settings-key-device = Este dispositivo: { $id }
settings-key-copy = Copiar enlace
settings-key-copied = Enlace copiado.
settings-key-others = Tus otros dispositivos
settings-key-none = Tu clave se crea la primera vez que esta cuenta inicia sesión.
settings-key-failed = No se puede leer tu clave: { $reason }
settings-device-remove = Quitar
settings-device-remove-confirm = ¿Quitar el dispositivo { $id }? Tus contactos dejarán de cifrar mensajes para él. Si una aplicación sigue funcionando en ese dispositivo, volverá a añadirse.

# Groups page and a room's people panel
nav-groups = Grupos
nav-groups-hint = Buscar, crear y unirse a grupos
groups-title = Grupos
groups-invited = { $from } te invita a { $room }
groups-accept = Unirse
groups-decline = Rechazar
groups-new = Nuevo grupo
groups-name = Nombre
groups-address-hint = Dirección, nombre@{ $service }
groups-address-placeholder = Dirección (nombre@grupos.servidor)
groups-private = Grupo privado: solo miembros, cifrado de extremo a extremo
groups-public = Canal público: cualquiera puede encontrarlo y unirse
groups-picture = Añadir una imagen
groups-create = Crear
groups-public-title = Grupos públicos de tu servidor
groups-refresh = Actualizar
groups-search = Buscar grupos públicos
groups-looking = Buscando los grupos de tu servidor…
groups-no-service = Tu servidor no ofrece chats de grupo.
groups-none = Ningún grupo público coincide.
groups-people = { $count } dentro
groups-bad-address = Escribe la dirección del grupo como nombre@servicio.
chat-invited = Invitación enviada a { $jid }.
chat-invite-placeholder = Invitar a alguien (nombre@servidor)
chat-invite = Invitar
chat-leave = Salir del grupo
chat-leave-confirm = ¿Salir de este grupo? Ya no recibirás sus mensajes.
chat-leave-confirm-private = ¿Salir de este grupo privado? Necesitarás una nueva invitación para volver.
chat-kick = Quitar
chat-ban = Vetar
chat-ban-confirm = ¿Vetar a { $nick } para siempre?
chat-topic-placeholder = Nuevo tema que todos ven
chat-set-topic = Cambiar tema
chats-nick-placeholder = Otro apodo
chats-join-as = Unirse así
groups-description = Descripción (opcional)
chat-make-moderator = Hacer moderador
chat-unmake-moderator = Quitar moderador
chat-write-privately = Escribir en privado
chat-private-subtitle = Mensaje privado a través de { $room }, sin cifrado de extremo a extremo
chats-private = privado · { $room }
notify-private = { $nick } (privado, { $room })
chat-revoke-confirm = { $nick } tendrá que salir del grupo. ¿Retirar la membresía?
chat-remove-for-everyone = Eliminar para todos
chat-room-picture = Cambiar imagen
chat-room-picture-failed = No se puede usar la imagen: { $reason }
chat-people-find = Buscar a alguien en el grupo
chat-people-more = { $count } más: escribe un nombre para encontrarlos
chat-make-member = Hacer miembro
chat-unmake-member = Quitar membresía
chat-make-admin = Hacer administrador
chat-unmake-admin = Quitar administrador
chat-attach = Enviar un archivo
file-download = Descargar
file-show = Mostrar en la carpeta
file-save = Guardar
file-sending = Enviando { $name }… { $percent } %
file-downloading = Descargando… { $percent } %
file-cancel = Cancelar
file-failed = { $name } no se envió: { $reason }
file-download-failed = No se pudo descargar { $name }: { $reason }
chat-record = Grabar un mensaje de voz
voice-recording = Grabando { $time }
voice-send = Enviar
voice-failed = No se pudo grabar el mensaje de voz: { $reason }
voice-cannot-play = No se puede reproducir: { $reason }
voice-file = Mensaje de voz
file-pasted = Imagen pegada
viewer-close = Cerrar
settings-download-folder = Guardar archivos en
settings-photos = Envío de fotos
settings-reduce-photos = Enviar las fotos grandes más pequeñas (más rápido, menos datos)
settings-keep-metadata = Conservar dónde y cuándo se tomaron las fotos (las envía a tamaño completo)
settings-change = Cambiar…

# Starting, closing and the tray icon
settings-startup = Inicio y cierre
settings-start-at-login = Iniciar Tidings al iniciar sesión
settings-start-minimised = Iniciar minimizado
settings-close-to-tray = Seguir en la bandeja al cerrar la ventana
settings-login-failed = Tidings no puede iniciarse al iniciar sesión: { $reason }
tray-show = Mostrar Tidings
tray-hide = Ocultar Tidings
tray-mute = Silenciar notificaciones
tray-quit = Salir de Tidings
tray-unread = { $count ->
    [one] Un mensaje sin leer
   *[other] { $count } mensajes sin leer
}
tray-still-running = Tidings sigue en marcha
tray-still-running-body = Se queda en la bandeja para traerte los mensajes nuevos. Haz clic en su icono para abrirlo de nuevo o elige Salir allí. Puedes cambiarlo en Ajustes.
settings-no-tray = Este escritorio no muestra iconos en la bandeja, así que cerrar la ventana cierra Tidings.
settings-no-notifications = Ningún servicio de notificaciones respondió, así que Tidings no puede mostrar notificaciones en este escritorio.
no-file-chooser = No se puede abrir ningún selector de archivos en este escritorio (xdg-desktop-portal no está en marcha). Arrastra los archivos a la ventana.
