/* Dutch labels for the domain's values (the server speaks in codes). */
(function (global) {
  'use strict';
  const labels = {
    outcome: {
      niet_thuis: 'Niet thuis',
      open_geen_gesprek: 'Open, geen gesprek',
      gesprek: 'Gesprek',
      geweigerd: 'Geweigerd',
    },
    roundKind: { bloemen: 'Bloemenronde', koffie: 'Koffie (bakfiets)', anders: 'Ronde' },
    roundStatus: { gepland: 'gepland', bezig: 'bezig', afgerond: 'afgerond' },
    consent: {
      geen: 'Geen toestemming',
      anoniem: 'Anoniem vastleggen',
      opvolging: 'Mag opgevolgd worden',
    },
    helpCategory: {
      eenzaamheid: 'Eenzaamheid',
      geld_schulden: 'Geld & schulden',
      inkomen_regelingen: 'Inkomen & regelingen',
      wonen: 'Wonen',
      werk: 'Werk',
      gezondheid: 'Gezondheid',
      psychisch: 'Psychisch',
      taal: 'Taal',
      opvoeding: 'Opvoeding',
      juridisch: 'Juridisch',
      veiligheid: 'Veiligheid',
      leefbaarheid: 'Leefbaarheid',
      anders: 'Anders',
    },
    urgency: { laag: 'laag', normaal: 'normaal', hoog: 'hoog' },
    talentKind: {
      vrijwilligerswerk: 'Vrijwilligerswerk',
      koken: 'Koken',
      taal: 'Taal',
      klussen: 'Klussen',
      creatief: 'Creatief',
      zorg: 'Zorg',
      anders: 'Anders',
    },
    followUpKind: {
      terugbellen: 'Terugbellen',
      huisbezoek: 'Huisbezoek',
      warme_overdracht: 'Warme overdracht',
      informatie: 'Informatie sturen',
    },
    followUpStatus: {
      open: 'open', bezig: 'bezig', overgedragen: 'overgedragen', afgerond: 'afgerond',
      niet_bereikbaar: 'niet bereikbaar', geannuleerd: 'geannuleerd',
    },
    partnerKind: {
      wijkteam: 'Wijkteam', schuldhulp: 'Schuldhulp', huisarts: 'Huisarts',
      sociaal_makelaar: 'Sociaal makelaar', wijkagent: 'Wijkagent',
      woningcorporatie: 'Woningcorporatie', taalhuis: 'Taalhuis', voedselbank: 'Voedselbank',
      ontmoetingsplek: 'Ontmoetingsplek', vrijwilligerscentrale: 'Vrijwilligerscentrale',
    },
  };
  global.Buurtronde = global.Buurtronde || {};
  global.Buurtronde.labels = labels;
})(self);
