"""Dutch words a password guesser tries first, most likely first (zxcvbn knows English only).

Not a frequency list from a corpus: the words Dutch passwords are made of (greetings,
seasons, months, days, holidays, clubs, family, pets, colours, numbers) and the words of
this app and its work. Each word's place in the list is its rank: a guesser is assumed
to try them in this order.
"""

DUTCH_PASSWORD_WORDS = tuple("""
welkom wachtwoord geheim hallo liefde schatje schat lief hoi doei
zomer winter lente herfst voorjaar najaar
januari februari maart april mei juni juli augustus september oktober november december
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag weekend
kerst kerstmis pasen pinksteren koningsdag sinterklaas oudjaar nieuwjaar vakantie
ajax feyenoord psv oranje nederland holland amsterdam rotterdam utrecht denhaag
eindhoven groningen tilburg almere breda nijmegen arnhem haarlem zwolle leiden
buurtronde buurt ronde wijk wijkteam straat gemeente welzijn sociaal hulp opvolging
koffie thee bloemen bloem deur veld veldwerker coordinator teamleider beheerder beheer
planning rapportage partner bewoner bewoners buren buurman buurvrouw
mama papa oma opa moeder vader zoon dochter broer zus zusje broertje kinderen familie
baby jongen meisje man vrouw
hond honden kat katten poes poesje konijn paard vogel vis beer tijger leeuw muis
zon maan ster sterren tulp roos hart engel prinses prins koning koningin
geluk vrede vriend vriendin vriendschap thuis huis tuin auto fiets school werk kantoor
baas collega team samen gezellig lekker leuk mooi goed super toppie altijd nooit
een twee drie vier vijf zes zeven acht negen tien elf twaalf honderd duizend
rood geel groen blauw paars roze zwart wit grijs bruin
noord zuid oost west centrum dorp stad
water vuur aarde lucht regen sneeuw ijs strand zee bos boom berg molen
voetbal hockey tennis muziek dansen
kaas drop appel peer banaan aardbei chocolade snoep taart
telefoon computer internet inloggen gebruiker paswoord nieuw nieuwe eerste start
welterusten groetjes bedankt dankjewel alsjeblieft sterk veilig
""".split())
