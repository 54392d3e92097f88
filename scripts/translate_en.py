"""Fill the English catalogue from the glossary below (run by `make translations`).

Dutch is the source language; this keeps the English wording in one reviewable place.
Strings missing here stay untranslated (shown in Dutch) and are listed on stdout.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "outreach/translations/en/LC_MESSAGES/messages.po"

GLOSSARY = {
    "geen toestemming": "no consent",
    "toestemming voor opvolging": "consent to follow up",
    "partnerlink ingetrokken": "partner link revoked",
    "Wat overblijft wijst niet meer naar de bewoner: straat, buurt, uitkomst, categorie, "
    "status en datums tellen mee in de rapportage; huisnummer en GPS-punt gaan weg.":
        "What remains no longer points at the resident: street, buurt, outcome, category, "
        "status and dates still count in the reports; house number and GPS point are removed.",
    "De periode klopt niet.": "The period is not right.",
    "Kies een datum tussen %(first)s en %(last)s.": "Choose a date between %(first)s and %(last)s.",
    "Datum buiten 2000-2099: kijk de datum en tijd van de telefoon na.":
        "Date outside 2000-2099: check the phone's date and time.",
    "Afgesloten: heropen de opvolging (status) om hem weer toe te wijzen, een termijn te "
    "zetten of over te dragen.":
        "Closed: reopen the follow-up (status) to assign it, set a due date or hand it over "
        "again.",
    "Alle lopende": "All ongoing",
    # Audit log (/beheer/audit).
    "Auditlog": "Audit log",
    "Wie deed wat: inloggen, inzage, exports, wijzigingen.":
        "Who did what: logins, views, exports, changes.",
    "Wie deed wat met persoonsgegevens en accounts. Het log kan alleen groeien: niemand kan een regel wijzigen of wissen.":
        "Who did what with personal data and accounts. The log can only grow: nobody can change or erase an entry.",
    "Exporteer als CSV": "Export as CSV",
    "Filteren": "Filter",
    "Actie (begint met)": "Action (starts with)",
    "Wie": "Who",
    "Iedereen": "Everyone",
    "Zonder account (anoniem, partnerlink, systeem)": "Without an account (anonymous, partner link, system)",
    "Soort onderwerp": "Subject type",
    "Alle": "All",
    "Onderwerp-id": "Subject id",
    "IP-adres of netwerk": "IP address or network",
    "%(num)s gebeurtenis": ("%(num)s event", "%(num)s events"),
    "Wanneer": "When",
    "Actie": "Action",
    "Onderwerp": "Subject",
    "IP": "IP",
    "Details": "Details",
    "Geen gebeurtenissen bij dit filter.": "No events match this filter.",
    "Minstens 12 tekens; geen veelgebruikt of makkelijk te raden wachtwoord. Een paar losse woorden werkt goed.":
        "At least 12 characters; no common or easily guessed password. A few unrelated words work well.",
    "Ingelogd": "Logged in",
    "Inloggen mislukt": "Login failed",
    "Account aangemaakt": "Account created",
    "Rol gewijzigd": "Role changed",
    "Account geactiveerd": "Account activated",
    "Account gedeactiveerd": "Account deactivated",
    "Partner toegevoegd": "Partner added",
    "Partner gewijzigd": "Partner changed",
    "Partnerlink gemaakt": "Partner link created",
    "Partnerlinks ingetrokken": "Partner links revoked",
    "Partnerlink geopend": "Partner link opened",
    "Partner bevestigde via link": "Partner confirmed through link",
    "Partnerlink geweigerd": "Partner link refused",
    "Bewonersgegevens bekeken": "Resident details viewed",
    "Termijnen opvolging gewijzigd": "Follow-up terms changed",
    "Persoonsgegevens naar telefoon": "Personal data sent to phone",
    "Contacten gesynchroniseerd": "Contacts synchronised",
    "Opvolgingen gesynchroniseerd": "Follow-ups synchronised",
    "Ronde gemaakt": "Round created",
    "Ronde gewijzigd": "Round changed",
    "Buurten geïmporteerd": "Neighbourhoods imported",
    "Straten geïmporteerd": "Streets imported",
    "Adressen geïmporteerd": "Addresses imported",
    "Dekking geëxporteerd": "Coverage exported",
    "Rapportage geëxporteerd": "Report exported",
    "Auditlog geëxporteerd": "Audit log exported",
    "Demogegevens geladen": "Demo data loaded",
    "Bewoner gezocht": "Resident searched",
    "Alles over bewoner bekeken": "Everything about a resident viewed",
    "Bewonersgegevens geëxporteerd": "Resident data exported",
    "Bewonersgegevens gewist": "Resident data erased",
    "Bewaartermijnen toegepast": "Retention periods applied",
    "Versleutelingssleutel vervangen": "Encryption key replaced",
    "Inloggen (alle)": "Logins (all)",
    "Accounts (alle)": "Accounts (all)",
    "Partners (alle)": "Partners (all)",
    "Partnerlinks (alle)": "Partner links (all)",
    "Opvolging (alle)": "Follow-up (all)",
    "Synchronisatie (alle)": "Synchronisation (all)",
    "Imports (alle)": "Imports (all)",
    "Bewonersrechten (alle)": "Resident rights (all)",
    "partnerlink (zonder account)": "partner link (no account)",
    "anoniem": "anonymous",
    "systeem (opdrachtregel)": "system (command line)",
    "Alleen kleine letters, cijfers, punt en liggend streepje.":
        "Only lower-case letters, digits, dot and underscore.",
    "Kies iemand uit de lijst.": "Choose someone from the list.",
    "Kies een soort uit de lijst.": "Choose a type from the list.",
    "Hoogstens 64 tekens.": "At most 64 characters.",
    "Geen geldig IP-adres (bijvoorbeeld 192.0.2.10 of 192.0.2.0/24).":
        "Not a valid IP address (for example 192.0.2.10 or 192.0.2.0/24).",
    "Het filter klopt niet.": "The filter is not valid.",
    # Reports (/rapportage).
    "Dit kwartaal": "This quarter",
    "Vorig kwartaal": "Last quarter",
    "Dit jaar": "This year",
    "Vorig jaar": "Last year",
    "Zelf kiezen (van – tot)": "Choose dates (from – to)",
    "Periode": "Period",
    "Vul een begindatum in.": "Fill in a start date.",
    "Vul een einddatum in.": "Fill in an end date.",
    "Geen geldige datum; kies een dag in de kalender.":
        "Not a valid date; pick a day in the calendar.",
    "Kies een periode uit de lijst.": "Choose a period from the list.",
    "Deze buurt bestaat niet; kies een buurt uit de lijst.":
        "This neighbourhood does not exist; choose one from the list.",
    "laag": "low",
    "normaal": "normal",
    "hoog": "high",
    "Vrijwilligerswerk": "Volunteering",
    "Koken": "Cooking",
    "Klussen": "Odd jobs",
    "Creatief": "Creative",
    "Zorg": "Care",
    "Nog geen antwoord": "No answer yet",
    "Deuren open": "Doors opened",
    "Deur open (% van aangebeld)": "Door opened (% of knocked)",
    "Contacten op koffieplekken": "Contacts at coffee spots",
    "Straten bereikt": "Streets reached",
    "Bloemenrondes gehouden": "Flower rounds held",
    "Koffierondes gehouden": "Coffee rounds held",
    "Bereik": "Reach",
    "Onderdeel": "Item",
    "Aantal": "Number",
    "Totaal": "Total",
    "Categorie": "Category",
    "Urgentie %(u)s": "Urgency %(u)s",
    "Hulpvragen per categorie en urgentie": "Help questions by category and urgency",
    "Talent": "Talent",
    "Gevonden": "Found",
    "Wil meedoen": "Wants to take part",
    "Opgevolgd": "Followed up",
    "Talenten per soort": "Talents by kind",
    "(partner verwijderd)": "(partner deleted)",
    "Partner": "Partner",
    "Warme overdrachten": "Warm handovers",
    "Warme overdrachten per partner": "Warm handovers per partner",
    "Opvolging gestart": "Follow-ups started",
    "Opvolging afgerond": "Follow-ups completed",
    "Te laat (einde periode)": "Overdue (end of period)",
    "Op tijd afgerond (%)": "Completed on time (%)",
    "Mediaan dagen tot afgerond": "Median days to completion",
    "Waarde": "Value",
    "Buurtcode": "Neighbourhood code",
    "Bereik per buurt": "Reach per neighbourhood",
    "Talenten gevonden": "Talents found",
    "Talent opgevolgd": "Talent followed up",
    "wil meedoen én er is opvolging voor dit contact":
        "wants to take part and this contact has a follow-up",
    "Door partner bevestigd": "Confirmed by the partner",
    "Hulpvragen in dit thema": "Help questions in this theme",
    "Deuren en gesprekken.": "Doors and conversations.",
    "Ontmoeting": "Meeting",
    "Contacten op koffieplekken en gesprekken.": "Contacts at coffee spots and conversations.",
    "Hulpvragen per categorie": "Help questions by category",
    "Aantal hulpvragen per categorie.": "Number of help questions by category.",
    "Hulpvragen: %(theme)s": "Help questions: %(theme)s",
    "Aantal hulpvragen per categorie in dit thema.":
        "Number of help questions by category in this theme.",
    "Aantal gevonden talenten per soort.": "Number of talents found by kind.",
    "Aantal overdrachten per partner.": "Number of handovers per partner.",
    "Geen overdrachten": "No handovers",
    "Sociale cohesie": "Social cohesion",
    "Ontmoeten bewoners elkaar en ons?": "Do residents meet each other and us?",
    "Leefbaarheid en veiligheid": "Liveability and safety",
    "Wat speelt er rond straat en woning?": "What is going on around street and home?",
    "Sociale veerkracht": "Social resilience",
    "Redden bewoners het, en helpt de opvolging?":
        "Do residents cope, and does the follow-up help?",
    "Maatschappelijke participatie": "Participation in society",
    "Doen bewoners mee, en pakken we hun talent op?":
        "Do residents take part, and do we pick up their talent?",
    "Vertrouwen in overheid en organisaties": "Trust in government and organisations",
    "Gaat de deur open, en komt hulp aan?": "Does the door open, and does help arrive?",
    "Niets in deze periode.": "Nothing in this period.",
    "CSV: %(title)s": "CSV: %(title)s",
    "Afdrukken": "Print",
    "Toon rapport": "Show report",
    'Van en tot gelden alleen bij "Zelf kiezen"; bij een kwartaal of jaar vullen we ze zelf in.':
        'From and to apply only with "Choose dates"; for a quarter or year we fill them in.',
    "Impactrapportage buurtrondes": "Impact report of the neighbourhood rounds",
    "wijk %(wijk)s": "district %(wijk)s",
    "Periode: %(van)s tot en met %(tot)s": "Period: %(van)s up to and including %(tot)s",
    "gemaakt op %(when)s": "made on %(when)s",
    "Alle hulpvragen": "All help questions",
    "Opgeteld over %(n)s buurten; alleen aantallen zijn opgeteld, de dichtheid is daaruit "
    "berekend. Percentages en gemiddelden tellen niet op en staan er daarom niet bij.":
        "Summed over %(n)s neighbourhoods; only counts are summed, the density is worked out "
        "from them. Percentages and averages do not add up and are therefore left out.",
    "Toelichting": "Explanation",
    "Contacten tellen op de dag dat ze gelogd zijn. Deuren aangebeld zijn contacten aan de "
    "deur; deuren open zijn daarvan de deuren waar iemand opendeed (met of zonder gesprek). "
    "Gesprekken tellen in elke setting. Straten bereikt: straten met minstens één contact.":
        "Contacts count on the day they were logged. Doors knocked are contacts at the door; "
        "doors opened are those where someone opened (with or without a conversation). "
        "Conversations count in every setting. Streets reached: streets with at least one "
        "contact.",
    "Opvolging hoort bij de buurt van het contact. Gestart: aangemaakt in de periode. "
    "Afgerond: status afgerond met afsluitdatum in de periode (geannuleerd telt niet). Te "
    "laat: op de laatste dag van de periode (of vandaag, als die eerder is) nog niet "
    "afgesloten en over de termijn. Op tijd: afgerond op of voor de termijn. Mediaan: dagen "
    "van aanmaken tot afronden, van de opvolging die in de periode is afgerond.":
        "A follow-up belongs to the neighbourhood of its contact. Started: created in the "
        "period. Completed: status completed with its closing date in the period (cancelled "
        "does not count). Overdue: on the period's last day (or today, if earlier) not yet "
        "closed and past its due date. On time: completed on or before the due date. Median: "
        "days from creation to completion, of the follow-ups completed in the period.",
    "Warme overdrachten: overgedragen in de periode, per partner, met wat de partner via "
    "zijn link bevestigde.":
        "Warm handovers: handed over in the period, per partner, with what the partner "
        "confirmed through its link.",
    "Talent opgevolgd: de bewoner wil meedoen én er is voor hetzelfde contact opvolging "
    "aangemaakt (in welke status ook). Zo tellen we talent dat iemand echt heeft opgepakt, "
    "niet alleen genoteerd.":
        "Talent followed up: the resident wants to take part and a follow-up was made for the "
        "same contact (in any status). So we count talent someone actually picked up, not "
        "only noted.",
    "Rondes gehouden: rondes met een datum in de periode (tot vandaag), bezig of afgerond "
    "of met gelogde contacten.":
        "Rounds held: rounds dated in the period (up to today), under way or done or with "
        "logged contacts.",
    "Thema's volgen het impactkader van Den Haag Zuidwest. Elke hulpvraagcategorie hoort "
    'bij hoogstens één thema (anders telt een vraag dubbel); "Anders" hoort bij geen thema '
    "en staat alleen in de tabel met alle hulpvragen.":
        "Themes follow the impact framework of Den Haag Zuidwest. Each help question "
        "category belongs to at most one theme (or a question would count twice); "
        '"Other" belongs to no theme and shows only in the table of all help questions.',
    "Account aangemaakt.": "Account created.",
    "Wijziging opgeslagen.": "Change saved.",
    "Onbekend e-mailadres of verkeerd wachtwoord.": "Unknown e-mail address or wrong password.",
    "E-mailadres": "E-mail address",
    "Wachtwoord": "Password",
    "Ingelogd blijven op dit apparaat": "Stay logged in on this device",
    "Naam": "Name",
    "Telefoon (werk)": "Phone (work)",
    "Rol": "Role",
    "Actief": "Active",
    "Buurten (CBS, PDOK of eigen bestand)": "Neighbourhoods (CBS, PDOK or own file)",
    "Straten (OpenStreetMap of NWB)": "Streets (OpenStreetMap or NWB)",
    "Adressen (BAG of OpenStreetMap)": "Addresses (BAG or OpenStreetMap)",
    "Soort bestand": "Kind of file",
    "GeoJSON-bestand": "GeoJSON file",
    "Coördinatenstelsel (EPSG-code, alleen als het bestand het niet noemt)":
        "Coordinate system (EPSG code, only if the file does not name it)",
    "Veld met de buurtcode (alleen bij een eigen bestand)":
        "Field holding the neighbourhood code (own file only)",
    "Veld met de buurtnaam (alleen bij een eigen bestand)":
        "Field holding the neighbourhood name (own file only)",
    "Veld-app": "Field app",
    "Deuren en gesprekken loggen, ook offline.": "Log doors and conversations, offline too.",
    "Kaart en planning": "Map and planning",
    "Dekking, hotspots en routes per buurt.": "Coverage, hotspots and routes per neighbourhood.",
    "Rondes": "Rounds",
    "Rondes plannen, toewijzen en looplijsten printen.":
        "Plan and assign rounds, print walk lists.",
    "Opvolging": "Follow-up",
    "Terugbellen, overdrachten en wat te laat is.": "Callbacks, handovers and what is overdue.",
    "Rapportage": "Reports",
    "Wat de rondes opleverden, per buurt.": "What the rounds achieved, per neighbourhood.",
    "Gebruikers": "Users",
    "Accounts en rollen.": "Accounts and roles.",
    "Gegevens importeren": "Import data",
    "Buurten, straten en adressen uit GeoJSON.":
        "Neighbourhoods, streets and addresses from GeoJSON.",
    "Veldwerker": "Outreach worker",
    "Coördinator": "Coordinator",
    "Teamleider": "Team lead",
    "Beheerder": "Administrator",
    "Bloemenronde": "Flower round",
    "Koffie (bakfiets)": "Coffee (cargo bike)",
    "Ronde": "Round",
    "Hoofdmenu": "Main menu",
    "Uitloggen": "Log out",
    "kaartgegevens: CBS, Kadaster, © OpenStreetMap-bijdragers":
        "map data: CBS, Kadaster, © OpenStreetMap contributors",
    "Buurten uit CBS of PDOK (WGS84 of RD New), straten uit OpenStreetMap of NWB, adressen uit "
    "de BAG. Opnieuw importeren werkt bij; er gaat niets dubbel.":
        "Neighbourhoods from CBS or PDOK (WGS84 or RD New), streets from OpenStreetMap or NWB, "
        "addresses from the BAG. Importing again updates; nothing is doubled.",
    "Niet geïmporteerd": "Not imported",
    "Er is niets gewijzigd.": "Nothing was changed.",
    "Import gelukt": "Import done",
    "Meer opties": "More options",
    "Importeren": "Import",
    "Account": "Account",
    "Account bewerken": "Edit account",
    "Nieuw account": "New account",
    "Laat leeg om het wachtwoord te houden.": "Leave empty to keep the password.",
    "Minstens 12 tekens.": "At least 12 characters.",
    "Opslaan": "Save",
    "Annuleren": "Cancel",
    "Status": "Status",
    "Laatst ingelogd": "Last login",
    "actief": "active",
    "gedeactiveerd": "deactivated",
    "Inloggen": "Log in",
    "Voor veldwerkers, coördinatoren, teamleiders en beheerders.":
        "For outreach workers, coordinators, team leads and administrators.",
    "Geen toegang": "No access",
    "Deze pagina is niet voor jouw rol.": "This page is not for your role.",
    "Naar de startpagina": "To the start page",
    "Niet gevonden": "Not found",
    "Deze pagina bestaat niet (meer).": "This page does not exist (any more).",
    "Bestand te groot": "File too large",
    "Het bestand is groter dan de server aanneemt.": "The file is larger than the server accepts.",
    "Even wachten": "Please wait",
    "Te veel pogingen. Probeer het over een minuut opnieuw.":
        "Too many attempts. Try again in a minute.",
    "Geen rondes gepland.": "No rounds planned.",
    "komt in een volgende versie": "coming in a later version",
    "Start": "Start",
    "Beheer": "Administration",
    "Accounts, partners en buurtgegevens.": "Accounts, partners and neighbourhood data.",
    "actieve accounts": "active accounts",
    "buurten": "neighbourhoods",
    "straten": "streets",
    "partners": "partners",
    "Waar je werkt": "Where you work",
    "Planning en dekking": "Planning and coverage",
    "Zie welke straten en buurten bereikt zijn en plan de volgende ronde.":
        "See which streets and neighbourhoods were reached and plan the next round.",
    "open opvolgingen": "open follow-ups",
    "Komende rondes": "Upcoming rounds",
    "Opvolging en rapportage": "Follow-up and reports",
    "Wat na de voordeur gebeurt: terugbellen, warme overdracht, en wat de rondes opleveren.":
        "What happens after the door closes: callbacks, warm handovers, and what the rounds "
        "achieve.",
    "over de termijn": "overdue",
    "Hallo %(name)s": "Hello %(name)s",
    "Jouw rondes en opvolging. In het veld werk je in de veld-app, ook zonder netwerk.":
        "Your rounds and follow-ups. In the field you work in the field app, even without network.",
    "open opvolgingen van jou": "of your follow-ups open",
    "contacten in 30 dagen": "contacts in 30 days",
    "Jouw komende rondes": "Your upcoming rounds",
    "Formulier verlopen": "Form expired",
    "Het formulier was verlopen of kwam niet van deze site. Ga terug, laad de pagina opnieuw en "
    "probeer het nog eens.":
        "The form had expired or did not come from this site. Go back, reload the page and try "
        "again.",
    "Dit veld ontbreekt.": "This field is missing.",
    "Dit veld mag niet leeg zijn.": "This field may not be empty.",
    "Ongeldige waarde.": "Invalid value.",
    "Ongeldige invoer: verwacht een object.": "Invalid input: expected an object.",
    "Onbekend veld.": "Unknown field.",
    "Verwacht tekst.": "Expected text.",
    "Verwacht een geheel getal.": "Expected a whole number.",
    "Verwacht een getal.": "Expected a number.",
    "Verwacht ja of nee (true/false).": "Expected yes or no (true/false).",
    "Geen geldige id (UUID).": "Not a valid id (UUID).",
    "Geen geldig tijdstip (ISO 8601).": "Not a valid time (ISO 8601).",
    "Tijdstip zonder tijdzone: stuur het met een offset.":
        "Time without a time zone: send it with an offset.",
    "Geen geldige datum (JJJJ-MM-DD).": "Not a valid date (YYYY-MM-DD).",
    "Verwacht een lijst.": "Expected a list.",
    "Kies een geldige waarde.": "Choose a valid value.",
    "Lengtegraad moet tussen -180 en 180 liggen.": "Longitude must be between -180 and 180.",
    "Breedtegraad moet tussen -90 en 90 liggen.": "Latitude must be between -90 and 90.",
    "Onmogelijke nauwkeurigheid.": "Impossible accuracy.",
    "Een huisnummer is 1 tot 99999.": "A house number is 1 to 99999.",
    "Hoogstens 13 hulpvragen.": "At most 13 help questions.",
    "Hoogstens 20 talenten.": "At most 20 talents.",
    "Alleen bij uitkomst 'gesprek'.": "Only with outcome 'gesprek' (conversation).",
    "Opvolging kan alleen met toestemming (anoniem of opvolging).":
        "A follow-up needs consent (anoniem or opvolging).",
    "Naam en telefoon alleen met toestemming 'opvolging'.":
        "Name and phone only with consent 'opvolging'.",
    "Kies de straat bij dit huisnummer, of zet locatie aan.":
        "Choose the street of this house number, or turn on location.",
    "Deze ronde bestaat niet of je bent er niet voor ingedeeld.":
        "This round does not exist or you are not assigned to it.",
    "Deze opvolging hoort al bij een ander contact.":
        "This follow-up already belongs to another contact.",
    "We weten niet waar dit contact was: kies een straat of zet locatie aan.":
        "We do not know where this contact was: choose a street or turn on location.",
    "Eenzaamheid": "Loneliness",
    "Geld en schulden": "Money and debts",
    "Wonen": "Housing",
    "Werk": "Work",
    "Inkomen en regelingen": "Income and benefits",
    "Gezondheid": "Health",
    "Psychisch": "Mental health",
    "Taal": "Language",
    "Opvoeding": "Parenting",
    "Juridisch": "Legal",
    "Veiligheid": "Safety",
    "Leefbaarheid": "Liveability",
    "Anders": "Other",
    "Wijkteam": "Neighbourhood team",
    "Schuldhulp": "Debt help",
    "Huisarts": "GP",
    "Sociaal makelaar": "Community broker",
    "Wijkagent": "Community police officer",
    "Woningcorporatie": "Housing association",
    "Taalhuis": "Language centre",
    "Voedselbank": "Food bank",
    "Huiskamer of ontmoetingsplek": "Community living room or meeting place",
    "Vrijwilligerscentrale": "Volunteer centre",
    "open": "open",
    "bezig": "in progress",
    "overgedragen": "handed over",
    "afgerond": "completed",
    "niet bereikbaar": "unreachable",
    "geannuleerd": "cancelled",
    "Inwoners": "Residents",
    "Huishoudens": "Households",
    "Inwoners per km²": "Residents per km²",
    "Oppervlakte (ha)": "Area (ha)",
    "Inwoners 0–15 jaar": "Residents aged 0–15",
    "Inwoners 15–25 jaar": "Residents aged 15–25",
    "Inwoners 25–45 jaar": "Residents aged 25–45",
    "Inwoners 45–65 jaar": "Residents aged 45–65",
    "Inwoners 65 jaar en ouder": "Residents aged 65 and over",
    "Koopwoningen (%)": "Owner-occupied homes (%)",
    "Huurwoningen (%)": "Rented homes (%)",
    "Gemiddeld inkomen per inwoner (× €1000)": "Average income per resident (× €1000)",
    "Straten bezocht: %(visited)s van %(total)s (%(share)s)":
        "Streets visited: %(visited)s of %(total)s (%(share)s)",
    "Deuren bezocht: %(visited)s van %(total)s (%(share)s)":
        "Doors visited: %(visited)s of %(total)s (%(share)s)",
    "Contacten: %(contacts)s, gesprekken: %(conversations)s":
        "Contacts: %(contacts)s, conversations: %(conversations)s",
    "nooit bezocht": "never visited",
    "laatst bezocht %(date)s": "last visited %(date)s",
    "Contacten in periode: %(n)s": "Contacts in period: %(n)s",
    "Hulpvragen in periode: %(n)s": "Help questions in period: %(n)s",
    "%(n)s contacten met een hulpvraag": "%(n)s contacts with a help question",
    "Te laat: %(n)s": "Overdue: %(n)s",
    "Zoom in tot straatniveau om de straten te zien.":
        "Zoom in to street level to see the streets.",
    "Dekking per buurt": "Coverage per neighbourhood",
    "niets bezocht": "nothing visited",
    "tot 25%": "up to 25%",
    "25–50%": "25–50%",
    "50–75%": "50–75%",
    "75% of meer": "75% or more",
    "geen straten bekend": "no streets known",
    "Aandeel straten (of deuren, waar adressen bekend zijn) bezocht in de gekozen periode.":
        "Share of streets (or doors, where addresses are known) visited in the chosen period.",
    "Straten naar laatste bezoek": "Streets by last visit",
    "nooit": "never",
    "meer dan 90 dagen": "more than 90 days",
    "30–90 dagen": "30–90 days",
    "minder dan 30 dagen": "less than 30 days",
    "Hotspots hulpvragen": "Help question hotspots",
    "%(range)s contacten": "%(range)s contacts",
    "Zeshoeken met minder dan %(k)s contacten worden niet getoond.":
        "Hexagons with fewer than %(k)s contacts are not shown.",
    "Opvolging per straat": "Follow-up per street",
    "te laat": "overdue",
    "open of bezig": "open or in progress",
    "afgesloten in periode": "closed in period",
    "Partners en ontmoetingsplekken": "Partners and meeting places",
    "partner": "partner",
    "huiskamer of ontmoetingsplek": "community living room or meeting place",
    "Achtergrond": "Background",
    "Omliggende buurten": "Surrounding neighbourhoods",
    "Getal te groot.": "Number too large.",
    "Geen bestaand nummer.": "Not an existing number.",
    "Hoogstens 300 tekens.": "At most 300 characters.",
    "Hoogstens 200 tekens.": "At most 200 characters.",
    "Hoogstens 40 tekens.": "At most 40 characters.",
    "Hoogstens 500 tekens.": "At most 500 characters.",
    "Hoogstens 2000 tekens.": "At most 2000 characters.",
    "Geen bestaande versie.": "Not an existing version.",
    "Kies bezig, afgerond of niet bereikbaar.": "Choose in progress, done or unreachable.",
    "Hoogstens 10 tekens.": "At most 10 characters.",
    "Deze straat bestaat niet (meer). Kies de straat opnieuw.":
        "This street does not exist (any more). Choose the street again.",
    "Deze partner bestaat niet (meer). Kies een andere partner.":
        "This partner does not exist (any more). Choose another partner.",
    "Gepland": "Planned",
    "Bezig": "In progress",
    "Afgerond": "Completed",
    "Ongeldige stratenlijst.": "Invalid list of streets.",
    "Naam van de ronde": "Name of the round",
    "Soort": "Kind",
    "Datum": "Date",
    "Buurten": "Neighbourhoods",
    "Straten": "Streets",
    "Koffieplek": "Coffee spot",
    "Aankondiging": "Announcement",
    "Datum aankondiging": "Announcement date",
    "Sleutelfiguur in de buurt": "Key contact in the neighbourhood",
    "Veldwerkers": "Outreach workers",
    "Buurtpagina van %(name)s": "Neighbourhood page of %(name)s",
    "Van": "From",
    "Tot en met": "Up to and including",
    "Soort ronde": "Kind of round",
    "Alle rondes": "All rounds",
    "Hulpvraag": "Help question",
    "Alle categorieën": "All categories",
    "Buurt": "Neighbourhood",
    "De einddatum ligt voor de begindatum.": "The end date is before the start date.",
    "Kies een periode van hoogstens drie jaar.": "Choose a period of at most three years.",
    "Hele gemeente": "Whole municipality",
    "Ronde opgeslagen.": "Round saved.",
    "Dekking exporteren": "Export coverage",
    "Met de filters hierboven. CSV opent in Excel (puntkomma, decimale komma); GeoJSON opent in "
    "QGIS.":
        "With the filters above. CSV opens in Excel (semicolon, decimal comma); GeoJSON opens in "
        "QGIS.",
    "Per buurt (CSV)": "Per neighbourhood (CSV)",
    "Per straat (CSV)": "Per street (CSV)",
    "Per buurt (GeoJSON)": "Per neighbourhood (GeoJSON)",
    "Per straat (GeoJSON)": "Per street (GeoJSON)",
    "Toon": "Show",
    "Legenda en lagen": "Legend and layers",
    "Lagen": "Layers",
    "Wijk %(wijk)s.": "District %(wijk)s.",
    "Onze cijfers van %(van)s tot en met %(tot)s.":
        "Our figures from %(van)s up to and including %(tot)s.",
    "Onze cijfers": "Our figures",
    "Dekking": "Coverage",
    "%(visited)s van %(total)s straten": "%(visited)s of %(total)s streets",
    "%(visited)s van %(total)s deuren": "%(visited)s of %(total)s doors",
    "Deuren aangebeld": "Doors knocked on",
    "Gesprekken": "Conversations",
    "Hulpvragen": "Help questions",
    "Opvolging open": "Follow-ups open",
    "Opvolging te laat": "Follow-ups overdue",
    "Laatste ronde": "Last round",
    "nog geen": "none yet",
    "Kerncijfers CBS": "CBS key figures",
    "Geen kerncijfers geïmporteerd.": "No key figures imported.",
    "Kaart": "Map",
    "Straat": "Street",
    "Laatste bezoek": "Last visit",
    "Contacten": "Contacts",
    "Deuren bezocht": "Doors visited",
    "Geen straten in deze buurt.": "No streets in this neighbourhood.",
    "Buurtpagina": "Neighbourhood page",
    "Dekking, hotspots van hulpvragen en opvolging van %(van)s tot en met %(tot)s.":
        "Coverage, help question hotspots and follow-up from %(van)s up to and including "
        "%(tot)s.",
    "Nog niets om te kiezen.": "Nothing to choose yet.",
    "Looplijst": "Walk list",
    "De ronde is niet opgeslagen: kijk de gemarkeerde velden na.":
        "The round was not saved: check the marked fields.",
    "Ronde bewerken": "Edit round",
    "Nieuwe ronde": "New round",
    "Straten en route": "Streets and route",
    "Geen vast startpunt": "No fixed starting point",
    "De koffieplek": "The coffee spot",
    "Punt op de kaart (klik op de kaart)": "Point on the map (click on the map)",
    "Hoeveel": "How much",
    "8 straten": "8 streets",
    "12 straten": "12 streets",
    "20 straten": "20 streets",
    "1 uur": "1 hour",
    "1,5 uur": "1.5 hours",
    "2 uur": "2 hours",
    "3 uur": "3 hours",
    "Stel straten voor": "Suggest streets",
    "Kortste volgorde": "Shortest order",
    "Kies een buurt; nooit bezochte en lang niet bezochte straten komen eerst. Klik op een "
    "straat op de kaart om hem toe te voegen of weg te halen.":
        "Choose a neighbourhood; streets never visited or not visited for a long time come "
        "first. Click on a street on the map to add or remove it.",
    "Kaart van de straten": "Map of the streets",
    "> 90 dagen": "> 90 days",
    "< 30 dagen": "< 30 days",
    "in de ronde": "in the round",
    "Straten in volgorde": "Streets in order",
    "Koffieplek en aankondiging": "Coffee spot and announcement",
    "Koffieplek:": "Coffee spot:",
    "Stel koffieplek voor": "Suggest a coffee spot",
    "Wie loopt mee": "Who is walking along",
    "Ronde opslaan": "Save round",
    "Omhoog": "Up",
    "Omlaag": "Down",
    "Weghalen": "Remove",
    "{n} straten · {km} km lopen · ongeveer {min} minuten":
        "{n} streets · {km} km walking · about {min} minutes",
    "Nog geen straten gekozen.": "No streets chosen yet.",
    "Kies": "Choose",
    "Kies eerst een buurt.": "Choose a neighbourhood first.",
    "Kies eerst straten.": "Choose streets first.",
    "Dat lukte niet": "That did not work",
    "{n} straten voorgesteld.": "{n} streets suggested.",
    "Startpunt gekozen.": "Starting point chosen.",
    "Koffieplek gekozen.": "Coffee spot chosen.",
    "gemiddeld {m} m lopen": "{m} m walking on average",
    "Voortgang": "Progress",
    "straten met een contact": "streets with a contact",
    "%(done)s van %(total)s straten": "%(done)s of %(total)s streets",
    "%(n)s deuren": "%(n)s doors",
    "Nieuwe ronde plannen": "Plan a new round",
    "Eerdere rondes": "Past rounds",
    "Nog geen eerdere rondes.": "No past rounds yet.",
    "Terug naar de ronde": "Back to the round",
    "Printen": "Print",
    "Sleutelfiguur": "Key contact",
    "Huisnummers": "House numbers",
    "Gedaan": "Done",
    "Notities": "Notes",
    "%(n)s adressen": "%(n)s addresses",
    "geen adressen bekend, %(m)s m": "no addresses known, %(m)s m",
    "gedaan": "done",
    "Nog geen straten in deze ronde.": "No streets in this round yet.",
    "Partners en telefoonnummers": "Partners and phone numbers",
    # Partner administration and the partner link page.
    "Partners": "Partners",
    "Organisaties voor warme overdracht: contact, buurten, openingstijden.":
        "Organisations for warm handovers: contact, neighbourhoods, opening hours.",
    "Nieuwe partner": "New partner",
    "Partner bewerken": "Edit partner",
    "Partner opgeslagen.": "Partner saved.",
    "Organisaties waaraan het team bewoners warm overdraagt. Een partner die niet meer "
    "meedoet zet je op inactief: eerdere overdrachten houden hun partner.":
        "Organisations the team hands residents over to. Set a partner that no longer takes "
        "part to inactive: earlier handovers keep their partner.",
    "Filter": "Filter",
    "Alles tonen": "Show all",
    "Alle soorten": "All kinds",
    "Alle buurten": "All neighbourhoods",
    "Telefoon": "Phone",
    "inactief": "inactive",
    "Geen partners gevonden.": "No partners found.",
    "Nog geen partners. Voeg de eerste toe.": "No partners yet. Add the first one.",
    "De partner is niet opgeslagen: kijk de gemarkeerde velden na.":
        "The partner was not saved: check the marked fields.",
    "Locatie": "Location",
    "Klik op de kaart of vul de coördinaten in (WGS84, bijvoorbeeld 4.4777 en 51.9244).":
        "Click on the map or fill in the coordinates (WGS84, for example 4.4777 and 51.9244).",
    "Kaart: klik om de locatie te kiezen": "Map: click to choose the location",
    "Locatie wissen": "Clear location",
    "Nog geen buurten geïmporteerd.": "No neighbourhoods imported yet.",
    "Vrije tekst, bijvoorbeeld: ma-vr 9-17, wo-middag inloop.":
        "Free text, for example: Mon-Fri 9-17, Wed afternoon walk-in.",
    "Vul een naam in.": "Fill in a name.",
    "Soort partner": "Kind of partner",
    "Contactpersoon": "Contact person",
    "Adres": "Address",
    "Lengtegraad (lon)": "Longitude (lon)",
    "Breedtegraad (lat)": "Latitude (lat)",
    "Buurten waar de partner werkt": "Neighbourhoods the partner serves",
    "Openingstijden": "Opening hours",
    "Actief (aan te bieden bij nieuwe overdrachten)": "Active (offered for new handovers)",
    "Vul een getal in, bijvoorbeeld 52.0912.": "Fill in a number, for example 52.0912.",
    "Korte toelichting (niet verplicht)": "Short note (optional)",
    "Terugbellen": "Call back",
    "Huisbezoek": "Home visit",
    "Warme overdracht": "Warm handover",
    "Informatie": "Information",
    "Contact gelegd": "Contact made",
    "Opgepakt": "Taken up",
    "Overdracht aan %(partner)s": "Handover to %(partner)s",
    "Dank u wel, uw bevestiging is opgeslagen.": "Thank you, your confirmation has been saved.",
    "Bewoner": "Resident",
    "Telefoon bewoner": "Resident's phone",
    "Afspraak met de bewoner": "Agreed with the resident",
    "Datum afspraak": "Appointment date",
    "Contact bij het buurtteam": "Contact at the neighbourhood team",
    "Stand nu": "Current state",
    "nog niets bevestigd": "nothing confirmed yet",
    "Deze overdracht is afgesloten": "This handover is closed",
    "Er valt hier niets meer te bevestigen. Vragen? Bel het buurtteam.":
        "There is nothing left to confirm here. Questions? Call the neighbourhood team.",
    "Wat kunt u bevestigen?": "What can you confirm?",
    "„Afgerond” sluit de overdracht af; daarna werkt deze link niet meer voor bevestigingen.":
        "\u201cCompleted\u201d closes the handover; after that this link no longer takes "
        "confirmations.",
    "Link geldig tot %(date)s.": "Link valid until %(date)s.",
    "Deze pagina is alleen voor u bedoeld. Stuur de link niet door.":
        "This page is meant for you only. Do not forward the link.",
    "Link verlopen": "Link expired",
    "Deze link werkt niet meer": "This link no longer works",
    "De link is verlopen of vervangen door een nieuwere, of het buurtteam heeft de overdracht "
    "teruggenomen. Vraag het buurtteam zo nodig om een nieuwe link.":
        "The link has expired or been replaced by a newer one, or the team has taken the "
        "handover back. Ask the team for a new link if needed.",
    "Deze link bestaat niet": "This link does not exist",
    "Controleer of u de hele link hebt gekopieerd, of vraag het buurtteam om een nieuwe link.":
        "Check that you copied the whole link, or ask the neighbourhood team for a new link.",
    # Follow-up board (/opvolging).
    "Kies…": "Choose…",
    "Niemand": "Nobody",
    "Werkt in deze buurt": "Works in this neighbourhood",
    "Andere partners": "Other partners",
    "Kies een partner…": "Choose a partner…",
    "Geen actieve partners": "No active partners",
    "ja": "yes",
    "nee": "no",
    "Niet opgeslagen: kijk de velden na.": "Not saved: check the fields.",
    "Status gewijzigd.": "Status changed.",
    "Toegewezen.": "Assigned.",
    "Termijn opgeslagen.": "Due date saved.",
    "Overdracht opgeslagen.": "Handover saved.",
    "Partnerlink ingetrokken: hij werkt niet meer.": "Partner link revoked: it no longer works.",
    "Er was geen werkende partnerlink.": "There was no working partner link.",
    "Termijnen opgeslagen.": "Service levels saved.",
    "Termijn": "Due date",
    "Leeftijd (oudste eerst)": "Age (oldest first)",
    "Medewerker": "Worker",
    "Vul een heel getal in.": "Fill in a whole number.",
    "Vul een geldige datum in.": "Fill in a valid date.",
    "Vul een aantal werkdagen in.": "Fill in a number of working days.",
    "Kies 1 tot %(max)s werkdagen.": "Choose 1 to %(max)s working days.",
    "Maximaal %(max)s tekens.": "At most %(max)s characters.",
    "Alle statussen": "All statuses",
    "Alleen te laat": "Overdue only",
    "Sorteren op": "Sort by",
    "Alle partners": "All partners",
    "De versie ontbreekt; laad de pagina opnieuw.":
        "The version is missing; reload the page.",
    "Notitie (optioneel)": "Note (optional)",
    "Nieuwe status": "New status",
    "Toewijzen aan": "Assign to",
    "Termijn (uiterlijk op)": "Due date (at the latest on)",
    "Afspraak met bewoner en partner": "Agreement with resident and partner",
    "Bewoner is akkoord met de overdracht": "Resident agrees to the handover",
    "Partner is bereikt": "Partner has been reached",
    "Datum afspraak (optioneel)": "Appointment date (optional)",
    "Link geldig (dagen)": "Link valid (days)",
    "Vul een aantal dagen in.": "Fill in a number of days.",
    "Kies 1 tot 60 dagen.": "Choose 1 to 60 days.",
    "geen termijn": "no due date",
    "onbekende straat": "unknown street",
    "niemand": "nobody",
    "gesloten %(date)s": "closed %(date)s",
    "Bord": "Board",
    "Lijst": "List",
    "Vandaag": "Today",
    "Termijnen": "Service levels",
    "alleen lezen": "read only",
    "Aantallen per status": "Counts per status",
    "%(n)s te laat": "%(n)s overdue",
    "Filteren en sorteren": "Filter and sort",
    "filter actief": "filter on",
    "%(num)s opvolging": ("%(num)s follow-up", "%(num)s follow-ups"),
    "pagina %(p)s van %(n)s": "page %(p)s of %(n)s",
    "Leeftijd": "Age",
    "%(num)s dag": ("%(num)s day", "%(num)s days"),
    "%(num)s dag oud": ("%(num)s day old", "%(num)s days old"),
    "Pagina’s": "Pages",
    "Vorige": "Previous",
    "Volgende": "Next",
    "Geen opvolgingen bij dit filter.": "No follow-ups match this filter.",
    "gesloten in de laatste 30 dagen; %(n)s in totaal": "closed in the last 30 days; %(n)s in all",
    "Niets.": "Nothing.",
    "Alle %(n)s in de lijst": "All %(n)s in the list",
    "Per medewerker (open werk)": "Per worker (open work)",
    "Open": "Open",
    "Te laat": "Overdue",
    "Niemand toegewezen": "Nobody assigned",
    "Geen open werk.": "No open work.",
    "Per partner": "Per partner",
    "Ligt er nu": "There now",
    "Bevestigd": "Confirmed",
    "Nog niets overgedragen.": "Nothing handed over yet.",
    "Terug naar het bord": "Back to the board",
    "Nieuwe partnerlink": "New partner link",
    "Stuur deze link naar %(partner)s. Hij is alleen nu te zien; eerdere links werken niet meer.":
        "Send this link to %(partner)s. It is shown only now; earlier links no longer work.",
    "Partnerlink": "Partner link",
    "Kopieer": "Copy",
    "Geldig tot %(when)s.": "Valid until %(when)s.",
    "Gekopieerd.": "Copied.",
    "Waar en wat": "Where and what",
    "Gesprek": "Conversation",
    "Aangemaakt": "Created",
    "Toegewezen aan": "Assigned to",
    "urgent": "urgent",
    "Geen hulpvragen vastgelegd.": "No help questions recorded.",
    "Aan de deur:": "At the door:",
    "Bij de opvolging:": "With the follow-up:",
    "Bewoner akkoord": "Resident agreed",
    "Partner bereikt": "Partner reached",
    "Afspraak": "Appointment",
    "Bevestigd door partner": "Confirmed by partner",
    "contact gelegd": "contact made",
    "opgepakt": "taken up",
    "nog niet": "not yet",
    "Dit inzien is vastgelegd in het logboek.": "This view has been recorded in the audit log.",
    "Geen naam of telefoon vastgelegd.": "No name or phone recorded.",
    "Naam en telefoon zijn persoonsgegevens. Elke keer dat je ze bekijkt wordt vastgelegd.":
        "Name and phone are personal data. Every time you view them it is recorded.",
    "Toon bewonersgegevens": "Show resident details",
    "Acties": "Actions",
    "Status wijzigen": "Change status",
    "Status opslaan": "Save status",
    "Vanuit deze status kan niets meer.": "Nothing more can be done from this status.",
    "Toewijzen": "Assign",
    "Termijn zetten": "Set due date",
    "Laat leeg om de termijn weg te halen.": "Leave empty to remove the due date.",
    "Termijn opslaan": "Save due date",
    "Overdragen aan partner": "Hand over to a partner",
    "Checklist": "Checklist",
    "Overdracht opslaan": "Save handover",
    "Met een link bevestigt %(partner)s zonder account dat het contact loopt.":
        "With a link, %(partner)s confirms without an account that the contact is under way.",
    "Werkende link van %(made)s, geldig tot %(until)s":
        "Working link from %(made)s, valid until %(until)s",
    "laatst gebruikt %(when)s": "last used %(when)s",
    "Nieuwe link maken": "Make a new link",
    "Links intrekken": "Revoke links",
    "Geschiedenis": "History",
    "aangemaakt": "created",
    "status": "status",
    "toegewezen": "assigned",
    "termijn": "due date",
    "partnerlink gemaakt": "partner link made",
    "bevestigd door partner": "confirmed by partner",
    "systeem": "system",
    "afspraak %(d)s": "appointment %(d)s",
    "partner bereikt": "partner reached",
    "geldig tot %(d)s": "valid until %(d)s",
    "Termijnen per soort": "Service levels per kind",
    "Binnen hoeveel werkdagen een nieuwe opvolging klaar moet zijn. Weekenden en feestdagen "
    "tellen niet mee.":
        "Within how many working days a new follow-up must be done. Weekends and public "
        "holidays do not count.",
    "Intussen gewijzigd": "Changed in the meantime",
    "Iemand anders heeft deze opvolging gewijzigd nadat jij de pagina opende. Je wijziging is "
    "nog niet opgeslagen. Vergelijk en kies.":
        "Someone else changed this follow-up after you opened the page. Your change has not "
        "been saved yet. Compare and choose.",
    "Jouw wijziging": "Your change",
    "Huidige stand": "Current state",
    "Laatste notitie": "Last note",
    "Toch mijn wijziging opslaan": "Save my change anyway",
    "Huidige stand houden": "Keep the current state",
    "Te laat per medewerker": "Overdue per worker",
    "Niets te laat.": "Nothing overdue.",
    "Te laat per buurt": "Overdue per neighbourhood",
    "Termijn vandaag tot en met %(day)s": "Due today up to and including %(day)s",
    "Geen termijnen de komende werkdagen.": "Nothing due in the coming working days.",
    "Nieuw sinds gisteren": "New since yesterday",
    "Niets nieuws.": "Nothing new.",
    "Bevestigd door partners sinds gisteren": "Confirmed by partners since yesterday",
    "Geen bevestigingen.": "No confirmations.",
    "Open en aan niemand toegewezen": "Open and assigned to nobody",
    "Alles heeft iemand.": "Everything has someone.",
    # Residents' rights (/beheer/bewoner).
    "Rechten van bewoners": "Residents' rights",
    "Inzien, meegeven en wissen wat over een bewoner is vastgelegd.":
        "See, hand over and erase what is recorded about a resident.",
    "Naam of opvolgingsnummer": "Name or follow-up number",
    "Vul een naam of opvolgingsnummer in.": "Enter a name or a follow-up number.",
    "Ik heb gecontroleerd dat dit de juiste bewoner is en wis naam, telefoon en notities. Dit kan niet ongedaan worden.":
        "I checked that this is the right resident and erase name, phone and notes. This cannot be undone.",
    "Vink aan om te bevestigen.": "Tick the box to confirm.",
    "Gegevens van de bewoner gewist: %(n)s opvolging(en).":
        "The resident\"s details were erased: %(n)s follow-up(s).",
    "Een bewoner vraagt wat we van hem of haar weten, wil het meenemen of wil gewist worden. Zoek op opvolgingsnummer of op de volledige naam (hoofdletters en spaties maken niet uit). Elke zoekvraag komt in het auditlog, zonder de naam.":
        "A resident asks what we know about them, wants to take it along or wants it erased. Search by follow-up number or by full name (capitals and spaces do not matter). Every search goes into the audit log, without the name.",
    "Zoeken": "Search",
    "Waar": "Where",
    "Bekijk alles": "See everything",
    "Niets gevonden. Een naam moet volledig zijn; gewiste gegevens zijn niet meer te vinden.":
        "Nothing found. A name must be complete; erased details can no longer be found.",
    "Gegevens van een bewoner": "A resident\"s details",
    "Nieuwe zoekvraag": "New search",
    "Alles wat Buurtronde over deze bewoner bewaart. Dit inzien is vastgelegd in het auditlog.":
        "Everything Buurtronde keeps about this resident. This view is recorded in the audit log.",
    "Download als JSON": "Download as JSON",
    "Wissen…": "Erase…",
    "Notitie": "Note",
    "Afgesloten": "Closed",
    "Partnerlinks": "Partner links",
    "Het gesprek": "The conversation",
    "Toestemming": "Consent",
    "Talenten": "Talents",
    "Geen talenten vastgelegd.": "No talents recorded.",
    "Gegevens van een bewoner wissen": "Erase a resident\"s details",
    "Dit wist naam, telefoonnummer, notities en afspraken van %(n)s opvolging(en), %(events)s notitie(s) in de geschiedenis en %(contact)s notitie(s) bij het gesprek, en trekt partnerlinks in.":
        "This erases name, phone number, notes and agreements of %(n)s follow-up(s), %(events)s note(s) in the history and %(contact)s note(s) of the conversation, and revokes partner links.",
    "Wat overblijft is anoniem: uitkomst, categorie, status en datums tellen mee in de rapportage.":
        "What remains is anonymous: outcome, category, status and dates still count in the reports.",
    "Definitief wissen": "Erase for good",
    # Request guard (odd input, issue 12).
    "Ongeldige invoer": "Invalid input",
    "De server kon dit verzoek niet lezen: het bevat tekens die niet in een formulier horen. "
    "Ga terug en probeer het opnieuw.":
        "The server could not read this request: it holds characters that do not belong in "
        "a form. Go back and try again.",
    # --- Accounts and sign-in (issue 12: sessions, passwords, account audit) ---
    "Accountgegevens gewijzigd": "Account details changed",
    "Wachtwoord gewijzigd": "Password changed",
    "Wachtwoord wijzigen geweigerd": "Password change refused",
    "Overal uitgelogd door beheerder": "Logged out everywhere by an administrator",
    "Uitgelogd (alle apparaten)": "Logged out (all devices)",
    "Een wachtwoord heeft minstens %(n)s tekens.": "A password has at least %(n)s characters.",
    "Een wachtwoord heeft hoogstens %(n)s tekens.": "A password has at most %(n)s characters.",
    "Dit wachtwoord staat in de lijst met veelgebruikte wachtwoorden; kies een ander.":
        "This password is on the list of commonly used passwords; choose another one.",
    "Dit wachtwoord bestaat uit bekende woorden (zoals een seizoen, een maand, een plaats- of buurtnaam of je eigen naam), hooguit met wat cijfers of leestekens erbij. Zulke wachtwoorden worden als eerste geprobeerd. Kies een paar losse woorden die niets met jou, je werk of de buurt te maken hebben.":
        "This password is made of known words (such as a season, a month, a place or neighbourhood name or your own name), at most with some digits or punctuation added. Such passwords are tried first. Choose a few unrelated words that have nothing to do with you, your work or the neighbourhood.",
    "Dit wachtwoord is te makkelijk te raden. Maak het langer, bijvoorbeeld met een paar losse woorden die niet over jou of Buurtronde gaan.":
        "This password is too easy to guess. Make it longer, for example with a few unrelated words that are not about you or Buurtronde.",
    "Vul een geldig e-mailadres in.": "Fill in a valid e-mail address.",
    "Er bestaat al een account met dit e-mailadres.": "An account with this e-mail address already exists.",
    "Kies een rol.": "Choose a role.",
    "Het account is niet aangemaakt.": "The account was not created.",
    "Je kunt je eigen beheerrechten niet intrekken.": "You cannot take away your own administrator rights.",
    "De wijziging is niet opgeslagen.": "The change was not saved.",
    "Het wachtwoord is niet gewijzigd.": "The password was not changed.",
    "Dit is niet je huidige wachtwoord.": "This is not your current password.",
    "Kies een ander wachtwoord dan je huidige.": "Choose a password other than your current one.",
    "Gebruiker niet gevonden.": "User not found.",
    "Te veel pogingen vanaf dit adres. Probeer het over een minuut opnieuw.":
        "Too many attempts from this address. Try again in a minute.",
    "Te veel mislukte pogingen voor dit e-mailadres. Probeer het over een uur opnieuw, of vraag de beheerder om hulp.":
        "Too many failed attempts for this e-mail address. Try again in an hour, or ask the administrator for help.",
    "Ja, beëindig alle sessies van dit account, op elk apparaat.":
        "Yes, end every session of this account, on every device.",
    "%(name)s is overal uitgelogd.": "%(name)s is logged out everywhere.",
    "Huidig wachtwoord": "Current password",
    "Nieuw wachtwoord": "New password",
    "Je wachtwoord is gewijzigd. Je bent op je andere apparaten uitgelogd.":
        "Your password has been changed. You are logged out on your other devices.",
    "Overal uitloggen": "Log out everywhere",
    "Overal uitloggen…": "Log out everywhere…",
    "%(name)s overal uitloggen": "Log %(name)s out everywhere",
    "Voor een kwijtgeraakte telefoon of een wachtwoord dat anderen kennen: elke browser en telefoon waarop dit account is ingelogd, moet daarna opnieuw inloggen. Het wachtwoord blijft hetzelfde; wijzig het ook als anderen het kennen.":
        "For a lost phone or a password others know: every browser and phone where this account is logged in must log in again afterwards. The password stays the same; change it too if others know it.",
    "Een telefoon bewaart wat nog niet verstuurd is en verstuurt het na opnieuw inloggen.":
        "A phone keeps what has not been sent yet and sends it after logging in again.",
    "Ingelogde apparaten": "Logged-in devices",
    "Een nieuw wachtwoord of deactiveren logt het account overal uit. Alleen uitloggen, zonder iets te wijzigen, kan hier.":
        "A new password or deactivation logs the account out everywhere. To only log out, without changing anything, use this.",
    "Wachtwoord wijzigen": "Change password",
    "Daarna ben je op al je andere apparaten uitgelogd; een telefoon bewaart wat nog niet verstuurd is tot je daar weer inlogt.":
        "Afterwards you are logged out on all your other devices; a phone keeps what has not been sent until you log in there again.",
    # --- issue 12, residents' rights, coordinators' privacy, the audit log in words ---
    "Status gewijzigd": "Status changed",
    "Toegewezen": "Assigned",
    "Termijn gewijzigd": "Due date changed",
    "Overgedragen aan partner": "Handed over to partner",
    "Partnerlink ingetrokken": "Partner link revoked",
    "Niet thuis": "Not at home",
    "Open, geen gesprek": "Opened, no conversation",
    "Geweigerd": "Refused",
    "Aan de deur": "At the door",
    "Bij de koffieplek": "At the coffee spot",
    "Op straat": "In the street",
    "Rondes (alle)": "Rounds (all)",
    "Versleuteling": "Encryption",
    "Contacten van een telefoon": "Contacts from a phone",
    "Gegevens naar een telefoon": "Data sent to a phone",
    "Bewaartermijnen": "Retention periods",
    "Import": "Import",
    "Export": "Export",
    "rol": "role",
    "van": "from",
    "naar": "to",
    "demo-account": "demo account",
    "e-mailadres": "email address",
    "reden": "reason",
    "naam": "name",
    "soort": "kind",
    "gewijzigd": "changed",
    "tot en met": "up to and including",
    "soort ronde": "kind of round",
    "hulpvraag": "help question",
    "buurt": "neighbourhood",
    "formaat": "format",
    "gezocht op": "searched by",
    "zoekwijze": "match",
    "gevonden": "found",
    "bestand": "file",
    "gelezen": "read",
    "ontvangen": "received",
    "nieuw": "new",
    "verwerkt": "applied",
    "bijgewerkt": "updated",
    "ongewijzigd": "unchanged",
    "gerepareerd": "repaired",
    "al ontvangen": "already received",
    "conflict": "conflict",
    "geweigerd": "refused",
    "klok telefoon verdacht": "phone clock suspect",
    "overgeslagen": "skipped",
    "redenen": "reasons",
    "straten uit adressen": "streets from addresses",
    "bevestigd": "confirmed",
    "al bevestigd": "already confirmed",
    "link": "link",
    "bij": "when",
    "ingetrokken": "revoked",
    "opvolgingen": "follow-ups",
    "notities in de geschiedenis": "notes in the history",
    "partnerlinks": "partner links",
    "notities bij het gesprek": "notes of the conversation",
    "contacten": "contacts",
    "hulpvragen": "help questions",
    "talenten": "talents",
    "opvolgingsnummers": "follow-up numbers",
    "bewaartermijn opvolging (dagen)": "follow-up retention (days)",
    "bewaartermijn contacten (maanden)": "contact retention (months)",
    "opvolgingen gesloten voor": "follow-ups closed before",
    "contacten van voor": "contacts from before",
    "termijnen": "due periods",
    "startgetal": "seed",
    "adressen": "addresses",
    "gebruikers": "users",
    "rondes": "rounds",
    "regels": "rows",
    "actie": "action",
    "wie": "who",
    "soort onderwerp": "kind of subject",
    "onderwerp": "subject",
    "al verwerkt": "already applied",
    "e-mailadres of wachtwoord onjuist": "wrong email address or password",
    "account staat uit": "account is deactivated",
    "onbekende link": "unknown link",
    "link ingetrokken": "link revoked",
    "link verlopen": "link expired",
    "team nam de overdracht terug": "the team took the handover back",
    "onbekende keuze": "unknown choice",
    "stap was al bevestigd": "step was already confirmed",
    "contactpersoon": "contact person",
    "telefoon": "phone",
    "adres": "address",
    "locatie": "location",
    "openingstijden": "opening hours",
    "wachtwoord": "password",
    "alle buurten": "all neighbourhoods",
    "alle soorten": "all kinds",
    "alle hulpvragen": "all help questions",
    "openen": "opening",
    "bevestigen": "confirming",
    "opvolgingsnummer": "follow-up number",
    "volledige naam": "full name",
    "deel van de naam": "part of the name",
    "per buurt": "per neighbourhood",
    "per straat": "per street",
    "Bevat een teken dat hier niet kan (zoals een onzichtbaar stuurteken). Typ het opnieuw.":
        "Contains a character that cannot be used here (such as an invisible control character). Please type it again.",
    "Hoogstens %(n)s tekens.": "At most %(n)s characters.",
    "Kies een actie uit de lijst.": "Choose an action from the list.",
    "account %(id)s (onbekend)": "account %(id)s (unknown)",
    "partner %(id)s (onbekend)": "partner %(id)s (unknown)",
    "ronde %(id)s (onbekend)": "round %(id)s (unknown)",
    "tabel %(name)s": "table %(name)s",
    "opvolging staat op %(status)s": "follow-up is %(status)s",
    "en %(n)s meer": "and %(n)s more",
    "zonder account": "without an account",
    "hele gemeente": "whole municipality",
    "Overig": "Other",
    "afspraak op %(day)s": "appointment on %(day)s",
    "%(what)s voor %(partner)s, geldig tot %(until)s": "%(what)s for %(partner)s, valid until %(until)s",
    "Bewoner akkoord met overdracht": "Resident agreed to the handover",
    "Afspraak bij de partner": "Appointment at the partner",
    "ingetrokken %(when)s": "revoked %(when)s",
    "geldig tot %(when)s": "valid until %(when)s",
    "link voor %(partner)s van %(made)s, %(state)s": "link for %(partner)s made %(made)s, %(state)s",
    "Hoe": "How",
    "Uitkomst": "Outcome",
    "Gesprek van %(when)s": "Conversation of %(when)s",
    "Ik heb gecontroleerd dat dit alles van de juiste bewoner is en wis naam, telefoon en notities. Dit kan niet ongedaan worden.":
        "I have checked that all of this belongs to the right resident and erase name, phone and notes. This cannot be undone.",
    "Alle acties": "All actions",
    "Naam van een account, partner, ronde of buurt, of het begin van een opvolgingsnummer.":
        "Name of an account, partner, round or neighbourhood, or the start of a follow-up number.",
    "Het filter klopt niet: kijk de gemarkeerde velden na.": "The filter is not right: check the marked fields.",
    "Notities en bewonersgegevens zijn alleen voor het team dat de opvolging doet.":
        "Notes and resident details are only for the team that does the follow-up.",
    "Opvolging %(n)s: %(kind)s": "Follow-up %(n)s: %(kind)s",
    "Notitie:": "Note:",
    "Geen gebeurtenissen.": "No events.",
    "Dit wist in één keer naam, telefoonnummer, notities en afspraken van %(n)s opvolging(en), %(events)s notitie(s) in de geschiedenis en %(contact)s notitie(s) bij het gesprek, en trekt partnerlinks in.":
        "This erases in one go the name, phone number, notes and agreements of %(n)s follow-up(s), %(events)s note(s) in the history and %(contact)s note(s) of the conversation, and revokes partner links.",
    "Deze opvolgingen": "These follow-ups",
    "aangemaakt %(day)s": "created %(day)s",
    "partner %(name)s": "partner %(name)s",
    "Deze gesprekken": "These conversations",
    "notities, huisnummer en GPS-punt gaan weg": "notes, house number and GPS point go",
    "Een bewoner vraagt wat we van hem of haar weten, wil het meenemen of wil gewist worden. Zoek op opvolgingsnummer, op de volledige naam of op een deel ervan (vanaf %(n)s letters; hoofdletters, accenten en spaties maken niet uit). Elke zoekvraag komt in het auditlog, zonder de naam.":
        "A resident asks what we know about them, wants to take it along or wants it erased. Search by follow-up number, by full name or by part of it (from %(n)s letters; capitals, accents and spaces do not matter). Every search goes into the audit log, without the name.",
    "%(num)s bewoner. Hier staan geen namen: kies op buurt, straat en datum, en controleer de naam op de volgende pagina.": (
        "%(num)s resident. No names here: choose by neighbourhood, street and date, and check the name on the next page.",
        "%(num)s residents. No names here: choose by neighbourhood, street and date, and check the name on the next page."),
    "onbekende buurt": "unknown neighbourhood",
    "eerste contact %(day)s": "first contact %(day)s",
    "En nog %(num)s bewoner: typ meer van de naam om die te zien.": (
        "And %(num)s more resident: type more of the name to see them.",
        "And %(num)s more residents: type more of the name to see them."),
    "Niets gevonden. Gewiste gegevens zijn niet meer te vinden.": "Nothing found. Erased details can no longer be found.",
    "Wat Buurtronde over u heeft vastgelegd": "What Buurtronde has recorded about you",
    "Druk dit overzicht af of bewaar het als PDF (kies in het afdrukvenster \"Opslaan als PDF\") en geef het aan de bewoner.":
        "Print this overview or save it as a PDF (choose \"Save as PDF\" in the print dialog) and give it to the resident.",
    "Afdrukken of opslaan als PDF": "Print or save as PDF",
    "Opgesteld op %(when)s, op uw verzoek (inzage, artikel 15 AVG).":
        "Made on %(when)s, at your request (access, article 15 GDPR).",
    "Bekend als: %(names)s.": "Known as: %(names)s.",
    "Waarom wij dit hebben": "Why we have this",
    "Een buurtwerker sprak u aan de deur, op straat of bij de koffieplek. U gaf toestemming om contact met u op te nemen over uw vraag. Daarvoor bewaren wij uw naam en telefoonnummer en korte notities van het team. Uw naam, telefoonnummer en notities zijn versleuteld opgeslagen.":
        "A neighbourhood worker spoke with you at the door, in the street or at the coffee spot. You agreed that we contact you about your question. For that we keep your name and phone number and short notes of the team. Your name, phone number and notes are stored encrypted.",
    "Wij wissen uw naam, telefoonnummer en de notities bij uw opvolging %(days)s dagen nadat de opvolging is afgerond, en de notities van het gesprek na %(months)s maanden. U kunt ook vragen om alles nu te wissen.":
        "We erase your name, phone number and the notes of your follow-up %(days)s days after the follow-up is completed, and the notes of the conversation after %(months)s months. You can also ask us to erase everything now.",
    "Vragen over dit overzicht, of wilt u dat wij iets verbeteren of wissen? Neem contact op met de organisatie die u dit overzicht gaf.":
        "Questions about this overview, or do you want us to correct or erase something? Contact the organisation that gave you this overview.",
    "Kenmerk: %(id)s": "Reference: %(id)s",
    "Alles wat Buurtronde over deze bewoner bewaart: %(f)s en %(c)s. Dit inzien is vastgelegd in het auditlog.":
        "Everything Buurtronde keeps about this resident: %(f)s and %(c)s. This view is recorded in the audit log.",
    "%(num)s gesprek": ("%(num)s conversation", "%(num)s conversations"),
    "Overzicht voor de bewoner (afdrukken of PDF)": "Overview for the resident (print or PDF)",
    "Alles wissen…": "Erase everything…",
    # Phone sync (issue 12): poison items refused alone.
    "Deze tekst bevat een onzichtbaar of beschadigd teken dat niet kan worden opgeslagen. Typ de tekst opnieuw.":
        "This text contains an invisible or damaged character that cannot be stored. Type the text again.",
    "De server kon dit record niet opslaan. Pas het aan en verstuur het opnieuw; lukt dat niet, meld het dan aan je coördinator.":
        "The server could not store this record. Change it and send it again; if that does not work, tell your coordinator.",
    "auditregels van voor": "audit entries from before",
    "auditregels": "audit entries",
    "bewaartermijn auditlog (maanden)": "audit log retention (months)",
    "overal uitgelogd": "logged out everywhere",
    "Contacten tellen op de dag dat ze gelogd zijn. Deuren aangebeld zijn verschillende deuren (een "
    "adres telt één keer, hoe vaak er ook is aangebeld); deuren open zijn daarvan de deuren waar "
    "iemand minstens één keer opendeed (met of zonder gesprek). Gesprekken tellen in elke setting. "
    "Straten bezocht: straten waar het team aan de deur of op straat was; de straat waar een bezoeker "
    "van de koffieplek woont telt als bereik, niet als bezoek.":
        "Contacts count on the day they were logged. Doors knocked are distinct doors (an address "
        "counts once, however often someone rang); doors opened are those where someone opened at "
        "least once (with or without a conversation). Conversations count in every setting. "
        "Streets visited: streets where the team was at the door or on the street; the street a "
        "coffee-spot visitor lives in counts as reach, not as a visit.",
    # Rate-limit store out of reach (issue 12).
    "Even niet beschikbaar": "Briefly unavailable",
    "Inloggen en partnerlinks zijn even niet beschikbaar: de server kan zijn tellers niet "
    "bereiken. Probeer het over een minuut opnieuw.":
        "Logging in and partner links are briefly unavailable: the server cannot reach its "
        "counters. Try again in a minute.",
    # Reports: rounded small numbers, dates with years, print (issue 11, report helper).
    'Aantallen over bewoners zijn afgerond op vijftallen; "<5" is 1 tot 4, "–" is niet te '
    'geven.':
        'Counts about residents are rounded to multiples of 5; "<5" is 1 to 4, "–" cannot be '
        'given.',
    "Hoe we afronden": "How we round",
    'Kleine aantallen: elk aantal over bewoners (hulpvragen, talenten, opvolging, '
    'overdrachten) is afgerond op een veelvoud van 5, zoals het CBS aantallen per buurt '
    'publiceert. We ronden de kleinste cellen (één buurt, één categorie, één urgentie) één '
    'keer af, naar boven of naar beneden, met een kans die het gemiddelde zuiver houdt; '
    'dezelfde bewoners ronden altijd op dezelfde manier af. Elk totaal, elk thema en de hele '
    'gemeente is de som van die afgeronde cellen, zodat je met optellen of aftrekken nooit '
    'een klein aantal terugvindt, ook niet tussen het rapport van een buurt en dat van de '
    'gemeente. "<5" betekent: 1 tot 4, in één cel; 0 is echt niemand; een aantal dat niet 0 '
    'is, staat er minstens als 5. Een totaal wijkt daardoor per cel hoogstens 4 af van de '
    'echte telling, gemiddeld 0. Een percentage of de mediaan van opvolging staat er alleen '
    'als er zeker 5 bewoners achter zitten, anders "–". Ons eigen werk (deuren, gesprekken, '
    'koffieplek, straten, rondes) staat er exact.':
        'Small numbers: every count about residents (help questions, talents, follow-ups, '
        'handovers) is rounded to a multiple of 5, as CBS publishes counts per neighbourhood. '
        'We round the smallest cells (one neighbourhood, one category, one urgency) once, up '
        'or down, with a chance that keeps the average true; the same residents always round '
        'the same way. Every total, every theme and the whole municipality is the sum of '
        'those rounded cells, so adding or subtracting never brings back a small number, not '
        'even between the report of a neighbourhood and that of the municipality. "<5" '
        'means: 1 to 4, in one cell; 0 is really nobody; a count that is not 0 shows as at '
        'least 5. So a total differs from the true count by at most 4 per cell, 0 on '
        'average. A percentage or the median of follow-ups is given only when at least 5 '
        'residents are certain behind it, otherwise "–". Our own work (doors, '
        'conversations, coffee spot, streets, rounds) is exact.',
    # Coverage on /plan and the buurt page (issue 11): doors as doors, coffee-spot reach.
    "alleen andere soort ronde": "only another kind of round",
    "bereikt bij koffieplek of op straat": "reached at the coffee spot or on the street",
    "aan de deur: minder dan 25%": "at the door: under 25%",
    "aan de deur: 25–50%": "at the door: 25–50%",
    "aan de deur: 50–75%": "at the door: 50–75%",
    "aan de deur: 75% of meer": "at the door: 75% or more",
    "meer dan 90 dagen geleden": "more than 90 days ago",
    "30–90 dagen geleden": "30–90 days ago",
    "minder dan 30 dagen geleden": "less than 30 days ago",
    "niet gelopen, wel bewoners bij de koffieplek":
        "not walked, but residents came to the coffee spot",
    "%(num)s nummer niet in de adressenlijst":
        ("%(num)s number not in the address list", "%(num)s numbers not in the address list"),
    "Deuren bereikt: %(reached)s van %(known)s (%(share)s)":
        "Doors reached: %(reached)s of %(known)s (%(share)s)",
    "Straten zonder adressen: %(visited)s van %(total)s bezocht":
        "Streets without addresses: %(visited)s of %(total)s visited",
    "Koffieplek: %(visitors)s bezoekers, %(talks)s gesprekken":
        "Coffee spot: %(visitors)s visitors, %(talks)s conversations",
    "Bezoekers wonen in %(num)s bekende straat":
        ("Visitors live in %(num)s known street", "Visitors live in %(num)s known streets"),
    "Woonstraat van bezoekers niet genoemd": "Visitors' streets not given",
    "Met een andere soort ronde: %(n)s contacten": "With another kind of round: %(n)s contacts",
    "Deuren bereikt: %(reached)s van %(known)s": "Doors reached: %(reached)s of %(known)s",
    "Bezoekers koffieplek: %(n)s": "Coffee-spot visitors: %(n)s",
    "Aan de deur: aandeel bekende deuren (adressen) bereikt in de gekozen periode; in een buurt zonder adressen het aandeel straten. Een buurt met contacten is nooit “niets bezocht”.":
        "At the door: share of known doors (addresses) reached in the chosen period; in a neighbourhood without addresses the share of streets. A neighbourhood with contacts is never “nothing visited”.",
    "Alleen rondes van de gekozen soort tellen mee.": "Only rounds of the chosen kind count.",
    "Niets te tonen met deze filters.": "Nothing to show with these filters.",
    "Deuren bereikt": "Doors reached",
    "Niet in de adressenlijst": "Not in the address list",
    "Straten bezocht": "Streets visited",
    "%(reached)s van %(known)s": "%(reached)s of %(known)s",
    "%(visited)s van %(total)s": "%(visited)s of %(total)s",
    "waarvan zonder adressen: %(visited)s van %(total)s":
        "of which without addresses: %(visited)s of %(total)s",
    "%(visitors)s bezoekers, %(talks)s gesprekken":
        "%(visitors)s visitors, %(talks)s conversations",
    "wonen in %(num)s bekende straat":
        ("live in %(num)s known street", "live in %(num)s known streets"),
    "woonstraat niet genoemd": "street not given",
    "(aan de deur %(door)s, bij de koffieplek %(spot)s, op straat %(street)s)":
        "(at the door %(door)s, at the coffee spot %(spot)s, on the street %(street)s)",
    "met een andere soort ronde: %(n)s": "with another kind of round: %(n)s",
    "Een deur is een adres uit de adressenlijst (12a, 12 A en 12-A zijn één deur); een deur telt één keer, hoe vaak er ook is aangebeld. Nummers die niet in de lijst staan, tellen apart. Koffieplekbezoekers tellen als bereik, niet als deuren.":
        "A door is an address from the address list (12a, 12 A and 12-A are one door); a door counts once, however often it was rung. Numbers not in the list count apart. Coffee-spot visitors count as reach, not as doors.",
    "Niet in adressenlijst": "Not in address list",
    "Bezoekers koffieplek": "Coffee-spot visitors",
    "geen adressen bekend": "no addresses known",
}


def main() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        english = GLOSSARY.get(message.id if isinstance(message.id, str) else message.id[0])
        if english:
            if message.pluralizable and isinstance(english, str):
                english = (english, english)
            message.string = english
            message.flags.discard("fuzzy")
        elif not message.string or "fuzzy" in message.flags:
            # pybabel's guess from a similar old text is not a translation: say so.
            message.string = ("", "") if message.pluralizable else ""
            message.flags.discard("fuzzy")
            missing.append(message.id)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")


if __name__ == "__main__":
    main()
