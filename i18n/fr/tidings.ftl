# Tidings, français.

app-name = Tidings

## Déverrouillage
unlock-title = Déverrouiller Tidings
unlock-explain = Vos messages sont stockés de façon chiffrée. Saisissez la phrase secrète qui les protège.
unlock-create-title = Protégez vos messages
unlock-create-explain = Cet ordinateur n'a pas de trousseau de clés : Tidings a donc besoin d'une phrase secrète pour chiffrer vos messages. Elle ne pourra pas être récupérée si vous l'oubliez.
unlock-passphrase = Phrase secrète
unlock-repeat = Répétez la phrase secrète
unlock-button = Déverrouiller
unlock-create-button = Créer
unlock-wrong = Cette phrase secrète n'ouvre pas vos messages. Réessayez.
unlock-mismatch = Les deux phrases secrètes ne sont pas identiques.
unlock-too-short = Utilisez au moins 8 caractères.
unlock-working = Ouverture…
unlock-failed = Tidings n'a pas pu ouvrir ses données : { $reason }

## Ajouter un compte
setup-title = Bienvenue dans Tidings
setup-explain = Connectez-vous avec votre adresse XMPP ou créez un nouveau compte sur le serveur de votre choix.
setup-address = Adresse (nom@serveur)
setup-password = Mot de passe
setup-sign-in = Se connecter
setup-create = Créer un compte
setup-advanced = Options avancées
setup-host = Hôte du serveur (facultatif)
setup-port = Port (facultatif)
setup-direct-tls = TLS direct
setup-bad-address = Saisissez l'adresse sous la forme nom@serveur.
setup-no-password = Saisissez votre mot de passe.
setup-working = Connexion…
setup-taken = Cette adresse est déjà prise. Choisissez un autre nom.
setup-register-failed = Le serveur n'a pas créé le compte : { $reason }
setup-ca-file = Fichier de l'autorité de certification (facultatif)
setup-choose = Choisir…

## États de connexion
state-connecting = Connexion…
state-online = En ligne
state-offline = Hors ligne : { $reason }
state-retrying = Hors ligne. Nouvelle tentative dans { $seconds } s.
state-auth-failed = Le serveur n'a pas accepté votre mot de passe. Saisissez-le à nouveau dans les Paramètres.
state-certificate = L'identité du serveur n'a pas pu être vérifiée. Vérifiez-la dans les Paramètres.
state-no-tls = Le serveur ne propose pas de chiffrement, Tidings ne s'est donc pas connecté.
command-offline = Non connecté. Les messages que vous écrivez sont conservés et envoyés plus tard ; ceci nécessite la connexion.

## Conversations
chats-search = Rechercher
chats-empty = Aucune conversation pour l'instant. Commencez-en une avec l'adresse d'un contact.
chats-new-address = Adresse du contact (nom@serveur)
chats-join = Rejoindre le groupe
chats-joining = Connexion à { $room }…
chats-room-refused = Impossible d’entrer dans { $room } : { $reason }
chats-room-left = { $room } : { $reason }
room-refused-nick = quelqu’un dans le salon a déjà ce pseudo
room-refused-password = le salon demande un mot de passe
room-refused-members = seuls les membres peuvent entrer
room-refused-banned = vous êtes banni de ce salon
room-refused-full = le salon est plein
room-refused-other = le salon a refusé : { $reason }
room-left = vous avez quitté le salon
room-kicked = vous avez été exclu du salon
room-banned = vous avez été banni du salon
room-destroyed = le salon a été fermé
room-no-member = vous n’êtes plus membre
room-shutdown = le service du salon s’est arrêté
chat-people = { $count } dans le salon
room-owner = propriétaire
room-admin = administrateur
room-moderator = modérateur
room-member = membre
room-visitor = visiteur
chats-start = Démarrer
chats-you = Vous : { $text }
chats-pick = Choisissez une conversation.
chats-bad-address = Saisissez l'adresse sous la forme nom@serveur.
chats-switch = Aller à une conversation

## Une conversation
chat-composer = Écrire un message
chat-send = Envoyer
chat-edited = modifié
chat-retracted = Ce message a été supprimé.
chat-undecryptable = Ce message n’a pas pu être déchiffré ({ $reason }).
chat-untrusted-key = Envoyé depuis une clé en laquelle vous n’avez pas confiance.
chat-today = Aujourd'hui
chat-yesterday = Hier
state-queued = En attente d'envoi
state-sent = Envoyé
state-delivered = Distribué
state-read = Lu
state-failed = Non envoyé : { $reason }
chat-typing = écrit…
chat-typing-one = { $name } écrit…
chat-typing-two = { $first } et { $second } écrivent…
chat-typing-many = Plusieurs personnes écrivent…
chat-visitor-note = Seules les personnes ayant la parole peuvent écrire dans ce groupe.
chat-ask-voice = Demander la parole
chat-voice-asked = Demandé. Un modérateur décidera.
chat-voice-request = { $nick } demande la parole
chat-give-voice = Donner la parole
chat-take-voice = Retirer la parole
chat-not-now = Pas maintenant
chat-beginning = C'est le début de la conversation.
chat-correcting = Correction de votre message
chat-edit = Modifier
chat-delete = Supprimer
chat-reply = Répondre
chat-open-link = Ouvrir { $target }
chat-replying = Réponse à { $name }
chat-you = Vous
chat-reply-missing = Le message d’origine n’est pas enregistré ici.
chat-retry = Renvoyer
chat-emoji-search = Rechercher un emoji
chat-pin = Épingler
chat-unpin = Désépingler
chat-mute = Mettre en sourdine
chat-unmute = Réactiver le son
chat-new-messages = { $count ->
    [one] { $count } nouveau message
   *[other] { $count } nouveaux messages
}
chat-to-newest = Aller aux messages les plus récents
time-today-at = aujourd'hui à { $time }
time-yesterday-at = hier à { $time }

## Navigation
nav-chats = Discussions
nav-contacts = Contacts
nav-search = Recherche
nav-settings = Paramètres
nav-chats-hint = Conversations (Alt+Haut et Alt+Bas pour passer de l'une à l'autre, Ctrl+K pour y accéder directement)
nav-contacts-hint = Contacts et demandes
nav-search-hint = Rechercher dans toutes les conversations (Ctrl+F)
nav-settings-hint = Paramètres

## Présence
presence-available = Disponible
presence-away = Absent
presence-xa = Absent pour un moment
presence-dnd = Ne pas déranger
presence-offline = Hors ligne

## Contacts
contacts-title = Contacts
contacts-add-address = Adresse ou lien xmpp:
contacts-add-name = Nom (facultatif)
contacts-add = Ajouter
contacts-bad-address = Saisissez l'adresse sous la forme nom@serveur, ou collez un lien xmpp:.
contacts-requests = Demandes
contacts-request = { $address } souhaite vous ajouter à ses contacts.
contacts-approve = Accepter
contacts-deny = Refuser
contacts-filter = Trouver un contact
contacts-empty = Aucun contact pour l'instant. Ajoutez-en un avec son adresse.
contacts-pick = Choisissez un contact pour afficher ses détails.
contacts-last-seen = Dernière connexion : { $when }
contacts-blocked = Bloqué : vous ne recevez rien de cette adresse.
contacts-devices = Appareils en ligne
contacts-message = Message
contacts-block = Bloquer
contacts-unblock = Débloquer
contacts-remove = Supprimer
contacts-remove-confirm = Supprimer { $name } de vos contacts ?
contacts-rename = Nom affiché pour ce contact
contacts-sub-both = Vous voyez chacun le statut de l'autre.
contacts-sub-to = Vous voyez son statut ; ce contact ne voit pas le vôtre.
contacts-sub-from = Ce contact voit votre statut ; vous ne voyez pas le sien.
contacts-sub-pending = En attente de son acceptation.
contacts-sub-none = Aucun de vous deux ne voit le statut de l'autre.

## Recherche
search-title = Recherche
search-placeholder = Rechercher dans toutes les conversations
search-nothing = Aucun message trouvé.
search-count = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
search-you-to = Vous à { $peer }

## Paramètres
settings-title = Paramètres
settings-accounts = Comptes
settings-add-account = Ajouter un autre compte
settings-password-change = Changer le mot de passe
settings-password-enter = Saisir à nouveau le mot de passe
settings-password-new = Nouveau mot de passe
settings-password-again = Mot de passe de ce compte
settings-password-working = Changement du mot de passe…
settings-password-changed = Le mot de passe a été changé.
settings-password-failed = Le mot de passe n'a pas été changé : { $reason }
settings-certificate-explain = Le serveur a présenté un certificat qui n'est pas signé par une autorité reconnue par cet ordinateur. Ne lui faites confiance que si son empreinte correspond à celle que l'administrateur du serveur vous a donnée :
settings-certificate-trust = Faire confiance à ce certificat
settings-save = Enregistrer
settings-cancel = Annuler
settings-appearance = Apparence
settings-theme = Thème
settings-theme-system = Comme le système
settings-theme-light = Clair
settings-theme-dark = Sombre
settings-language = Langue
settings-language-system = Langue du système
settings-notifications = Notifications
settings-notify = Afficher une notification pour les nouveaux messages
settings-previews = Afficher le texte des messages dans les notifications
settings-sound = Jouer un son
settings-privacy = Confidentialité
settings-send-typing = Montrer à mes contacts et groupes privés quand j'écris
settings-send-read = Montrer à mes contacts quand j'ai lu leurs messages
settings-downloads = Téléchargements
settings-auto-download = Télécharger automatiquement les fichiers de mes contacts
settings-download-never = Jamais
settings-download-up-to = Jusqu'à { $mib } Mo
settings-about = À propos
settings-version = Tidings { $version }
settings-licences = Tidings est un logiciel libre sous licence GNU GPL, version 3 ou ultérieure. Polices : Inter (SIL Open Font License 1.1) ; Twemoji Mozilla (SIL Open Font License 1.1, illustrations CC-BY 4.0 par Twitter, Inc. et ses contributeurs).
settings-licences-data = Mots de recherche des emoji : annotations CLDR d’Unicode (Unicode License v3).

## Notifications
notify-hidden = Nouveau message
notify-mark-read = Marquer comme lu
notify-reply = Répondre

## Chiffrement (OMEMO) : clés, vérification, le cadenas de la conversation
security-title = Sécurité
security-explain = Les messages à { $name } sont chiffrés de bout en bout pour les clés ci-dessous. Pour être sûr que personne ne s'interpose, comparez-les avec les clés que { $name } voit sur ses appareils, ou scannez son code.
security-no-keys = Aucune clé de chiffrement n'est encore connue pour ce contact. Elles apparaissent dès que ses appareils les publient.
security-key-unknown = Clé pas encore récupérée
security-device = Appareil { $id }
security-legacy = OMEMO
security-v2 = OMEMO 2
security-inactive = plus utilisé
security-trust-verified = Vérifiée
security-trust-blind = Approuvée, non vérifiée
security-trust-undecided = Nouvelle clé, non vérifiée : rien n'est chiffré pour elle
security-trust-distrusted = Non approuvée
security-mark-verified = Marquer comme vérifiée
security-distrust = Ne pas faire confiance
security-verify-title = Vérifier en scannant ou en collant un code
security-verify-paste = Collez son lien xmpp: avec les clés
security-verify = Vérifier
security-verify-image = Lire un code QR dans une image…
security-verify-clipboard = Depuis le presse-papiers
security-images = Images
security-verified = Les clés de { $name } dans ce code correspondent : elles sont maintenant vérifiées.
security-verified-unknown = Certaines clés du code appartiennent à des appareils encore inconnus ici ; elles n'ont pas été vérifiées.
security-mismatch = La clé du code pour l'appareil { $device } n'est pas celle que cet appareil utilise ici. Rien n'a été modifié : demandez à { $name } de vérifier ses appareils.
security-no-match = Aucune des clés de ce code n'appartient à { $name }. Rien n'a été modifié.
security-other-address = Ce code est celui de { $address }, pas de { $name }. Rien n'a été modifié.
security-no-keys-in-code = Ce lien ne contient aucune clé à vérifier.
security-no-qr = Aucun code QR n'a été trouvé dans cette image.
security-image-unreadable = Impossible de lire cette image : { $reason }
security-image-too-large = le fichier est trop volumineux.
security-image-dimensions = l'image dépasse { $max } × { $max } pixels.
security-image-malformed = les données de l'image sont endommagées ou incomplètes.
security-clipboard-empty = Le presse-papiers ne contient ni image ni lien xmpp:.
security-clipboard-unavailable = Impossible de lire le presse-papiers : { $reason }
chat-encrypted = Chiffré
chat-not-encrypted = Non chiffré
chat-new-device = Nouvel appareil — non vérifié
chat-encryption-explain-on = Les messages sont chiffrés de bout en bout : seuls les appareils de { $name } dont vous approuvez les clés peuvent les lire.
chat-encryption-explain-group = Les messages sont chiffrés de bout en bout pour les membres de ce groupe privé : seuls leurs appareils dont vous approuvez les clés peuvent les lire.
chat-encryption-explain-auto = Les messages sont chiffrés dès que { $name } a un appareil avec une clé approuvée. D'ici là, ils sont envoyés sans chiffrement de bout en bout.
chat-encryption-explain-off = Vous avez désactivé le chiffrement de bout en bout pour cette conversation.
chat-encryption-off = Désactiver le chiffrement
chat-encryption-on = Activer le chiffrement
chat-encryption-off-confirm = Les messages seront envoyés sans chiffrement de bout en bout.
chat-encryption-keys = Voir les clés
chat-room = Discussion de groupe · { $address }
chat-encryption-devices = Appareils de { $name } : { $verified } vérifiés, { $unverified } non vérifiés
chat-encryption-member-devices = Appareils des membres : { $verified } vérifiés, { $unverified } non vérifiés
chat-encryption-left-out = Exclus tant que vous n’avez pas décidé pour leurs clés : { $count }
chat-encryption-members-unreachable = Ne peuvent pas les lire, aucun appareil avec une clé que vous approuvez : { $names }
chat-encryption-own = Vos autres appareils : { $count }
chat-encryption-new = Nouveaux depuis votre dernier message : { $devices }
settings-key-title = Votre clé de chiffrement
settings-key-explain = Vos contacts comparent cette clé, ou scannent ce code, pour être sûrs que les messages de cet appareil viennent bien de vous.
settings-key-device = Cet appareil : { $id }
settings-key-copy = Copier le lien
settings-key-copied = Lien copié.
settings-key-others = Vos autres appareils
settings-key-none = Votre clé est créée à la première connexion de ce compte.
settings-key-failed = Impossible de lire votre clé : { $reason }
settings-device-remove = Retirer
settings-device-remove-confirm = Retirer l’appareil { $id } ? Vos contacts ne chiffreront plus de messages pour lui. Si une application y fonctionne encore, elle se rajoutera.

# Groups page and a room's people panel
nav-groups = Groupes
nav-groups-hint = Trouver, créer et rejoindre des groupes
groups-title = Groupes
groups-invited = { $from } vous invite dans { $room }
groups-accept = Rejoindre
groups-decline = Refuser
groups-new = Nouveau groupe
groups-name = Nom
groups-address-hint = Adresse, nom@{ $service }
groups-address-placeholder = Adresse (nom@groupes.serveur)
groups-private = Groupe privé : membres seulement, chiffré de bout en bout
groups-public = Salon public : tout le monde peut le trouver et le rejoindre
groups-picture = Ajouter une image
groups-create = Créer
groups-public-title = Groupes publics de votre serveur
groups-refresh = Actualiser
groups-search = Chercher des groupes publics
groups-looking = Recherche des groupes de votre serveur…
groups-no-service = Votre serveur ne propose pas de discussions de groupe.
groups-none = Aucun groupe public ne correspond.
groups-people = { $count } présents
groups-bad-address = Écrivez l'adresse du groupe sous la forme nom@service.
chat-invited = Invitation envoyée à { $jid }.
chat-invite-placeholder = Inviter quelqu'un (nom@serveur)
chat-invite = Inviter
chat-leave = Quitter le groupe
chat-leave-confirm = Quitter ce groupe ? Vous ne recevrez plus ses messages.
chat-leave-confirm-private = Quitter ce groupe privé ? Il vous faudra une nouvelle invitation pour revenir.
chat-kick = Retirer
chat-ban = Bannir
chat-ban-confirm = Bannir { $nick } définitivement ?
chat-topic-placeholder = Nouveau sujet visible par tous
chat-set-topic = Changer le sujet
chats-nick-placeholder = Autre pseudo
chats-join-as = Rejoindre ainsi
groups-description = Description (facultative)
chat-make-moderator = Nommer modérateur
chat-unmake-moderator = Retirer la modération
chat-write-privately = Écrire en privé
chat-private-subtitle = Message privé via { $room }, non chiffré de bout en bout
chats-private = privé · { $room }
notify-private = { $nick } (privé, { $room })
chat-revoke-confirm = { $nick } devra quitter le groupe. Retirer l’adhésion ?
chat-remove-for-everyone = Supprimer pour tous
chat-room-picture = Changer l’image
chat-room-picture-failed = Impossible d’utiliser l’image : { $reason }
chat-people-find = Trouver quelqu’un dans le groupe
chat-people-more = { $count } de plus : tapez un nom pour les trouver
chat-make-member = Rendre membre
chat-unmake-member = Retirer l’adhésion
chat-make-admin = Nommer administrateur
chat-unmake-admin = Retirer l’administration
chat-attach = Envoyer un fichier
file-download = Télécharger
file-show = Afficher dans le dossier
file-save = Enregistrer
file-sending = Envoi de { $name }… { $percent } %
file-downloading = Téléchargement… { $percent } %
file-cancel = Annuler
file-failed = { $name } n’a pas été envoyé : { $reason }
file-download-failed = { $name } n’a pas pu être téléchargé : { $reason }
chat-record = Enregistrer un message vocal
voice-recording = Enregistrement { $time }
voice-send = Envoyer
voice-failed = Le message vocal n’a pas pu être enregistré : { $reason }
voice-cannot-play = Lecture impossible : { $reason }
voice-file = Message vocal
file-pasted = Image collée
viewer-close = Fermer
settings-download-folder = Enregistrer les fichiers dans
settings-photos = Envoi de photos
settings-reduce-photos = Envoyer les grandes photos réduites (plus rapide, moins de données)
settings-keep-metadata = Garder le lieu et la date des photos (les envoie en taille réelle)
settings-change = Modifier…

# Starting, closing and the tray icon
settings-startup = Démarrage et fermeture
settings-start-at-login = Lancer Tidings à l’ouverture de session
settings-start-minimised = Démarrer réduit
settings-close-to-tray = Rester dans la zone de notification quand la fenêtre est fermée
settings-login-failed = Tidings ne peut pas se lancer à l’ouverture de session : { $reason }
tray-show = Afficher Tidings
tray-hide = Masquer Tidings
tray-mute = Couper les notifications
tray-quit = Quitter Tidings
tray-unread = { $count ->
    [one] Un message non lu
   *[other] { $count } messages non lus
}
tray-still-running = Tidings fonctionne toujours
tray-still-running-body = Il reste dans la zone de notification pour vous apporter les nouveaux messages. Cliquez sur son icône pour le rouvrir, ou choisissez Quitter. Vous pouvez changer cela dans les réglages.
settings-no-tray = Ce bureau n’affiche pas d’icônes dans la zone de notification : fermer la fenêtre quitte Tidings.
settings-no-notifications = Aucun service de notifications n’a répondu : Tidings ne peut pas afficher de notifications sur ce bureau.
no-file-chooser = Aucun sélecteur de fichiers ne peut s’ouvrir sur ce bureau (xdg-desktop-portal ne fonctionne pas). Déposez plutôt les fichiers sur la fenêtre.
