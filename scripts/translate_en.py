"""Fill the English catalogue from the glossary below (run by `make translations`).

Dutch is the source language; this keeps the English wording in one reviewable place.
Strings missing here stay untranslated (shown in Dutch) and are listed on stdout.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "outreach/translations/en/LC_MESSAGES/messages.po"

GLOSSARY = {
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
            message.string = english
            message.flags.discard("fuzzy")
        elif not message.string:
            missing.append(message.id)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")


if __name__ == "__main__":
    main()
